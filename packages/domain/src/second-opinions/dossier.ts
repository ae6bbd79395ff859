import { addWorkingDays } from '../calendar/working-days.ts';
import type { DocumentKind } from '../catalog/schema.ts';
import type { LocalizedText } from '../i18n/localized-text.ts';
import type { SecondOpinionRoute } from './schema.ts';

/**
 * The minimum dossier of a second opinion (R-SO-04) and the review clock (R-SO-03). Pure: the caller supplies
 * which kinds of document are on the referral (only accepted ones are stored: Dutch or English, images as DICOM).
 */
export interface DossierFacts {
  treatedAbroad: boolean;
  imagingDone: boolean;
}

export interface DossierItem {
  /** Same key space as the referral's completeness: `document.<kind>`. */
  key: `document.${DocumentKind}`;
  kind: DocumentKind;
  text: LocalizedText;
  /** Why this item is asked for, for the checklist. */
  why: LocalizedText;
  present: boolean;
}

const itemText: Partial<Record<DocumentKind, { text: LocalizedText; why: LocalizedText }>> = {
  correspondence: {
    text: {
      nl: 'Recente brief over voorgeschiedenis, recente behandelingen en overwegingen (Nederlands of Engels)',
      en: 'Recent letter on the history, recent treatments and considerations (Dutch or English)',
    },
    why: { nl: 'Altijd nodig', en: 'Always needed' },
  },
  'pathology-report': {
    text: { nl: 'Pathologieverslag (Nederlands of Engels)', en: 'Pathology report (Dutch or English)' },
    why: { nl: 'Altijd nodig', en: 'Always needed' },
  },
  'imaging-report': {
    text: { nl: 'Meest recente verslagen van beeldvorming', en: 'Most recent imaging reports' },
    why: { nl: 'Er is beeldvorming gedaan', en: 'Imaging was done' },
  },
  imaging: {
    text: {
      nl: 'De beelden zelf, als DICOM (geen losse foto’s of fotomappen)',
      en: 'The images themselves, as DICOM (no loose photos or photo folders)',
    },
    why: { nl: 'Er is beeldvorming gedaan', en: 'Imaging was done' },
  },
  'mrsa-screening': {
    text: { nl: 'Uitslag MRSA-screening', en: 'MRSA screening result' },
    why: {
      nl: 'De patiënt is behandeld in een ziekenhuis buiten Nederland',
      en: 'The patient was treated in a hospital outside the Netherlands',
    },
  },
};

/** The kinds of document the dossier needs, in the order of the checklist. */
export function dossierKinds(f: DossierFacts): DocumentKind[] {
  return [
    'correspondence',
    'pathology-report',
    ...(f.imagingDone ? (['imaging-report', 'imaging'] as const) : []),
    ...(f.treatedAbroad ? (['mrsa-screening'] as const) : []),
  ];
}

export function dossierChecklist(f: DossierFacts, documentKinds: readonly DocumentKind[]): DossierItem[] {
  return dossierKinds(f).map((kind) => ({
    key: `document.${kind}` as const,
    kind,
    text: itemText[kind]!.text,
    why: itemText[kind]!.why,
    present: documentKinds.includes(kind),
  }));
}

export function dossierComplete(f: DossierFacts, documentKinds: readonly DocumentKind[]): boolean {
  return dossierChecklist(f, documentKinds).every((i) => i.present);
}

/** Shipped default: "the assessment takes about five working days" (seeds/002). */
export const defaultSecondOpinionReviewWorkingDays = 5;

/** The review is due this many working days after the day the dossier became complete (R-SO-03). */
export function reviewDue(completeOn: string, workingDays: number, holidays: ReadonlySet<string>): string {
  return addWorkingDays(completeOn, workingDays, holidays);
}

/** A family doctor usually lacks data the specialists need, so such a request takes longer (seeds/002). */
export const familyDoctorRouteFlag: LocalizedText = {
  nl: 'Aangevraagd via de huisarts: die heeft over het algemeen niet alle gegevens die nodig zijn; het ziekenhuis vraagt die dan alsnog op, waardoor de aanvraag meestal langer duurt.',
  en: 'Requested through the family doctor, who usually does not have all the data needed; the hospital then asks for it, so the request usually takes longer.',
};

export function routeNeedsMoreData(route: SecondOpinionRoute): boolean {
  return route === 'family-doctor';
}
