import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content } from 'pdfmake';
import { LABELS, formatLetterDate, letterBody, letterTitle, type LetterInput } from './templates.ts';

export type { LetterInput, LetterLanguage, LetterType } from './templates.ts';

type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0];
export type PdfDocument = TDocumentDefinitions;
type TFontDictionary = Parameters<typeof pdfmake.setFonts>[0];

/**
 * Renders a letter to PDF on the server with pdfmake and the Roboto fonts that ship with it (broad Latin
 * coverage, so names such as "Şahin" or "Łukasz" print correctly; nothing is fetched, so it works offline).
 * The creation date comes from the letter's date, so the same input gives the same bytes.
 */

const fontDir = join(
  dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')),
  'fonts',
  'Roboto',
);

function fonts(): TFontDictionary {
  // A fresh object each time: pdfmake writes resolved paths back into the dictionary it is given.
  return {
    Roboto: {
      normal: join(fontDir, 'Roboto-Regular.ttf'),
      bold: join(fontDir, 'Roboto-Medium.ttf'),
      italics: join(fontDir, 'Roboto-Italic.ttf'),
      bolditalics: join(fontDir, 'Roboto-MediumItalic.ttf'),
    },
  };
}

/** The PDF's creation date: noon UTC on the letter's date (the same calendar day in Amsterdam). */
function creationDate(date: string): Date {
  formatLetterDate(date, 'en'); // validates
  return new Date(`${date}T12:00:00Z`);
}

function header(input: LetterInput): Content[] {
  const h = input.hospital;
  const lines: Content[] = [
    { text: h.name, style: 'hospital' },
    { text: input.department, style: 'small' },
    ...(h.address ?? []).map((a) => ({ text: a, style: 'small' })),
  ];
  if (h.phone) lines.push({ text: `${LABELS[input.language].phone} ${h.phone}`, style: 'small' });
  return [{ stack: lines, margin: [0, 0, 0, 28] }];
}

function recipientBlock(input: LetterInput): Content {
  return {
    stack: [{ text: input.recipient.name }, ...(input.recipient.address ?? []).map((a) => ({ text: a }))],
    margin: [0, 0, 0, 24],
  };
}

function metaBlock(input: LetterInput): Content {
  const l = LABELS[input.language];
  const p = input.patient;
  const rows: Content[][] = [
    [{ text: l.date, bold: true }, { text: formatLetterDate(input.date, input.language) }],
    [{ text: l.reference, bold: true }, { text: input.reference }],
    [{ text: l.subject, bold: true }, { text: letterTitle(input.type, input.language) }],
    [{ text: l.patient, bold: true }, { text: p.name }],
    [{ text: l.birthDate, bold: true }, { text: formatLetterDate(p.birthDate, input.language) }],
  ];
  if (p.bsn) rows.push([{ text: l.bsn, bold: true }, { text: p.bsn }]);
  return { table: { widths: [110, '*'], body: rows }, layout: 'noBorders', margin: [0, 0, 0, 20] };
}

export function letterDocument(input: LetterInput): TDocumentDefinitions {
  const l = LABELS[input.language];
  const title = `${letterTitle(input.type, input.language)} – ${input.reference}`;
  return {
    info: {
      title,
      author: 'Loket',
      subject: input.hospital.name,
      creator: 'Loket',
      producer: 'Loket (pdfmake)',
      creationDate: creationDate(input.date),
      modDate: creationDate(input.date),
    },
    language: input.language === 'nl' ? 'nl-NL' : 'en-GB',
    pageSize: 'A4',
    pageMargins: [64, 56, 64, 64],
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.2 },
    styles: {
      hospital: { fontSize: 15, bold: true },
      small: { fontSize: 9, color: '#444444' },
      footer: { fontSize: 8, color: '#666666' },
    },
    footer: (page: number, pages: number): Content => ({
      columns: [
        { text: `${input.hospital.name} · ${input.reference}`, style: 'footer' },
        { text: l.page(page, pages), style: 'footer', alignment: 'right' },
      ],
      margin: [64, 24, 64, 0],
    }),
    content: [
      ...header(input),
      recipientBlock(input),
      metaBlock(input),
      { text: l.dear(input.recipient.name), margin: [0, 0, 0, 10] },
      ...letterBody(input),
      { text: l.regards, margin: [0, 14, 0, 4] },
      { text: input.department },
      { text: input.hospital.name },
    ],
  };
}

export async function renderLetter(input: LetterInput): Promise<Buffer> {
  return renderPdf(letterDocument(input));
}

/** Any document of Loket (letters, forms) through the same fonts and the same closed file and network access. */
export async function renderPdf(definition: PdfDocument): Promise<Buffer> {
  // pdfmake's server build is a process-wide object: set what we rely on right before each document.
  pdfmake.setFonts(fonts());
  // No images or fonts from the network, and only the bundled fonts from disk.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(fontDir + sep));
  return pdfmake.createPdf(definition).getBuffer();
}
