import { z } from 'zod';
import { languages, type LocalizedText } from './localized-text.ts';

export const LanguageSchema = z.enum(languages);

export const LocalizedTextSchema: z.ZodType<LocalizedText> = z
  .object({
    nl: z.string().trim().min(1).optional(),
    en: z.string().trim().min(1).optional(),
  })
  .strict()
  .refine((t) => t.nl !== undefined || t.en !== undefined, {
    message: 'needs a text in at least one language (nl or en)',
  });
