import type { ApopFollowUpItem, ApopFollowUpRow, ApopModelRow, ApopScreeningWithPatient } from '@loket/db';
import { apopFollowUpStatus, type ApopCognitiveReason } from '@loket/domain';

/** The JSON the API gives for APOP records. */

export function personName(given: string | null, family: string): string {
  return [given, family].filter(Boolean).join(' ');
}

export function modelView(m: ApopModelRow) {
  return {
    id: m.id,
    version: m.version,
    intercept: m.intercept,
    coefficients: m.coefficients,
    validatedBy: m.validated_by,
    source: m.source,
    createdAt: m.created_at,
    createdBy: m.created_by_name,
  };
}
export type ModelView = ReturnType<typeof modelView>;

export function followUpView(f: ApopFollowUpRow, now: Date) {
  return {
    id: f.id,
    screeningId: f.screening_id,
    dueAt: f.due_at,
    status: apopFollowUpStatus(f.due_at, f.closed_at, now),
    createdAt: f.created_at,
    closedAt: f.closed_at,
    closedBy: f.closed_by_name,
    callOutcome: f.call_outcome,
    instructionsRepeated: f.instructions_repeated,
    familyDoctorContacted: f.family_doctor_contacted,
    note: f.note,
  };
}

export function followUpItemView(f: ApopFollowUpItem, now: Date) {
  return {
    ...followUpView(f, now),
    outcome: f.outcome,
    dischargedAt: f.discharged_at,
    patient: {
      name: personName(f.patient_given_name, f.patient_family_name),
      birthDate: f.patient_birth_date,
      phone: f.patient_phone,
    },
  };
}

export function screeningSummary(s: ApopScreeningWithPatient) {
  return {
    id: s.id,
    screenedAt: s.screened_at,
    screenedBy: s.screened_by_name,
    departmentId: s.department_id,
    patient: {
      id: s.patient_id,
      name: personName(s.patient_given_name, s.patient_family_name),
      givenName: s.patient_given_name,
      familyName: s.patient_family_name,
      birthDate: s.patient_birth_date,
      phone: s.patient_phone,
    },
    age: s.age,
    outcome: s.outcome,
    risk: s.risk,
    disposition: s.disposition,
    dischargedAt: s.discharged_at,
  };
}

export function screeningView(
  s: ApopScreeningWithPatient,
  extra: {
    model: ApopModelRow | undefined;
    followUp: ApopFollowUpRow | undefined;
    letter: { id: string; created_at: Date; sha256: string } | undefined;
    now: Date;
  },
) {
  return {
    ...screeningSummary(s),
    answers: s.answers,
    result: {
      outcome: s.outcome,
      risk: s.risk,
      cognitive: { impaired: s.cognitive_impaired, reasons: s.cognitive_reasons as ApopCognitiveReason[] },
      functional:
        s.functional_status === 'computed'
          ? {
              status: 'computed' as const,
              probability: s.functional_probability,
              high: s.outcome === 'high-risk-functional' || s.outcome === 'both',
            }
          : { status: 'not-configured' as const },
      model: extra.model
        ? {
            version: extra.model.version,
            validatedBy: extra.model.validated_by,
            source: extra.model.source,
          }
        : null,
    },
    dispositionBy: s.disposition_by_name,
    followUp: extra.followUp ? followUpView(extra.followUp, extra.now) : null,
    letter: extra.letter
      ? { id: extra.letter.id, createdAt: extra.letter.created_at, sha256: extra.letter.sha256 }
      : null,
  };
}
