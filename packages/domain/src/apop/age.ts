/** Whole years between a date of birth and a later date (both YYYY-MM-DD), as a birthday counts them. */
export function ageInYears(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  if ([by, bm, bd, oy, om, od].some((n) => !Number.isInteger(n))) throw new RangeError('not an ISO date');
  const hadBirthday = om > bm || (om === bm && od >= bd);
  return oy - by - (hadBirthday ? 0 : 1);
}
