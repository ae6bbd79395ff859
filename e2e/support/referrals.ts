import type { Browser, Page, TestInfo } from '@playwright/test';
import { expect, SignInPage } from './fixtures.ts';

/** Demo accounts of the referral loop (README). */
export const GP = 'huisarts@demo.loket.nl';
export const BACK_OFFICE = 'backoffice@demo.loket.nl';
export const TRIAGE = 'triage@demo.loket.nl';
export const SPECIALIST_NAME = 'Dr. Gijs Mulder (internist)';

/** A BSN from the official test range (R-ID-01) that passes the 11-test, different per seed. */
export function testBsn(seed: number): string {
  for (let n = 999990000 + ((seed * 97) % 9000); n < 999999999; n++) {
    const s = String(n);
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(s[i]) * (9 - i);
    sum -= Number(s[8]);
    if (sum !== 0 && sum % 11 === 0) return s;
  }
  throw new Error('no test BSN');
}

/** A tiny valid PDF, as a scanner would make of a faxed letter. */
export function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A second person at another desk: their own browser context, signed in through the real form. */
export async function signedIn(browser: Browser, testInfo: TestInfo, email: string): Promise<Page> {
  const use = testInfo.project.use;
  const context = await browser.newContext({
    baseURL: use.baseURL,
    locale: use.locale,
    timezoneId: use.timezoneId,
  });
  const page = await context.newPage();
  await new SignInPage(page).as(email);
  return page;
}

export interface PatientData {
  bsn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

/** Page object for the referral form (new referral, draft) and the register form's shared fields. */
export class ReferralFormPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** From the department page in the guide, as a signed-in referrer does. */
  async startFromGuide(departmentId: string) {
    await this.page.goto(`/guide/${departmentId}`);
    await this.page.getByTestId('refer-here').click();
    await expect(this.page.getByTestId('referral-form')).toBeVisible();
  }

  async fillPatient(p: PatientData) {
    const f = this.page;
    await f.getByTestId('patient-bsn').fill(p.bsn);
    await f.getByTestId('patient-given-name').fill(p.givenName);
    await f.getByTestId('patient-family-name').fill(p.familyName);
    await f.getByTestId('patient-birth-date').fill(p.birthDate);
    await f.getByTestId('patient-street').fill('Albinusdreef');
    await f.getByTestId('patient-house-number').fill('2');
    await f.getByTestId('patient-postcode').fill('2333za');
    await f.getByTestId('patient-city').fill('Leiden');
    await f.getByTestId('patient-phone').fill('071 526 9111');
  }

  async fillFamilyDoctor() {
    await this.page.getByTestId('family-doctor-name').fill('Dr. Anna de Vries');
    await this.page.getByTestId('family-doctor-agb').fill('01999001');
    await this.page.getByTestId('family-doctor-email').fill('huisarts@demo.loket.nl');
  }

  async fillLetter(items: Record<string, string>) {
    for (const [item, text] of Object.entries(items))
      await this.page.getByTestId(`letter-${item}`).fill(text);
  }

  missing() {
    return this.page.getByTestId('completeness-panel').getByTestId('missing-item');
  }

  async send() {
    await this.page.getByTestId('send-referral').click();
  }
}

/** Page object for one referral: its state, its steps and its timeline. */
export class ReferralPageObject {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  state() {
    return this.page.getByTestId('referral-state');
  }
  async expectState(state: string) {
    await expect(this.state()).toHaveAttribute('data-state', state);
  }
  async reference(): Promise<string> {
    const heading = await this.page.getByRole('heading', { level: 1 }).innerText();
    const m = /VW-\d{4}-\d{6}/.exec(heading);
    if (!m) throw new Error(`no reference in "${heading}"`);
    return m[0];
  }
  /** Opens a step's dialog. */
  async open(action: string) {
    await this.page.getByTestId(`action-${action}`).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    return dialog;
  }
  async submitDialog() {
    await this.page.getByRole('dialog').getByTestId('dialog-submit').click();
    await expect(this.page.getByRole('dialog')).toBeHidden();
  }
  timelineTypes() {
    return this.page
      .getByTestId('timeline-event')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
  }
}
