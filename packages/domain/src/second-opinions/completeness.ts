import type { DocumentKind } from '../catalog/schema.ts';
import type { LocalizedText } from '../i18n/localized-text.ts';
import { dossierChecklist } from './dossier.ts';

/**
 * The second opinion's part of a referral's completeness (R-SO-02, R-SO-04). Kept apart from the referral module so
 * the referral evaluation only calls in here; structural types avoid an import cycle with completeness.ts.
 */
interface Content {
  documentKinds: readonly DocumentKind[];
  secondOpinion?: {
    question: string | null;
    route: string;
    treatedAbroad: boolean;
    imagingDone: boolean;
    patientConsulted: boolean;
  } | null;
}

const requestText: LocalizedText = {
  nl: 'Vraag voor de tweede arts en de behandelend specialist',
  en: 'Question for the second doctor and the treating specialist',
};
const consultedText: LocalizedText = {
  nl: 'Bevestiging dat de patiënt is geraadpleegd en instemt met het delen van het dossier',
  en: 'Confirmation that the patient was consulted and agrees to the records being shared',
};

export function secondOpinionMissing(c: Content): { key: string; text: LocalizedText }[] {
  const so = c.secondOpinion;
  if (!so || !so.question) return [{ key: 'secondOpinion.request', text: requestText }];
  const out: { key: string; text: LocalizedText }[] = [];
  // A doctor requests for the patient only after consulting the patient (seeds/004); a patient asks for themself.
  if (so.route !== 'patient' && !so.patientConsulted)
    out.push({ key: 'secondOpinion.patientConsulted', text: consultedText });
  for (const item of dossierChecklist(so, c.documentKinds))
    if (!item.present) out.push({ key: item.key, text: item.text });
  return out;
}
