import type { RouteObject } from 'react-router';
import type { Role } from '@loket/domain';
import { telephoneAdviceNav, telephoneAdviceRoutes } from '../telephone-advice/routes';
import { incidentsNav, incidentsRoutes } from '../incidents/routes';
import { gpRegistryNav, gpRegistryRoutes } from '../gp-registry/routes';
import { quickDiagnosisNav, quickDiagnosisRoutes } from '../quick-diagnosis/routes';
import { apopNav, apopRoutes } from '../apop/routes';
import { suddenDeathNav, suddenDeathRoutes } from '../sudden-death/routes';
import { secondOpinionsNav, secondOpinionsRoutes } from '../second-opinions/routes';
import { consentNav, consentRoutes } from '../consent/routes';
import { costsNav, costsRoutes } from '../costs/routes';
import { takeoverNav, takeoverRoutes } from '../takeover/routes';
import { mdoNav, mdoRoutes } from '../mdo/routes';
import { patientPortalNav, patientPortalRoutes } from '../patient-portal/routes';
import { waitingTimesNav, waitingTimesRoutes } from '../waiting-times/routes';

/** A main-navigation link: shown to users with one of the roles (an empty list: to everyone, also signed out). */
export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  roles: Role[];
  /** Also shown to visitors who are not signed in (a public page for patients). */
  signedOut?: boolean;
}

/** The pages and links of the services beyond the referral loop, one module per capability. */
export const capabilityRoutes: RouteObject[] = [
  ...telephoneAdviceRoutes,
  ...incidentsRoutes,
  ...gpRegistryRoutes,
  ...quickDiagnosisRoutes,
  ...apopRoutes,
  ...suddenDeathRoutes,
  ...waitingTimesRoutes,
  ...patientPortalRoutes,
  ...mdoRoutes,
  ...takeoverRoutes,
  ...costsRoutes,
  ...consentRoutes,
  ...secondOpinionsRoutes,
];

export const capabilityNav: NavItem[] = [
  ...telephoneAdviceNav,
  ...incidentsNav,
  ...gpRegistryNav,
  ...quickDiagnosisNav,
  ...apopNav,
  ...suddenDeathNav,
  ...waitingTimesNav,
  ...patientPortalNav,
  ...mdoNav,
  ...takeoverNav,
  ...costsNav,
  ...consentNav,
  ...secondOpinionsNav,
];
