import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Language } from '@loket/domain';
import nlAdmin from '../locales/nl.admin.json';
import nl from '../locales/nl.json';
import nlReferrals from '../locales/nl.referrals.json';
import nlTelephoneAdvice from '../locales/nl.telephone-advice.json';
import nlIncidents from '../locales/nl.incidents.json';
import nlGpRegistry from '../locales/nl.gp-registry.json';
import nlQuickDiagnosis from '../locales/nl.quick-diagnosis.json';
import nlApop from '../locales/nl.apop.json';
import nlSuddenDeath from '../locales/nl.sudden-death.json';
import nlSecondOpinions from '../locales/nl.second-opinions.json';
import nlConsent from '../locales/nl.consent.json';
import nlCosts from '../locales/nl.costs.json';
import nlTakeover from '../locales/nl.takeover.json';
import nlMdo from '../locales/nl.mdo.json';
import nlPatientPortal from '../locales/nl.patient-portal.json';
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

/** English comes in its own chunk: most readers are Dutch, and the guide's first load carries one language. */
async function loadLanguage(lang: Language): Promise<void> {
  if (lang === 'nl' || i18n.hasResourceBundle(lang, 'translation')) return;
  const { translation } = await import('../locales/en');
  i18n.addResourceBundle('en', 'translation', translation);
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
  },
  lng: 'nl',
  fallbackLng: 'nl',
  interpolation: { escapeValue: false },
  returnNull: false,
});
/** Resolves once the reader's language is loaded; the app renders after it, so nobody sees a flash of Dutch. */
export const languageReady: Promise<void> = (async () => {
  const lang = initialLanguage();
  await loadLanguage(lang);
  if (lang !== i18n.language) await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
})();

export function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void loadLanguage(lang).then(() => i18n.changeLanguage(lang));
}

export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'nl';
}

export default i18n;
