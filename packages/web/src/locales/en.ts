/** The English texts, loaded only for a reader who chose English (../shared/i18n.ts): the Dutch default page carries no English. */
import enAdmin from './en.admin.json';
import en from './en.json';
import enReferrals from './en.referrals.json';
import enTelephoneAdvice from './en.telephone-advice.json';
import enIncidents from './en.incidents.json';
import enGpRegistry from './en.gp-registry.json';
import enQuickDiagnosis from './en.quick-diagnosis.json';
import enApop from './en.apop.json';
import enSuddenDeath from './en.sudden-death.json';
import enSecondOpinions from './en.second-opinions.json';
import enConsent from './en.consent.json';
import enCosts from './en.costs.json';
import enTakeover from './en.takeover.json';
import enMdo from './en.mdo.json';
import enPatientPortal from './en.patient-portal.json';
import enWaitingTimes from './en.waiting-times.json';

export const translation = {
  ...en,
  ...enAdmin,
  ...enReferrals,
  ...enTelephoneAdvice,
  ...enIncidents,
  ...enGpRegistry,
  ...enQuickDiagnosis,
  ...enApop,
  ...enSuddenDeath,
  ...enWaitingTimes,
  ...enPatientPortal,
  ...enMdo,
  ...enTakeover,
  ...enCosts,
  ...enConsent,
  ...enSecondOpinions,
};
