import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Language } from '@loket/domain';
import enAdmin from '../locales/en.admin.json';
import en from '../locales/en.json';
import enReferrals from '../locales/en.referrals.json';
import nlAdmin from '../locales/nl.admin.json';
import nl from '../locales/nl.json';
import nlReferrals from '../locales/nl.referrals.json';

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
    nl: { translation: { ...nl, ...nlAdmin, ...nlReferrals } },
    en: { translation: { ...en, ...enAdmin, ...enReferrals } },
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
