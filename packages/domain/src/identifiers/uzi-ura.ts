/**
 * The Dutch healthcare identity numbers of the UZI register (CIBG): a professional's UZI number (9 digits, on
 * the UZI pass) and a care provider's URA (8 digits). The register publishes no check digit, so the form is all
 * that can be checked here.
 */
export function isValidUzi(input: string): boolean {
  return /^\d{9}$/.test(input.replace(/\s/g, ''));
}

export function isValidUra(input: string): boolean {
  return /^\d{8}$/.test(input.replace(/\s/g, ''));
}
