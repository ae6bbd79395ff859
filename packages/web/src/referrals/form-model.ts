import {
  evaluateReferral,
  referrerKindOf,
  type Department,
  type DocumentKind,
  type DraftInput,
  type Evaluation,
  type LetterItem,
  type ReferralKind,
  type ReferrerKind,
  type Urgency,
} from '@loket/domain';
import type { Me } from '../accounts/me.resource';
import type { QuickDiagnosisForm } from '../quick-diagnosis/QuickDiagnosisFields';
import {
  emptySecondOpinion,
  secondOpinionFacts,
  secondOpinionFormOf,
  secondOpinionInput,
  type SecondOpinionForm,
} from '../second-opinions/SecondOpinionFields';
import type { ReferralView } from './referrals.resource';

/** What the referral form holds while someone types: every field a string, so nothing typed is lost. */
export interface PatientForm {
  bsn: string;
  noBsn: boolean;
  noBsnReason: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  country: string;
  phone: string;
  email: string;
}

export interface FamilyDoctorForm {
  name: string;
  agbCode: string;
  email: string;
}

export interface ReferralForm {
  kind: ReferralKind;
  carePathId: string;
  subClinicId: string;
  urgency: Urgency;
  patient: PatientForm;
  familyDoctor: FamilyDoctorForm;
  letter: Partial<Record<LetterItem, string>>;
  confirmations: string[];
  /** Kept for a quick-diagnosis referral only (R-QD-01). */
  quickDiagnosis: QuickDiagnosisForm;
  /** Kept for a second opinion only (R-SO-01, R-SO-02). */
  secondOpinion: SecondOpinionForm;
}

export const emptyPatient: PatientForm = {
  bsn: '',
  noBsn: false,
  noBsnReason: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  street: '',
  houseNumber: '',
  postcode: '',
  city: '',
  country: 'NL',
  phone: '',
  email: '',
};

/** A new form; a family doctor is the patient's family doctor unless they say otherwise. */
export function emptyForm(me?: Me): ReferralForm {
  return {
    kind: 'new-referral',
    carePathId: '',
    subClinicId: '',
    urgency: 'routine',
    patient: { ...emptyPatient },
    familyDoctor:
      me?.user?.referrerKind === 'family-doctor'
        ? { name: me.user.name, agbCode: me.user.agbCode ?? '', email: me.user.email }
        : { name: '', agbCode: '', email: '' },
    letter: {},
    confirmations: [],
    quickDiagnosis: { tumourTypeId: '', patientChoice: false },
    secondOpinion: emptySecondOpinion(me?.user?.referrerKind),
  };
}

const s = (v: string | null | undefined) => v ?? '';

/** A stored draft back into the form. */
export function formFromView(v: ReferralView): ReferralForm {
  const p = v.patient ?? {};
  return {
    kind: v.kind,
    carePathId: s(v.carePathId),
    subClinicId: s(v.subClinicId),
    urgency: v.urgencyRequested ?? 'routine',
    patient: {
      bsn: s(p.bsn),
      noBsn: !p.bsn && !!p.noBsnReason,
      noBsnReason: s(p.noBsnReason),
      givenName: s(p.givenName),
      familyName: s(p.familyName),
      birthDate: s(p.birthDate),
      street: s(p.street),
      houseNumber: s(p.houseNumber),
      postcode: s(p.postcode),
      city: s(p.city),
      country: s(p.country) || 'NL',
      phone: s(p.phone),
      email: s(p.email),
    },
    familyDoctor: {
      name: s(p.familyDoctorName),
      agbCode: s(p.familyDoctorAgb),
      email: s(p.familyDoctorEmail),
    },
    letter: Object.fromEntries(Object.entries(v.letter ?? {}).map(([k, x]) => [k, s(x)])),
    confirmations: [...(v.confirmations ?? [])],
    quickDiagnosis: {
      tumourTypeId: s(v.quickDiagnosis?.tumourTypeId),
      patientChoice: v.quickDiagnosis?.patientChoice ?? false,
    },
    secondOpinion: secondOpinionFormOf(v.secondOpinion, referrerKindOf(v.referrer.agbCode)),
  };
}

export function patientInput(p: PatientForm) {
  return {
    bsn: p.noBsn ? '' : p.bsn,
    noBsnReason: p.noBsn ? p.noBsnReason : '',
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: p.birthDate,
    street: p.street,
    houseNumber: p.houseNumber,
    postcode: p.postcode,
    city: p.city,
    country: p.country,
    phone: p.phone,
    email: p.email,
  };
}

/** The body of POST /api/referrals and PUT …/draft; the schema turns empty strings into "not filled in". */
export function draftInput(departmentId: string, f: ReferralForm): DraftInput {
  const fd = f.familyDoctor;
  const hasDoctor = [fd.name, fd.agbCode, fd.email].some((x) => x.trim() !== '');
  const letter = Object.fromEntries(Object.entries(f.letter).filter(([, x]) => (x ?? '').trim() !== ''));
  return {
    departmentId,
    kind: f.kind,
    carePathId: f.carePathId || null,
    subClinicId: f.subClinicId || null,
    urgency: f.urgency,
    patient: patientInput(f.patient),
    ...(hasDoctor ? { familyDoctor: { name: fd.name, agbCode: fd.agbCode, email: fd.email } } : {}),
    letter,
    confirmations: f.confirmations,
    ...(f.kind === 'quick-diagnosis'
      ? {
          quickDiagnosis: {
            tumourTypeId: f.quickDiagnosis.tumourTypeId || null,
            patientChoice: f.quickDiagnosis.patientChoice,
          },
        }
      : {}),
    ...(f.kind === 'second-opinion' && secondOpinionInput(f.secondOpinion)
      ? { secondOpinion: secondOpinionInput(f.secondOpinion) }
      : {}),
  };
}

export interface ReferrerFacts {
  name: string | null;
  kind: ReferrerKind | null;
  specialism: string | null;
  /** Whether kind and specialism are known (from a saved draft); before that, the check is cautious. */
  known: boolean;
}

export function referrerFromView(v: ReferralView | undefined, me: Me | undefined): ReferrerFacts {
  if (!v) {
    const u = me?.user;
    return u
      ? { name: u.name, kind: u.referrerKind, specialism: u.specialism, known: true }
      : { name: null, kind: null, specialism: null, known: false };
  }
  return {
    name: v.referrer.name,
    kind: referrerKindOf(v.referrer.agbCode),
    specialism: v.referrer.specialism,
    known: true,
  };
}

/**
 * The completeness check of the domain, run in the browser on every keystroke (R-REF-03). Should the kind of
 * referrer be unknown, stops meant for some referrers are shown to all, so the redirect is never hidden (R-CAT-05).
 */
export function evaluateForm(
  department: Department,
  f: ReferralForm,
  documentKinds: readonly DocumentKind[],
  referrer: ReferrerFacts,
): Evaluation {
  const d: Department = referrer.known
    ? department
    : { ...department, stops: department.stops.map(({ referrers: _r, ...stop }) => stop) };
  return evaluateReferral(d, {
    kind: f.kind,
    carePathId: f.carePathId || null,
    subClinicId: f.subClinicId || null,
    patient: patientInput(f.patient),
    letter: f.letter,
    documentKinds,
    referrer: { name: referrer.name, kind: referrer.kind, specialism: referrer.specialism },
    confirmations: f.confirmations,
    quickDiagnosis: {
      tumourTypeId: f.quickDiagnosis.tumourTypeId || null,
      patientChoice: f.quickDiagnosis.patientChoice,
    },
    secondOpinion: secondOpinionFacts(f.secondOpinion),
  });
}
