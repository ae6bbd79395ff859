import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { resolveText, type LocalizedText } from '@loket/domain';
import { useLanguage } from './i18n';

/**
 * A text in the reader's language where it exists; otherwise in its own language, marked as such and tagged
 * with `lang` so screen readers pronounce it right.
 */
export function LText({ text, block = false }: { text: LocalizedText | undefined; block?: boolean }) {
  const lang = useLanguage();
  const { t } = useTranslation();
  if (!text) return null;
  const r = resolveText(text, lang);
  const marker = r.fallback ? (
    <Text component="span" size="xs" c="dimmed" ml={4} lang={lang} data-testid="language-marker">
      ({t(`language.in.${r.lang}`)})
    </Text>
  ) : null;
  if (block) {
    return (
      <Text component="div" lang={r.lang}>
        {r.text}
        {marker}
      </Text>
    );
  }
  return (
    <span lang={r.lang}>
      {r.text}
      {marker}
    </span>
  );
}

/** Plain string in the reader's language, for attributes and titles. */
export function useText() {
  const lang = useLanguage();
  return (text: LocalizedText | undefined) => (text ? resolveText(text, lang).text : '');
}
