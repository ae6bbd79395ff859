/**
 * Sudden death of a young person (R-SD-01). A hereditary heart condition is then almost always autosomal
 * dominant, so first-degree relatives have a 50% chance of carrying it: the cause is worth finding. The hospital
 * advises autopsy for deceased aged 18 to 45 and pays for it; the family pays the transport of the body.
 * Without autopsy, DNA from skin biopsies can be stored free of charge and is examined only once a first family
 * member registers for screening. Without either, first-degree relatives are still advised to be screened.
 */
export const SUDDEN_DEATH_AUTOPSY_AGES = { from: 18, to: 45 } as const;
export const SUDDEN_DEATH_TRANSPORT_COST_EUR = 33;
export const SUDDEN_DEATH_MIN_BIOPSIES = 2;

export type SuddenDeathAdvice =
  /** 18 to 45: autopsy advised; DNA storage when there is no permission for autopsy. */
  | 'autopsy-advised'
  /** Other ages: no standing advice; consult the clinical geneticist (office hours) or pathologist on duty. */
  | 'consult-on-duty';

export function suddenDeathAdvice(ageAtDeath: number): SuddenDeathAdvice {
  if (!Number.isInteger(ageAtDeath) || ageAtDeath < 0)
    throw new RangeError('an age is a whole number from 0');
  return ageAtDeath >= SUDDEN_DEATH_AUTOPSY_AGES.from && ageAtDeath <= SUDDEN_DEATH_AUTOPSY_AGES.to
    ? 'autopsy-advised'
    : 'consult-on-duty';
}
