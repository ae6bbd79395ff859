import type {
  Department,
  DocumentKind,
  LetterItem,
  ReferralKind,
  ReferrerKind,
  Restriction,
  Scope,
  Stop,
} from '../catalog/schema.ts';
import type { LocalizedText } from '../i18n/localized-text.ts';
import { quickDiagnosisItems } from '../quick-diagnosis/clock.ts';
import { secondOpinionMissing } from '../second-opinions/completeness.ts';

/**
 * What a referral still lacks against its department's list (R-CAT-03, R-REF-03), and what the department
 * will not accept (R-CAT-05). The referral form runs this on every keystroke; the server runs it again.
 */
export interface PatientFields {
  bsn?: string | null;
  /** Why there is no BSN (for example a patient from abroad). */
  noBsnReason?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  birthDate?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
  city?: string | null;
  country?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface ReferralContent {
  kind: ReferralKind;
  carePathId?: string | null;
  subClinicId?: string | null;
  patient: PatientFields;
  letter: Partial<Record<LetterItem, string | null>>;
  documentKinds: readonly DocumentKind[];
  referrer: { name: string | null; kind: ReferrerKind | null; specialism: string | null };
  /** Ids of confirmations the referrer gave (`stop:<id>`, `restriction:<id>`). */
  confirmations: readonly string[];
  /** A quick-diagnosis referral's tumour type and the patient's choice of the route (R-QD-01). */
  quickDiagnosis?: { tumourTypeId: string | null; patientChoice: boolean } | null;
  /** A second opinion's request and what its dossier needs (R-SO-02, R-SO-04); null when not yet filled in. */
  secondOpinion?: {
    question: string | null;
    route: string;
    treatedAbroad: boolean;
    imagingDone: boolean;
    patientConsulted: boolean;
  } | null;
}

export interface MissingItem {
  /** `patient.familyName`, `letter.medication`, `document.pathology-report` */
  key: string;
  text: LocalizedText;
}

export type Blocker = { kind: 'stop'; stop: Stop } | { kind: 'restriction'; restriction: Restriction };

export interface Confirmation {
  id: string;
  /** What the referrer confirms, for example "not about: somatic symptom disorder" or the restriction's text. */
  subject: LocalizedText;
  type: 'not-about' | 'treating-doctor' | 'region';
  confirmed: boolean;
}

/** What a referral needs before it can be sent at all: who the patient is and why (the rest staff can ask for). */
export const essentialKeys: ReadonlySet<string> = new Set([
  'patient.familyName',
  'patient.birthDate',
  'patient.bsn',
  'letter.reason',
  'quickDiagnosis.tumourType',
  'quickDiagnosis.patientChoice',
  'secondOpinion.request',
  'secondOpinion.patientConsulted',
]);

export interface Evaluation {
  missing: MissingItem[];
  /** The missing items without which the referral cannot be sent. */
  essentialMissing: number;
  blockers: Blocker[];
  confirmations: Confirmation[];
  /** Blockers plus confirmations not yet given: what stops a submission. */
  blocking: number;
}

const base: Record<string, LocalizedText> = {
  familyName: { nl: 'Achternaam van de patiënt', en: "Patient's family name" },
  birthDate: { nl: 'Geboortedatum van de patiënt', en: "Patient's date of birth" },
  bsn: { nl: 'BSN van de patiënt (of waarom die ontbreekt)', en: "Patient's BSN (or why there is none)" },
  address: {
    nl: 'Adres van de patiënt (straat, huisnummer, postcode, plaats)',
    en: "Patient's address (street, number, postcode, town)",
  },
  phone: { nl: 'Telefoonnummer van de patiënt', en: "Patient's telephone number" },
  referrerName: { nl: 'Naam van de verwijzer', en: 'Name of the referrer' },
  referrerSpecialism: { nl: 'Specialisme van de verwijzer', en: "Referrer's specialism" },
  reason: { nl: 'Reden van verwijzing', en: 'Reason for referral' },
};

const filled = (v: string | null | undefined) => typeof v === 'string' && v.trim().length > 0;

function inScope(scope: Scope | undefined, c: ReferralContent): boolean {
  if (!scope) return true;
  if (scope.referralKinds && !scope.referralKinds.includes(c.kind)) return false;
  if (scope.carePathIds && !(c.carePathId && scope.carePathIds.includes(c.carePathId))) return false;
  if (scope.subClinicIds && !(c.subClinicId && scope.subClinicIds.includes(c.subClinicId))) return false;
  return true;
}

function patientMissing(
  c: ReferralContent,
  out: MissingItem[],
  item: LetterItem | 'base',
  text?: LocalizedText,
) {
  const p = c.patient;
  switch (item) {
    case 'base':
      if (!filled(p.familyName)) out.push({ key: 'patient.familyName', text: base.familyName! });
      if (!filled(p.birthDate)) out.push({ key: 'patient.birthDate', text: base.birthDate! });
      if (!filled(p.bsn) && !filled(p.noBsnReason)) out.push({ key: 'patient.bsn', text: base.bsn! });
      return;
    case 'patient-bsn':
      if (!filled(p.bsn)) out.push({ key: 'patient.bsn', text: text ?? base.bsn! });
      return;
    case 'patient-address': {
      const dutch = !filled(p.country) || p.country === 'NL';
      const complete =
        filled(p.street) && filled(p.city) && (!dutch || (filled(p.houseNumber) && filled(p.postcode)));
      if (!complete) out.push({ key: 'patient.address', text: text ?? base.address! });
      return;
    }
    case 'patient-phone':
      if (!filled(p.phone)) out.push({ key: 'patient.phone', text: text ?? base.phone! });
      return;
  }
}

export function evaluateReferral(department: Department, c: ReferralContent): Evaluation {
  const missing: MissingItem[] = [];
  patientMissing(c, missing, 'base');
  const seen = new Set(missing.map((m) => m.key));
  const push = (m: MissingItem) => {
    if (!seen.has(m.key)) {
      seen.add(m.key);
      missing.push(m);
    }
  };

  // Every referral says why; the department's own wording replaces ours where it lists the reason.
  const reasonItem = department.letter.find((l) => l.item === 'reason');
  if (!filled(c.letter.reason)) push({ key: 'letter.reason', text: reasonItem?.text ?? base.reason! });

  // Quick diagnosis is the patient's choice, for a tumour type on the hospital's list (R-QD-01).
  if (c.kind === 'quick-diagnosis') {
    if (!c.quickDiagnosis?.tumourTypeId)
      push({ key: 'quickDiagnosis.tumourType', text: quickDiagnosisItems.tumourType });
    if (!c.quickDiagnosis?.patientChoice)
      push({ key: 'quickDiagnosis.patientChoice', text: quickDiagnosisItems.patientChoice });
  }

  // A second opinion's dossier (R-SO-04): review cannot start before it is complete (R-SO-03).
  if (c.kind === 'second-opinion') secondOpinionMissing(c).forEach(push);

  for (const req of department.letter) {
    switch (req.item) {
      case 'patient-personal-data':
      case 'patient-email': // "if available": never blocks
        break;
      case 'patient-bsn':
      case 'patient-address':
      case 'patient-phone': {
        const found: MissingItem[] = [];
        patientMissing(c, found, req.item, req.text);
        found.forEach(push);
        break;
      }
      case 'referrer-name':
        if (!filled(c.referrer.name)) push({ key: 'referrer.name', text: req.text });
        break;
      case 'referrer-specialism':
        if (!filled(c.referrer.specialism)) push({ key: 'referrer.specialism', text: req.text });
        break;
      default:
        if (!filled(c.letter[req.item])) push({ key: `letter.${req.item}`, text: req.text });
    }
  }
  for (const doc of department.documents) {
    if (doc.need === 'required' && !c.documentKinds.includes(doc.kind))
      push({ key: `document.${doc.kind}`, text: doc.text });
  }

  const blockers: Blocker[] = [];
  const confirmations: Confirmation[] = [];
  const confirmed = (id: string) => c.confirmations.includes(id);

  for (const stop of department.stops) {
    if (stop.referrers && !(c.referrer.kind && stop.referrers.includes(c.referrer.kind))) continue;
    if (stop.scope?.referralKinds && !stop.scope.referralKinds.includes(c.kind)) continue;
    const targeted = stop.scope?.carePathIds || stop.scope?.subClinicIds;
    if (targeted) {
      if (inScope(stop.scope, c)) blockers.push({ kind: 'stop', stop });
    } else {
      // A stop about a subject Loket cannot recognise: the referrer confirms the referral is not about it.
      const id = `stop:${stop.id}`;
      confirmations.push({ id, subject: stop.subject, type: 'not-about', confirmed: confirmed(id) });
    }
  }

  for (const r of department.referrers.restrictions) {
    if (!inScope(r.scope, c)) continue;
    if (r.type === 'specialisms') {
      const s = c.referrer.specialism?.trim().toLowerCase();
      if (!s || !r.allowed.map((a) => a.toLowerCase()).includes(s))
        blockers.push({ kind: 'restriction', restriction: r });
    } else if (r.type === 'referrer-kinds') {
      if (!c.referrer.kind || !r.allowed.includes(c.referrer.kind))
        blockers.push({ kind: 'restriction', restriction: r });
    } else {
      const id = `restriction:${r.id}`;
      confirmations.push({
        id,
        subject: r.type === 'region' ? r.region : r.text,
        type: r.type,
        confirmed: confirmed(id),
      });
    }
  }

  return {
    missing,
    essentialMissing: missing.filter((m) => essentialKeys.has(m.key)).length,
    blockers,
    confirmations,
    blocking: blockers.length + confirmations.filter((x) => !x.confirmed).length,
  };
}

/** The kind of referrer an AGB code and a flag for doctors abroad describe. */
export function referrerKindOf(agbCode: string | null, abroad = false): ReferrerKind | null {
  if (abroad) return 'doctor-abroad';
  if (!agbCode) return null;
  if (agbCode.startsWith('01')) return 'family-doctor';
  if (agbCode.startsWith('03')) return 'medical-specialist';
  return null;
}
