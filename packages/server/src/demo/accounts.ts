import type { Role } from '@loket/domain';

/**
 * Demo accounts exist only in demo mode (README lists them). Staff accounts share one published TOTP secret,
 * so a newcomer can add it to an authenticator app, or read the current code on the demo sign-in page.
 */
export const DEMO_PASSWORD = 'Loket-demo-2026';
export const DEMO_TOTP_SECRET = 'LOKETDEMOLOKETDEMOLOKETDEMO23456';

export interface DemoAccount {
  email: string;
  name: string;
  roles: Role[];
  departmentIds?: string[];
  agbCode?: string;
  specialism?: string;
  organisationId?: string;
  locale?: 'nl' | 'en';
}

export const demoOrganisations = [
  { id: 'praktijk-de-linde', name: 'Huisartsenpraktijk De Linde', agbCode: '01999100' },
  { id: 'ziekenhuis-aan-de-rijn', name: 'Ziekenhuis aan de Rijn (demo)', agbCode: '06999200' },
];

export const demoAccounts: DemoAccount[] = [
  {
    email: 'huisarts@demo.loket.nl',
    name: 'Dr. Anna de Vries (huisarts)',
    roles: ['referrer'],
    agbCode: '01999001',
    specialism: 'family medicine',
    organisationId: 'praktijk-de-linde',
  },
  {
    email: 'neuroloog@demo.loket.nl',
    name: 'Dr. Bram Jansen (neuroloog, verwijzer)',
    roles: ['referrer'],
    agbCode: '03999002',
    specialism: 'neurology',
    organisationId: 'ziekenhuis-aan-de-rijn',
  },
  {
    email: 'doctor.abroad@demo.loket.nl',
    name: 'Dr. Claire Martin (doctor abroad)',
    roles: ['referrer'],
    agbCode: '03999003',
    specialism: 'medical oncology',
    locale: 'en',
  },
  { email: 'patient@demo.loket.nl', name: 'Daan Bakker (patiënt)', roles: ['patient'] },
  {
    email: 'backoffice@demo.loket.nl',
    name: 'Eva Visser (backoffice)',
    roles: ['back-office'],
    departmentIds: [
      'internal-medicine',
      'hematology',
      'neurology',
      'pulmonology',
      'clinical-genetics',
      'oncology-center',
    ],
  },
  {
    email: 'triage@demo.loket.nl',
    name: 'Dr. Floor Smit (triage)',
    roles: ['triage-supervisor'],
    departmentIds: ['internal-medicine', 'clinical-genetics', 'oncology-center'],
  },
  {
    email: 'specialist@demo.loket.nl',
    name: 'Dr. Gijs Mulder (internist)',
    roles: ['specialist'],
    departmentIds: ['internal-medicine', 'oncology-center'],
  },
  {
    email: 'zorgadministratie@demo.loket.nl',
    name: 'Hanna de Boer (zorgadministratie)',
    roles: ['care-administration'],
  },
  { email: 'transmuraal@demo.loket.nl', name: 'Iris Meijer (transmuraal team)', roles: ['transmural-team'] },
  {
    email: 'seh@demo.loket.nl',
    name: 'Joost de Groot (SEH-verpleegkundige)',
    roles: ['er-nurse'],
    departmentIds: ['emergency-room'],
  },
  { email: 'beheer@demo.loket.nl', name: 'Karin Bos (beheerder)', roles: ['administrator'] },
  { email: 'privacy@demo.loket.nl', name: 'Lars Vos (privacy officer)', roles: ['privacy-officer'] },
  {
    email: 'genetica@demo.loket.nl',
    name: 'Dr. Mila Peters (klinisch geneticus)',
    roles: ['specialist'],
    departmentIds: ['clinical-genetics'],
  },
];
