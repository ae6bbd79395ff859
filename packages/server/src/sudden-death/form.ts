import type { Content } from 'pdfmake';
import {
  formatPhoneNational,
  SUDDEN_DEATH_MIN_BIOPSIES,
  SUDDEN_DEATH_TRANSPORT_COST_EUR,
  type Language,
  type SuddenDeathKind,
  type SuddenDeathSex,
} from '@loket/domain';
import { renderPdf, type PdfDocument } from '../letters/render.ts';
import { formatLetterDate } from '../letters/templates.ts';

/**
 * The printable form a family doctor sends with the pots or the body (R-SD-01): the request's reference, the
 * deceased, the requester, and the instructions from the hospital's page (labelling, room temperature, where to
 * send it). For DNA storage it ends with one label per pot to cut out. Everything typed is printed as plain text.
 */
export interface SuddenDeathFormInput {
  language: Language;
  /** YYYY-MM-DD */
  date: string;
  reference: string;
  kind: SuddenDeathKind;
  hospital: { name: string; phone: string };
  deceased: {
    givenName: string | null;
    familyName: string;
    sex: SuddenDeathSex;
    birthDate: string;
    deathDate: string;
  };
  biopsyCount: number | null;
  requester: {
    name: string;
    practice: string | null;
    agbCode: string | null;
    phone: string;
    email: string | null;
  };
}

const WORDS = {
  nl: {
    title: {
      autopsy: 'Aanvraag obductie na plots overlijden',
      'dna-storage': 'Aanvraag opslag DNA (huidbiopten) na plots overlijden',
    },
    reference: 'Kenmerk',
    date: 'Datum',
    deceased: 'Overledene',
    name: 'Naam',
    sex: 'Geslacht',
    sexes: { female: 'vrouw', male: 'man', other: 'anders' },
    birthDate: 'Geboortedatum',
    deathDate: 'Datum van overlijden',
    requester: 'Aanvrager (huisarts)',
    practice: 'Praktijk',
    agb: 'AGB-code',
    phone: 'Telefoon',
    email: 'E-mail',
    biopsies: 'Aantal biopten',
    labelling: 'Etiketteren',
    labellingSteps: [
      `Neem ten minste ${SUDDEN_DEATH_MIN_BIOPSIES} biopten (zijkant van de rug of binnenkant van de onderarm; niet in de lies).`,
      '1 biopt per potje, in steriel fysiologisch zout.',
      'Vermeld duidelijk op elk potje: naam, geslacht en geboortedatum (gebruik de etiketten hieronder).',
    ],
    keeping: 'Bewaren',
    keepingSteps: ['Bewaar het biopt in het medium op kamertemperatuur.', 'Zet het NIET in de koelkast.'],
    shipping: 'Versturen',
    shippingSteps: [
      'Stuur de potjes met dit formulier naar de afdeling Pathologie (24 uur per dag bereikbaar), met het formulier DNA-analyse.',
      'Op het formulier DNA-analyse: vink "biopt" aan en vul de patiëntgegevens in.',
      'Vraagstelling: "Plotse hartdood: verzoek DNA-analyse via Klinisch Geneticus (KG)".',
      'Lever alles in bij de rode bak aan de balie van de afdeling Pathologie; het potje wordt (de volgende dag) bij de KG bezorgd.',
    ],
    storage:
      'Het DNA wordt kosteloos opgeslagen. Het wordt pas onderzocht als het eerste familielid zich aanmeldt voor cardiogenetische screening.',
    costs: 'Kosten',
    autopsyCosts: `Het ziekenhuis betaalt de obductie. De familie betaalt het vervoer van het lichaam (${SUDDEN_DEATH_TRANSPORT_COST_EUR} euro); soms wordt dit vergoed.`,
    confirmed: 'Bevestigd door de aanvrager',
    autopsyConfirmations: [
      'De familie heeft toestemming gegeven voor obductie.',
      'De familie weet dat zij het vervoer betaalt.',
    ],
    dnaConfirmations: [
      '1 biopt per potje.',
      'Elk potje vermeldt naam, geslacht en geboortedatum.',
      'De potjes staan op kamertemperatuur, niet in de koelkast.',
    ],
    doubt: (phone: string) =>
      `Bij twijfel: overleg met de dienstdoende klinisch geneticus (8:00-17:00 uur) en in ANW-uren met de dienstdoende patholoog via ${phone}.`,
    signature: 'Handtekening aanvrager',
    labels: 'Etiketten voor de potjes (knip uit)',
    pot: (n: number, of: number) => `Potje ${n} van ${of}`,
  },
  en: {
    title: {
      autopsy: 'Request for autopsy after sudden death',
      'dna-storage': 'Request to store DNA (skin biopsies) after sudden death',
    },
    reference: 'Reference',
    date: 'Date',
    deceased: 'Deceased',
    name: 'Name',
    sex: 'Sex',
    sexes: { female: 'female', male: 'male', other: 'other' },
    birthDate: 'Date of birth',
    deathDate: 'Date of death',
    requester: 'Requester (family doctor)',
    practice: 'Practice',
    agb: 'AGB code',
    phone: 'Telephone',
    email: 'E-mail',
    biopsies: 'Number of biopsies',
    labelling: 'Labelling',
    labellingSteps: [
      `Take at least ${SUDDEN_DEATH_MIN_BIOPSIES} biopsies (side of the back or inside of the forearm; not the groin).`,
      '1 biopsy per pot, in sterile physiological salt solution.',
      'Write clearly on each pot: name, sex and date of birth (use the labels below).',
    ],
    keeping: 'Keeping',
    keepingSteps: [
      'Keep the biopsy in the medium at room temperature.',
      'Do NOT put it in the refrigerator.',
    ],
    shipping: 'Sending',
    shippingSteps: [
      'Send the pots with this form to the pathology department (open 24 hours a day), with the DNA-analysis form.',
      'On the DNA-analysis form: tick "biopsy" and fill in the patient information.',
      'Question: "Sudden cardiac death: request for DNA analysis via Clinical Geneticist (CG)".',
      'Drop everything in the red container at the desk of the pathology department; the pot is delivered to the CG (the following day).',
    ],
    storage:
      'The DNA is stored free of charge. It is examined only when the first family member registers for cardiogenetic screening.',
    costs: 'Costs',
    autopsyCosts: `The hospital pays the autopsy. The family pays the transport of the body (${SUDDEN_DEATH_TRANSPORT_COST_EUR} euro); sometimes this is reimbursed.`,
    confirmed: 'Confirmed by the requester',
    autopsyConfirmations: [
      'The family gave permission for the autopsy.',
      'The family knows they pay the transport.',
    ],
    dnaConfirmations: [
      '1 biopsy per pot.',
      'Each pot shows name, sex and date of birth.',
      'The pots are at room temperature, not in the refrigerator.',
    ],
    doubt: (phone: string) =>
      `In doubt: consult the clinical geneticist on duty (8:00-17:00) and outside office hours the pathologist on duty via ${phone}.`,
    signature: 'Signature of the requester',
    labels: 'Labels for the pots (cut out)',
    pot: (n: number, of: number) => `Pot ${n} of ${of}`,
  },
} as const;

function heading(text: string): Content {
  return { text, bold: true, fontSize: 11, margin: [0, 7, 0, 3] };
}

function table(rows: [string, string][]): Content {
  return {
    table: { widths: [130, '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, { text: v }]) },
    layout: 'noBorders',
    margin: [0, 0, 0, 4],
  };
}

export function suddenDeathFormDocument(input: SuddenDeathFormInput): PdfDocument {
  const w = WORDS[input.language];
  const d = input.deceased;
  const name = [d.givenName, d.familyName].filter(Boolean).join(' ');
  const sex = w.sexes[d.sex];
  const birth = formatLetterDate(d.birthDate, input.language);
  const r = input.requester;
  const title = w.title[input.kind];
  const dna = input.kind === 'dna-storage';
  const pots = dna ? Math.max(input.biopsyCount ?? SUDDEN_DEATH_MIN_BIOPSIES, SUDDEN_DEATH_MIN_BIOPSIES) : 0;

  const label = (n: number): Content => ({
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: `${w.pot(n, pots)} · ${input.reference}`, bold: true },
              { text: `${w.name}: ${name}` },
              { text: `${w.sex}: ${sex}` },
              { text: `${w.birthDate}: ${birth}` },
            ],
            margin: [6, 6, 6, 6],
          },
        ],
      ],
    },
    margin: [0, 0, 0, 8],
    unbreakable: true,
  });

  const instructions: Content[] = dna
    ? [
        table([[w.biopsies, String(input.biopsyCount ?? '')]]),
        heading(w.labelling),
        { ul: [...w.labellingSteps] },
        heading(w.keeping),
        { ul: [...w.keepingSteps] },
        heading(w.shipping),
        { ol: [...w.shippingSteps] },
        { text: w.storage, margin: [0, 8, 0, 0] },
        heading(w.confirmed),
        { ul: [...w.dnaConfirmations] },
      ]
    : [heading(w.costs), { text: w.autopsyCosts }, heading(w.confirmed), { ul: [...w.autopsyConfirmations] }];
  const labels: Content[] = dna
    ? [
        { text: w.labels, bold: true, margin: [0, 20, 0, 6], pageBreak: 'before' },
        {
          columns: [
            { stack: Array.from({ length: Math.ceil(pots / 2) }, (_, i) => label(i * 2 + 1)) },
            { stack: Array.from({ length: Math.floor(pots / 2) }, (_, i) => label(i * 2 + 2)) },
          ],
          columnGap: 16,
        },
      ]
    : [];

  return {
    info: {
      title: `${title} – ${input.reference}`,
      author: 'Loket',
      creator: 'Loket',
      producer: 'Loket (pdfmake)',
      creationDate: new Date(`${input.date}T12:00:00Z`),
    },
    language: input.language === 'nl' ? 'nl-NL' : 'en-GB',
    pageSize: 'A4',
    pageMargins: [52, 40, 52, 48],
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.15 },
    footer: (page: number, pages: number): Content => ({
      text: `${input.hospital.name} · ${input.reference} · ${page}/${pages}`,
      fontSize: 8,
      color: '#666666',
      margin: [52, 16, 52, 0],
    }),
    content: [
      { text: input.hospital.name, fontSize: 14, bold: true },
      { text: title, fontSize: 13, bold: true, margin: [0, 8, 0, 4] },
      table([
        [w.reference, input.reference],
        [w.date, formatLetterDate(input.date, input.language)],
      ]),
      heading(w.deceased),
      table([
        [w.name, name],
        [w.sex, sex],
        [w.birthDate, birth],
        [w.deathDate, formatLetterDate(d.deathDate, input.language)],
      ]),
      heading(w.requester),
      table([
        [w.name, r.name],
        ...(r.practice ? [[w.practice, r.practice] as [string, string]] : []),
        ...(r.agbCode ? [[w.agb, r.agbCode] as [string, string]] : []),
        [w.phone, formatPhoneNational(r.phone)],
        ...(r.email ? [[w.email, r.email] as [string, string]] : []),
      ]),
      ...instructions,
      { text: w.doubt(formatPhoneNational(input.hospital.phone)), margin: [0, 10, 0, 0], fontSize: 9 },
      { text: `${w.signature}: ______________________________`, margin: [0, 16, 0, 0] },
      ...labels,
    ],
  };
}

export function renderSuddenDeathForm(input: SuddenDeathFormInput): Promise<Buffer> {
  return renderPdf(suddenDeathFormDocument(input));
}
