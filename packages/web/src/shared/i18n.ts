import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Language } from '@loket/domain';
import enAdmin from '../locales/en.admin.json';
import en from '../locales/en.json';
import enReferrals from '../locales/en.referrals.json';
import nlAdmin from '../locales/nl.admin.json';
import nl from '../locales/nl.json';
import nlReferrals from '../locales/nl.referrals.json';
import enTelephoneAdvice from '../locales/en.telephone-advice.json';
import nlTelephoneAdvice from '../locales/nl.telephone-advice.json';
import enIncidents from '../locales/en.incidents.json';
import nlIncidents from '../locales/nl.incidents.json';
import enGpRegistry from '../locales/en.gp-registry.json';
import nlGpRegistry from '../locales/nl.gp-registry.json';
import enQuickDiagnosis from '../locales/en.quick-diagnosis.json';
import nlQuickDiagnosis from '../locales/nl.quick-diagnosis.json';
import enApop from '../locales/en.apop.json';
import nlApop from '../locales/nl.apop.json';
import enSuddenDeath from '../locales/en.sudden-death.json';
import nlSuddenDeath from '../locales/nl.sudden-death.json';
import enSecondOpinions from '../locales/en.second-opinions.json';
import nlSecondOpinions from '../locales/nl.second-opinions.json';
import enConsent from '../locales/en.consent.json';
import nlConsent from '../locales/nl.consent.json';
import enCosts from '../locales/en.costs.json';
import nlCosts from '../locales/nl.costs.json';
import enTakeover from '../locales/en.takeover.json';
import nlTakeover from '../locales/nl.takeover.json';
import enMdo from '../locales/en.mdo.json';
import nlMdo from '../locales/nl.mdo.json';
import enPatientPortal from '../locales/en.patient-portal.json';
import nlPatientPortal from '../locales/nl.patient-portal.json';
import enWaitingTimes from '../locales/en.waiting-times.json';
import nlWaitingTimes from '../locales/nl.waiting-times.json';

const STORAGE_KEY = 'loket.lang';

/** Dutch unless the reader chose English (a doctor abroad), by link (?lang=en) or with the switch. */
function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'nl') {
    localStorage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'nl';
}

void i18n.use(initReactI18next).init({
  resources: {
    nl: {
      translation: {
        ...nl,
        ...nlAdmin,
        ...nlReferrals,
        ...nlTelephoneAdvice,
        ...nlIncidents,
        ...nlGpRegistry,
        ...nlQuickDiagnosis,
        ...nlApop,
        ...nlSuddenDeath,
        ...nlWaitingTimes,
        ...nlPatientPortal,
        ...nlMdo,
        ...nlTakeover,
        ...nlCosts,
        ...nlConsent,
        ...nlSecondOpinions,
      },
    },
    en: {
      translation: {
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
      },
    },
  },
  lng: initialLanguage(),
  fallbackLng: 'nl',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'nl';
}

export default i18n;
