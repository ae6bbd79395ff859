export const languages = ['nl', 'en'] as const;
export type Language = (typeof languages)[number];

/**
 * A text in the language(s) it exists in. The source pages are mostly English with Dutch parts; we keep
 * each text in its own language rather than machine-translating clinical wording.
 */
export interface LocalizedText {
  nl?: string | undefined;
  en?: string | undefined;
}

export interface ResolvedText {
  text: string;
  /** The language the text is actually in. */
  lang: Language;
  /** True when the reader's language was not available and another language is shown. */
  fallback: boolean;
}

/** The text in the reader's language where it exists, otherwise in its own language, marked as such. */
export function resolveText(text: LocalizedText, reader: Language): ResolvedText {
  const own = text[reader];
  if (own !== undefined) return { text: own, lang: reader, fallback: false };
  const other: Language = reader === 'nl' ? 'en' : 'nl';
  const otherText = text[other];
  if (otherText === undefined) throw new Error('LocalizedText without any language');
  return { text: otherText, lang: other, fallback: true };
}

/** All language variants of a text, for search. */
export function allTexts(text: LocalizedText | undefined): string[] {
  if (!text) return [];
  return [text.nl, text.en].filter((t): t is string => t !== undefined);
}
