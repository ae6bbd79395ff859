import type { Content } from 'pdfmake';
import type { ApopCognitiveReason, ApopOutcome, ApopRisk, Language } from '@loket/domain';
import { renderPdf, type PdfDocument } from '../letters/render.ts';
import { formatLetterDate, formatLetterDateTime, LABELS } from '../letters/templates.ts';

/**
 * The APOP section of the ER discharge letter to the family doctor (R-APOP-04): the result, high or low, with
 * both domains, the disposition, and the follow-up call when one is planned. It is kept as a PDF the family
 * doctor's letter is made from; everything from the record is printed as plain text.
 */
export interface ApopLetterInput {
  language: Language;
  /** YYYY-MM-DD */
  date: string;
  hospital: string;
  department: string;
  familyDoctor: string | null;
  patient: { name: string; birthDate: string; bsn: string | null };
  screenedAt: Date;
  screenedBy: string | null;
  age: number;
  outcome: ApopOutcome;
  risk: ApopRisk;
  cognitive: { impaired: boolean; reasons: ApopCognitiveReason[] };
  functional: { status: 'computed'; probability: number } | { status: 'not-configured' };
  model: { version: number; validatedBy: string; source: string } | null;
  disposition: 'admitted' | 'sent-home';
  dischargedAt: Date;
  followUpDueAt: Date | null;
}

const WORDS = {
  nl: {
    title: 'Ontslagbrief SEH – resultaat APOP-screening',
    intro:
      'Bij triage op de Spoedeisende Hulp is uw patiënt gescreend op kwetsbaarheid met de APOP-screener.',
    result: 'Resultaat',
    risk: { high: 'Hoog risico', low: 'Laag risico', unknown: 'Risico onbekend' },
    outcome: {
      'low-risk': 'Laag risico',
      'high-risk-functional': 'Hoog risico op functionele achteruitgang of overlijden binnen 3 maanden',
      'impaired-cognition': 'Cognitieve stoornis',
      both: 'Hoog risico op functionele achteruitgang én cognitieve stoornis',
      undetermined:
        'Niet vast te stellen: het functionele domein is niet ingesteld en de cognitie is niet gestoord',
    },
    screened: 'Gescreend',
    by: 'door',
    age: 'Leeftijd',
    years: 'jaar',
    cognition: 'Cognitief domein',
    impaired: 'gestoord',
    intact: 'niet gestoord',
    reasons: {
      'known-dementia': 'bekende dementie',
      'memory-question-wrong': 'geheugenvraag fout beantwoord',
      'no-cognitive-data': 'geen cognitieve gegevens (vragen niet te beantwoorden)',
    },
    functional: 'Functioneel domein',
    probability: (p: string) => `kans op functionele achteruitgang of overlijden binnen 3 maanden: ${p}`,
    notConfigured: 'niet ingesteld – het ziekenhuis heeft geen gevalideerd model ingevoerd; risico onbekend',
    model: (v: number, by: string, source: string) =>
      `Model versie ${v}, gevalideerd door: ${by}; bron: ${source}`,
    disposition: 'Beleid',
    admitted: 'opgenomen',
    sentHome: 'naar huis',
    discharged: 'Vertrek SEH',
    followUp: (when: string) =>
      `Een SEH-verpleegkundige belt de patiënt uiterlijk ${when} na, beantwoordt vragen en herhaalt de ontslaginstructies. Zo nodig neemt zij of hij contact met u op.`,
    colleague: 'collega',
  },
  en: {
    title: 'ER discharge letter – APOP screening result',
    intro:
      'At triage in the Emergency Room your patient was screened for vulnerability with the APOP screener.',
    result: 'Result',
    risk: { high: 'High risk', low: 'Low risk', unknown: 'Risk unknown' },
    outcome: {
      'low-risk': 'Low risk',
      'high-risk-functional': 'High risk of functional decline or death within 3 months',
      'impaired-cognition': 'Impaired cognition',
      both: 'High risk of functional decline and impaired cognition',
      undetermined:
        'Cannot be determined: the functional domain is not configured and cognition is not impaired',
    },
    screened: 'Screened',
    by: 'by',
    age: 'Age',
    years: 'years',
    cognition: 'Cognitive domain',
    impaired: 'impaired',
    intact: 'not impaired',
    reasons: {
      'known-dementia': 'known dementia',
      'memory-question-wrong': 'memory question answered wrongly',
      'no-cognitive-data': 'no cognitive data (questions could not be answered)',
    },
    functional: 'Functional domain',
    probability: (p: string) => `probability of functional decline or death within 3 months: ${p}`,
    notConfigured: 'not configured – the hospital has not entered a validated model; risk unknown',
    model: (v: number, by: string, source: string) =>
      `Model version ${v}, validated by: ${by}; source: ${source}`,
    disposition: 'Disposition',
    admitted: 'admitted',
    sentHome: 'sent home',
    discharged: 'Left the ER',
    followUp: (when: string) =>
      `An ER nurse will call the patient by ${when} at the latest, answer questions and repeat the discharge instructions. If necessary, the nurse will contact you.`,
    colleague: 'colleague',
  },
} as const;

function percent(p: number, language: Language): string {
  return new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(p);
}

function row(label: string, value: string): Content[] {
  return [{ text: label, bold: true }, { text: value }];
}

export function apopLetterDocument(input: ApopLetterInput): PdfDocument {
  const w = WORDS[input.language];
  const l = LABELS[input.language];
  const cognition = input.cognitive.impaired
    ? `${w.impaired} (${input.cognitive.reasons.map((r) => w.reasons[r]).join(', ')})`
    : w.intact;
  const functional =
    input.functional.status === 'computed'
      ? w.probability(percent(input.functional.probability, input.language))
      : w.notConfigured;
  const details: Content[][] = [
    row(l.patient, input.patient.name),
    row(l.birthDate, formatLetterDate(input.patient.birthDate, input.language)),
    ...(input.patient.bsn ? [row(l.bsn, input.patient.bsn)] : []),
    row(
      w.screened,
      `${formatLetterDateTime(input.screenedAt.toISOString(), input.language)}${input.screenedBy ? ` ${w.by} ${input.screenedBy}` : ''}`,
    ),
    row(w.age, `${input.age} ${w.years}`),
  ];
  const result: Content[][] = [
    row(w.result, `${w.risk[input.risk]} – ${w.outcome[input.outcome]}`),
    row(w.cognition, cognition),
    row(w.functional, functional),
    row(w.disposition, input.disposition === 'admitted' ? w.admitted : w.sentHome),
    row(w.discharged, formatLetterDateTime(input.dischargedAt.toISOString(), input.language)),
  ];
  return {
    info: {
      title: w.title,
      author: 'Loket',
      creator: 'Loket',
      producer: 'Loket (pdfmake)',
      creationDate: new Date(`${input.date}T12:00:00Z`),
    },
    language: input.language === 'nl' ? 'nl-NL' : 'en-GB',
    pageSize: 'A4',
    pageMargins: [64, 56, 64, 64],
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25 },
    content: [
      { text: input.hospital, fontSize: 14, bold: true },
      { text: input.department, fontSize: 9, color: '#444444', margin: [0, 0, 0, 20] },
      { text: w.title, fontSize: 13, bold: true, margin: [0, 0, 0, 6] },
      { text: `${l.date}: ${formatLetterDate(input.date, input.language)}`, margin: [0, 0, 0, 14] },
      { text: l.dear(input.familyDoctor ?? w.colleague), margin: [0, 0, 0, 8] },
      { text: w.intro, margin: [0, 0, 0, 10] },
      { table: { widths: [130, '*'], body: details }, layout: 'noBorders', margin: [0, 0, 0, 12] },
      {
        table: { widths: [130, '*'], body: result },
        layout: 'lightHorizontalLines',
        margin: [0, 0, 0, 12],
      },
      ...(input.model
        ? [
            {
              text: w.model(input.model.version, input.model.validatedBy, input.model.source),
              fontSize: 8.5,
              color: '#444444',
              margin: [0, 0, 0, 10],
            } as Content,
          ]
        : []),
      ...(input.followUpDueAt
        ? [
            {
              text: w.followUp(formatLetterDateTime(input.followUpDueAt.toISOString(), input.language)),
              margin: [0, 0, 0, 10],
            } as Content,
          ]
        : []),
      { text: l.regards, margin: [0, 14, 0, 4] },
      { text: input.department },
      { text: input.hospital },
    ],
  };
}

export function renderApopLetter(input: ApopLetterInput): Promise<Buffer> {
  return renderPdf(apopLetterDocument(input));
}
