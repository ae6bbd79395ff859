/** A demo patient's details as the referral forms take them. Test BSNs only. */
export interface DemoPatient {
  bsn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  phone: string;
  email?: string;
}

/** Daan Bakker has the demo patient account (patient@demo.loket.nl); several services give him a case. */
export const daanBakker: DemoPatient = {
  bsn: '999990019',
  givenName: 'Daan',
  familyName: 'Bakker',
  birthDate: '1961-04-12',
  street: 'Breestraat',
  houseNumber: '12',
  postcode: '2311 CS',
  city: 'Leiden',
  phone: '+31612345601',
  email: 'patient@demo.loket.nl',
};
