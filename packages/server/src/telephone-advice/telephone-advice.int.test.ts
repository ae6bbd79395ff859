import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { minimalPdf, minimalPng } from '../documents/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { multipartBody, multipartContentType } from '../testing/multipart.ts';

let t: TestApp;
let gp: string;
let gpId: string;
let otherGp: string;
let maternityOffice: string;
let neurologyOffice: string;
let patientUser: string;
let transmural: string;

const BSN = '999990020';
const advice = (over: Record<string, unknown> = {}) => ({
  patient: {
    bsn: '9999 90 020',
    givenName: 'Sara',
    familyName: 'Verhoeven',
    birthDate: '1991-07-14',
    street: 'Albinusdreef',
    houseNumber: '2',
    postcode: '2333za',
    city: 'Leiden',
  },
  departmentId: 'maternity',
  consultedSpecialist: 'Dr. M. de Wit, gynaecoloog',
  consultedOn: '2026-02-03',
  advice: 'Start low-dose aspirin; refer if the blood pressure rises above 140/90.',
  supplementaryInfo: 'G2P1, 14 weeks pregnant; pre-eclampsia in the first pregnancy.',
  ...over,
});

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (url: string, cookie: string, payload: object, key?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });
const upload = (id: string, cookie: string, data: Buffer, filename: string, type: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/telephone-advice/${id}/consent`,
    headers: { cookie, 'content-type': multipartContentType },
    payload: multipartBody([{ name: 'file', filename, type, data }]),
  });

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, ' ');
}

const auditOf = (eventType: string) =>
  t.app.loket.db
    .selectFrom('audit_event')
    .selectAll()
    .where('event_type', '=', eventType)
    .orderBy('seq', 'desc')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  const g = await t.createUser(['referrer'], { agbCode: '01999001' });
  gpId = g.id;
  gp = await t.signIn(g.email);
  otherGp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999002' })).email);
  maternityOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['maternity'] })).email,
  );
  neurologyOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['neurology'] })).email,
  );
  patientUser = await t.signIn((await t.createUser(['patient'])).email);
  transmural = await t.signIn((await t.createUser(['transmural-team'])).email);
});
afterAll(() => t?.close());

describe('telephone advice records and consent', () => {
  let id: string;

  it('R-TEL-01: the referrer records BSN, name, date of birth, address, the advice and supplementary information; a double click makes one record', async () => {
    const first = await post('/api/telephone-advice', gp, advice(), 'tel-advice-key-1');
    expect(first.statusCode).toBe(201);
    id = first.json().id;
    expect(first.json()).toMatchObject({
      reference: expect.stringMatching(/^TA-\d{4}-\d{6}$/),
      state: 'awaiting-consent',
      access: 'recorder',
      patient: {
        bsn: BSN,
        familyName: 'Verhoeven',
        birthDate: '1991-07-14',
        street: 'Albinusdreef',
        houseNumber: '2',
        postcode: '2333 ZA',
      },
      departmentId: 'maternity',
      consultedOn: '2026-02-03',
      advice: expect.stringMatching(/aspirin/),
      supplementaryInfo: expect.stringMatching(/pre-eclampsia/),
      consent: null,
      filedAt: null,
    });
    const again = await post('/api/telephone-advice', gp, advice(), 'tel-advice-key-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(id);
    const count = await t.app.loket.db
      .selectFrom('telephone_advice')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('R-TEL-01: a BSN failing the 11-test, a missing advice and an unknown department are refused, fields named', async () => {
    const bad = await post(
      '/api/telephone-advice',
      gp,
      advice({ patient: { ...advice().patient, bsn: '999990021' }, advice: '' }),
    );
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['patient.bsn', 'advice']));
    const unknown = await post('/api/telephone-advice', gp, advice({ departmentId: 'no-such-department' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems).toEqual([{ path: 'departmentId', message: expect.any(String) }]);
  });

  it('R-CON-02: without consent the record stays apart: the department cannot see it and the patient is not registered', async () => {
    expect((await get(`/api/telephone-advice/${id}`, maternityOffice)).statusCode).toBe(404);
    expect((await get('/api/telephone-advice', maternityOffice)).json().records).toEqual([]);
    const mine = (await get('/api/telephone-advice', gp)).json().records;
    expect(mine).toEqual([
      expect.objectContaining({
        id,
        state: 'awaiting-consent',
        access: 'recorder',
        patientName: 'Sara Verhoeven',
      }),
    ]);
    expect(JSON.stringify(mine)).not.toContain(BSN);
    const registered = await t.app.loket.db
      .selectFrom('patient')
      .select('id')
      .where('bsn', '=', BSN)
      .executeTakeFirst();
    expect(registered).toBeUndefined();
    const file = await post('/api/telephone-advice/patient-file', maternityOffice, { bsn: BSN });
    expect(file.json()).toEqual({ patient: null, records: [] });
  });

  it('R-SEC-03: another referrer, the patient and the transmural team cannot reach it', async () => {
    expect((await get(`/api/telephone-advice/${id}`, otherGp)).statusCode).toBe(404);
    expect((await get(`/api/telephone-advice/${id}/consent-form`, otherGp)).statusCode).toBe(404);
    expect((await upload(id, otherGp, minimalPdf(), 'c.pdf', 'application/pdf')).statusCode).toBe(404);
    expect((await get(`/api/telephone-advice/${id}`, patientUser)).statusCode).toBe(403);
    expect((await post('/api/telephone-advice', transmural, advice())).statusCode).toBe(403);
    expect((await post('/api/telephone-advice/patient-file', gp, { bsn: BSN })).statusCode).toBe(403);
  });

  it('R-CON-02: the consent form prints blank, or from the record with name and date of birth (not the BSN)', async () => {
    const blank = await get('/api/telephone-advice/consent-form?lang=nl', gp);
    expect(blank.statusCode).toBe(200);
    expect(blank.headers['content-type']).toBe('application/pdf');
    expect(blank.headers['content-disposition']).toMatch(/^attachment;/);
    const blankText = await pdfText(blank.rawPayload);
    expect(blankText).toContain('Toestemmingsverklaring vastleggen telefonisch advies in dossier');
    expect(blankText).not.toContain('Verhoeven');

    const filled = await get(`/api/telephone-advice/${id}/consent-form?lang=en`, gp);
    expect(filled.statusCode).toBe(200);
    const text = await pdfText(filled.rawPayload);
    expect(text).toContain('Consent declaration for recording telephone advice in the hospital file');
    expect(text).toContain('Sara Verhoeven');
    expect(text).toContain('14 July 1991');
    expect(text).not.toContain(BSN);
  });

  it('R-CON-02: only a PDF or an image is taken as the signed declaration', async () => {
    const text = await upload(id, gp, Buffer.from('I agree.\n'), 'consent.txt', 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'upload-refused', reason: 'type-not-allowed' });
    expect((await get(`/api/telephone-advice/${id}`, gp)).json().state).toBe('awaiting-consent');
  });

  it('R-CON-02: with the signed consent uploaded the record joins the patient file; the same upload twice is harmless, another is refused', async () => {
    const pdf = minimalPdf();
    const filed = await upload(id, gp, pdf, 'toestemming.pdf', 'application/pdf');
    expect(filed.statusCode).toBe(200);
    expect(filed.json()).toMatchObject({
      state: 'in-file',
      consent: { filename: 'toestemming.pdf', mediaType: 'application/pdf', size: pdf.length },
      filedAt: expect.any(String),
    });
    const row = await t.app.loket.db
      .selectFrom('telephone_advice')
      .innerJoin('patient', 'patient.id', 'telephone_advice.patient_id')
      .select(['patient.bsn', 'patient.family_name', 'patient.postcode'])
      .where('telephone_advice.id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ bsn: BSN, family_name: 'Verhoeven', postcode: '2333 ZA' });

    expect((await upload(id, gp, pdf, 'toestemming.pdf', 'application/pdf')).statusCode).toBe(200);
    const other = await upload(id, gp, minimalPng(), 'photo.png', 'image/png');
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('telephone-advice-filed');
  });

  it('R-CON-02, R-SEC-03: once in the file the department sees the advice and the consent; another department does not', async () => {
    const seen = await get(`/api/telephone-advice/${id}`, maternityOffice);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ access: 'department', advice: expect.stringMatching(/aspirin/) });
    expect((await get('/api/telephone-advice', maternityOffice)).json().records).toEqual([
      expect.objectContaining({ id, access: 'department', state: 'in-file' }),
    ]);
    const consent = await get(`/api/telephone-advice/${id}/consent`, maternityOffice);
    expect(consent.statusCode).toBe(200);
    expect(consent.headers['content-disposition']).toMatch(/^attachment;/);
    expect(consent.rawPayload.equals(minimalPdf())).toBe(true);
    // Staff of the department cannot replace the consent.
    expect((await upload(id, maternityOffice, minimalPdf(), 'x.pdf', 'application/pdf')).statusCode).toBe(
      403,
    );

    expect((await get(`/api/telephone-advice/${id}`, neurologyOffice)).statusCode).toBe(404);
    expect((await get(`/api/telephone-advice/${id}/consent`, neurologyOffice)).statusCode).toBe(404);
    expect((await get('/api/telephone-advice', neurologyOffice)).json().records).toEqual([]);
  });

  it('R-CON-02, R-SEC-03: the patient file shows the filed advice to staff whose department has the patient, nobody else', async () => {
    const file = await post('/api/telephone-advice/patient-file', maternityOffice, { bsn: '999 990 020' });
    expect(file.statusCode).toBe(200);
    expect(file.json()).toMatchObject({
      patient: { name: 'Sara Verhoeven', birthDate: '1991-07-14' },
      records: [{ id, state: 'in-file', access: 'department', advice: expect.stringMatching(/aspirin/) }],
    });
    expect((await post('/api/telephone-advice/patient-file', neurologyOffice, { bsn: BSN })).json()).toEqual({
      patient: null,
      records: [],
    });
    const bad = await post('/api/telephone-advice/patient-file', maternityOffice, { bsn: '123456789' });
    expect(bad.statusCode).toBe(400);
  });

  it('R-SEC-01: recording, reading, the consent and the patient file are audited, with the patient once filed and never the BSN', async () => {
    const [created] = await auditOf('telephone-advice.create');
    expect(created).toMatchObject({ action: 'C', object_id: id, user_id: gpId, outcome: 'success' });
    const [consent] = await auditOf('telephone-advice.consent');
    expect(consent).toMatchObject({ action: 'U', object_id: id, patient_id: expect.any(String) });
    expect(consent!.details).toMatchObject({ from: 'awaiting-consent', to: 'in-file' });
    const reads = await auditOf('telephone-advice.read');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const files = await auditOf('telephone-advice.patient-file');
    expect(files.find((f) => f.outcome === 'success')).toMatchObject({
      action: 'R',
      patient_id: consent!.patient_id,
    });
    expect(files.filter((f) => f.outcome === 'not-found')).toHaveLength(2);
    expect((await auditOf('telephone-advice.consent-download'))[0]).toMatchObject({ action: 'R' });
    expect((await auditOf('telephone-advice.consent-form'))[0]).toMatchObject({ action: 'R', object_id: id });
    const all = await t.app.loket.db.selectFrom('audit_event').select(['details', 'object_id']).execute();
    expect(JSON.stringify(all)).not.toContain(BSN);
  });

  it('documents its routes in the OpenAPI description', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/telephone-advice',
        '/api/telephone-advice/{id}/consent',
        '/api/telephone-advice/patient-file',
      ]),
    );
  });
});
