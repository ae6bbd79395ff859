import { parseAgb } from '../identifiers/agb.ts';
import { addDays } from '../calendar/local-time.ts';
import type { GpRegistration, GpRegistrationKind } from './schema.ts';

/** Only family doctors register here: an AGB code of profession 01 (R-ID-02). */
export function isFamilyDoctorAgb(agbCode: string | null | undefined): boolean {
  return !!agbCode && parseAgb(agbCode)?.professionCode === '01';
}

export interface GpChecks {
  vektisDoctor: boolean;
  vektisPractice: boolean;
}

/** Kinds that tie the doctor to a practice: the doctor-practice combination must check out too. */
export function namesPractice(kind: GpRegistrationKind): boolean {
  return kind === 'practice-change' || kind === 'new-in-region';
}

/**
 * A registration counts only once it checks out in Vektis (R-GP-01): the doctor's own registration always, and the
 * doctor-practice combination where a practice is named. Returns what is not yet checked.
 */
export function confirmationProblems(
  kind: GpRegistrationKind,
  checks: GpChecks,
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!checks.vektisDoctor)
    out.push({
      path: 'checks.vektisDoctor',
      message: "Confirm only after the doctor's Vektis registration checks out",
    });
  if (namesPractice(kind) && !checks.vektisPractice)
    out.push({
      path: 'checks.vektisPractice',
      message: 'Confirm only after the doctor-practice combination checks out in Vektis',
    });
  return out;
}

/** What a confirmed registration changes in the registry and among the known patients. */
export interface RegistrationEffect {
  /** The confirmed secure-mail address to record. */
  secureMail: string | null;
  /** Join this practice from this date. */
  joinPractice: { agbCode: string; from: string } | null;
  /** Close the doctor's other practices on this date (the last day there). */
  leaveOtherPracticesOn: string | null;
  /** The doctor stopped: the registration ends on this date. */
  endsOn: string | null;
  /** Move the known patients of this doctor to the registering doctor. */
  movePatientsFrom: string | null;
}

export function registrationEffect(reg: GpRegistration, doctorAgb: string): RegistrationEffect {
  const none: RegistrationEffect = {
    secureMail: null,
    joinPractice: null,
    leaveOtherPracticesOn: null,
    endsOn: null,
    movePatientsFrom: null,
  };
  switch (reg.kind) {
    case 'secure-mail':
      return { ...none, secureMail: reg.secureMail };
    case 'practice-change':
    case 'new-in-region': {
      const from = reg.takesOverFromAgb && reg.takesOverFromAgb !== doctorAgb ? reg.takesOverFromAgb : null;
      return {
        ...none,
        secureMail: reg.kind === 'new-in-region' ? (reg.secureMail ?? null) : null,
        joinPractice: { agbCode: reg.practice.agbCode, from: reg.effectiveOn },
        leaveOtherPracticesOn: reg.kind === 'practice-change' ? addDays(reg.effectiveOn, -1) : null,
        movePatientsFrom: from,
      };
    }
    case 'stopped':
      return { ...none, endsOn: reg.effectiveOn, leaveOtherPracticesOn: reg.effectiveOn };
  }
}

export interface RegisteredDoctor {
  secureMail: string | null;
  secureMailConfirmedAt: Date | string | null;
  endedOn: string | null;
}

/**
 * Letters go to a secure-mail address only when staff confirmed it, and only while the doctor practises: after the
 * termination date the address is no longer used.
 */
export function usableSecureMail(doctor: RegisteredDoctor | null | undefined, today: string): string | null {
  if (!doctor?.secureMail || !doctor.secureMailConfirmedAt) return null;
  if (doctor.endedOn && doctor.endedOn < today) return null;
  return doctor.secureMail;
}
