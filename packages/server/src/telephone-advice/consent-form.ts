import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content } from 'pdfmake';
import { formatLetterDate, type LetterLanguage } from '../letters/templates.ts';

/**
 * The printable consent declaration (R-CON-02), "Toestemmingsverklaring vastleggen telefonisch advies in
 * dossier", in Dutch or English. Printed blank, or from a record with the patient's name and date of birth
 * (never the BSN) and the consultation filled in. Everything supplied goes into plain text nodes.
 */
export interface ConsentFormInput {
  language: LetterLanguage;
  hospitalName: string;
  /** YYYY-MM-DD: the day it was printed. */
  printedOn: string;
  record?: {
    reference: string;
    patientName: string;
    birthDate: string;
    department: string;
    consultedOn: string;
    recordedBy: string;
  };
}

type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0];

const TEXT = {
  nl: {
    title: 'Toestemmingsverklaring vastleggen telefonisch advies in dossier',
    intro: (h: string) =>
      `Uw huisarts, verloskundige of andere zorgverlener heeft telefonisch overlegd met een zorgverlener van ${h} over uw zorg. ` +
      `Om dit advies zorgvuldig vast te leggen, wil ${h} het opnemen in een dossier op uw naam. Dat gebeurt alleen met uw toestemming.`,
    patient: 'Gegevens van de patiënt',
    name: 'Naam',
    birthDate: 'Geboortedatum',
    consultation: 'Het telefonisch overleg',
    reference: 'Kenmerk',
    department: 'Afdeling of specialist',
    consultedOn: 'Datum van het overleg',
    recordedBy: 'Vastgelegd door',
    declaration: 'Verklaring',
    statements: (h: string) => [
      `Ik geef ${h} toestemming om het telefonisch gegeven advies over mij vast te leggen in een dossier op mijn naam.`,
      'Ik geef toestemming om daarbij mijn burgerservicenummer, naam, geboortedatum en adres vast te leggen, met de relevante aanvullende informatie uit het dossier van mijn verwijzer.',
      'Ik weet dat ik deze toestemming op elk moment kan intrekken, en dat ik mag zien wie mijn gegevens heeft ingezien.',
    ],
    signature: 'Handtekening van de patiënt (of wettelijk vertegenwoordiger)',
    representative: 'Naam van de wettelijk vertegenwoordiger (indien van toepassing)',
    place: 'Plaats',
    date: 'Datum',
    handIn:
      'Geef deze verklaring ondertekend terug aan uw zorgverlener. Die voegt een scan of foto ervan toe aan het telefonisch advies in Loket.',
    printed: (d: string) => `Afgedrukt op ${d}`,
  },
  en: {
    title: 'Consent declaration for recording telephone advice in the hospital file',
    intro: (h: string) =>
      `Your family doctor, midwife or other care provider consulted a care provider of ${h} by telephone about your care. ` +
      `To record this advice carefully, ${h} would like to add it to a file in your name. This is only done with your consent.`,
    patient: 'The patient',
    name: 'Name',
    birthDate: 'Date of birth',
    consultation: 'The telephone consultation',
    reference: 'Reference',
    department: 'Department or specialist',
    consultedOn: 'Date of the consultation',
    recordedBy: 'Recorded by',
    declaration: 'Declaration',
    statements: (h: string) => [
      `I consent to ${h} recording the advice given by telephone about me in a file in my name.`,
      'I consent to my citizen service number (BSN), name, date of birth and address being recorded with it, together with relevant supplementary information from my referrer\u2019s file.',
      'I know that I may withdraw this consent at any time, and that I may see who has accessed my data.',
    ],
    signature: 'Signature of the patient (or legal representative)',
    representative: 'Name of the legal representative (if applicable)',
    place: 'Place',
    date: 'Date',
    handIn:
      'Return this declaration, signed, to your care provider. They add a scan or photo of it to the telephone advice in Loket.',
    printed: (d: string) => `Printed on ${d}`,
  },
} as const;

const BLANK = '……………………………………………………';

function row(label: string, value: string | undefined): Content[] {
  return [{ text: label, bold: true }, { text: value ?? BLANK }];
}

/** A labelled line to write on; `width` in points (the text column is about 467 wide). */
function line(label: string, width = 460): Content {
  return {
    stack: [
      { text: label, style: 'small', margin: [0, 0, 0, 22] },
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.6 }] },
    ],
    margin: [0, 10, 0, 0],
  };
}

export function consentFormDocument(input: ConsentFormInput): TDocumentDefinitions {
  const l = TEXT[input.language];
  const r = input.record;
  const h = input.hospitalName;
  const date = (d: string) => formatLetterDate(d, input.language);
  const rows: Content[][] = [
    row(l.name, r?.patientName),
    row(l.birthDate, r ? date(r.birthDate) : undefined),
  ];
  const consultation: Content[][] = r
    ? [
        row(l.reference, r.reference),
        row(l.department, r.department),
        row(l.consultedOn, date(r.consultedOn)),
        row(l.recordedBy, r.recordedBy),
      ]
    : [row(l.department, undefined), row(l.consultedOn, undefined)];
  const table = (body: Content[][]): Content => ({
    table: { widths: [150, '*'], body },
    layout: 'noBorders',
    margin: [0, 0, 0, 14],
  });
  return {
    info: {
      title: l.title,
      author: 'Loket',
      subject: h,
      creator: 'Loket',
      producer: 'Loket (pdfmake)',
    },
    language: input.language === 'nl' ? 'nl-NL' : 'en-GB',
    pageSize: 'A4',
    pageMargins: [64, 56, 64, 64],
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25 },
    styles: {
      hospital: { fontSize: 11, color: '#444444' },
      title: { fontSize: 15, bold: true },
      heading: { fontSize: 11.5, bold: true, margin: [0, 6, 0, 6] },
      small: { fontSize: 9, color: '#444444' },
    },
    footer: (): Content => ({
      text: `${h} · ${l.printed(date(input.printedOn))}`,
      style: 'small',
      margin: [64, 24, 64, 0],
    }),
    content: [
      { text: h, style: 'hospital', margin: [0, 0, 0, 4] },
      { text: l.title, style: 'title', margin: [0, 0, 0, 14] },
      { text: l.intro(h), margin: [0, 0, 0, 12] },
      { text: l.patient, style: 'heading' },
      table(rows),
      { text: l.consultation, style: 'heading' },
      table(consultation),
      { text: l.declaration, style: 'heading' },
      { ul: [...l.statements(h)], margin: [0, 0, 0, 8] },
      line(l.signature),
      line(l.representative),
      { columns: [line(l.place, 220), line(l.date, 220)], columnGap: 20 },
      { text: l.handIn, style: 'small', margin: [0, 22, 0, 0] },
    ],
  };
}

const fontDir = join(
  dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')),
  'fonts',
  'Roboto',
);

export async function renderConsentForm(input: ConsentFormInput): Promise<Buffer> {
  // pdfmake's server build is one process-wide object: set what this document relies on right before it.
  pdfmake.setFonts({
    Roboto: {
      normal: join(fontDir, 'Roboto-Regular.ttf'),
      bold: join(fontDir, 'Roboto-Medium.ttf'),
      italics: join(fontDir, 'Roboto-Italic.ttf'),
      bolditalics: join(fontDir, 'Roboto-MediumItalic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(fontDir + sep));
  return pdfmake.createPdf(consentFormDocument(input)).getBuffer();
}

export function consentFormFilename(language: LetterLanguage, reference?: string): string {
  const base = language === 'nl' ? 'toestemmingsverklaring-telefonisch-advies' : 'consent-telephone-advice';
  return `${base}${reference ? `-${reference}` : ''}.pdf`;
}
