import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatPath, type Language } from '@loket/domain';

/**
 * Errors in the reader's language (Accept-Language: Dutch unless the client prefers English), each saying
 * what is wrong and what to do. Codes are stable; the web app has its own wording keyed by the same codes.
 */
const messages = {
  'sign-in-required': {
    nl: 'U bent niet ingelogd. Log in en probeer het opnieuw.',
    en: 'You are not signed in. Sign in and try again.',
  },
  'second-factor-required': {
    nl: 'Voor medewerkers is een tweede stap verplicht. Stel eerst uw authenticator-app in via "Mijn account".',
    en: 'Staff must use a second factor. First set up your authenticator app under "My account".',
  },
  'not-permitted': {
    nl: 'U heeft geen toegang tot deze functie. Vraag de beheerder om de juiste rol als u die nodig heeft.',
    en: 'You do not have access to this function. Ask the administrator for the right role if you need it.',
  },
  'account-disabled': {
    nl: 'Dit account is uitgeschakeld. Neem contact op met de beheerder.',
    en: 'This account has been disabled. Contact the administrator.',
  },
  'invalid-input': {
    nl: 'Niet alle gegevens zijn juist. Verbeter de genoemde velden en probeer het opnieuw; niets is opgeslagen.',
    en: 'Some data is not valid. Correct the fields listed and try again; nothing was saved.',
  },
  'not-found': {
    nl: 'Niet gevonden. Controleer de link of het nummer.',
    en: 'Not found. Check the link or the number.',
  },
  'version-conflict': {
    nl: 'Iemand anders heeft dit intussen gewijzigd. Laad de nieuwste versie en breng uw wijziging opnieuw aan.',
    en: 'Someone else changed this in the meantime. Load the latest version and make your change again.',
  },
  'already-exists': {
    nl: 'Dit bestaat al. Kies een andere naam of code.',
    en: 'This already exists. Choose another name or code.',
  },
  'invalid-catalog': {
    nl: 'De catalogus bevat fouten en is niet opgeslagen. Verbeter de genoemde plaatsen en probeer het opnieuw.',
    en: 'The catalog has errors and was not saved. Correct the places listed and try again.',
  },
  'idempotency-conflict': {
    nl: 'Deze aanvraag gebruikt een sleutel die al voor een andere aanvraag is gebruikt. Verstuur het formulier opnieuw.',
    en: 'This request reuses a key that was used for a different request. Send the form again.',
  },
  'referral-incomplete': {
    nl: 'De verwijzing is nog niet compleet. Vul de genoemde onderdelen aan; wat u invulde is bewaard.',
    en: 'The referral is not complete yet. Add the items listed; what you entered has been kept.',
  },
  'referral-blocked': {
    nl: 'Deze afdeling neemt deze verwijzing niet aan. Zie de reden en het advies waar u naartoe kunt verwijzen.',
    en: 'This department does not accept this referral. See the reason and where to refer instead.',
  },
  'action-not-allowed': {
    nl: 'Deze stap kan nu niet: de verwijzing staat in een andere fase, of u mag deze stap niet zetten.',
    en: 'This step is not possible now: the referral is in another stage, or you may not take this step.',
  },
  'upload-refused': {
    nl: 'Het bestand is niet aangenomen.',
    en: 'The file was not accepted.',
  },
  'telephone-advice-filed': {
    nl: 'Dit telefonisch advies staat al in het dossier: de toestemmingsverklaring is al ontvangen.',
    en: 'This telephone advice is already in the file: the consent declaration has been received.',
  },
  'incident-step-not-allowed': {
    nl: 'Deze stap kan nu niet: de melding staat in een andere fase. Laad de melding opnieuw.',
    en: 'This step is not possible now: the report is in another stage. Load the report again.',
  },
  'rate-limited': {
    nl: 'Te veel pogingen. Wacht even en probeer het dan opnieuw.',
    en: 'Too many attempts. Wait a moment and try again.',
  },
  'apop-not-applicable': {
    nl: 'De APOP-screening geldt voor patiënten van 70 jaar en ouder; voor deze patiënt is zij niet van toepassing.',
    en: 'APOP screening applies to patients aged 70 or over; it does not apply to this patient.',
  },
  'apop-step-not-allowed': {
    nl: 'Deze stap is al gezet. Laad de screening opnieuw om te zien wat er is vastgelegd.',
    en: 'This step has already been taken. Reload the screening to see what was recorded.',
  },
  'sudden-death-step-not-allowed': {
    nl: 'Deze stap kan nu niet: de aanvraag staat in een andere fase, of de stap hoort niet bij dit soort aanvraag.',
    en: 'This step is not possible now: the request is in another stage, or the step does not belong to this kind of request.',
  },
  'sudden-death-no-family-member': {
    nl: 'Opgeslagen DNA wordt pas onderzocht als het eerste familielid zich aanmeldt voor screening. Leg eerst die aanmelding vast.',
    en: 'Stored DNA is examined only when the first family member registers for screening. Record that registration first.',
  },
  'internal-error': {
    nl: 'Er ging aan onze kant iets mis. Probeer het over een minuut opnieuw; blijft het misgaan, meld het dan bij de beheerder.',
    en: 'Something went wrong on our side. Try again in a minute; if it keeps failing, tell the administrator.',
  },
} satisfies Record<string, Record<Language, string>>;

export type ErrorCode = keyof typeof messages;

export function languageOf(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  return first?.startsWith('en') ? 'en' : 'nl';
}

export function message(code: ErrorCode, lang: Language): string {
  return messages[code][lang];
}

export interface Problem {
  code: ErrorCode;
  message: string;
  problems?: { path: string; message: string }[];
  [key: string]: unknown;
}

export const ProblemSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose();

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly extra: Record<string, unknown>;
  constructor(status: number, code: ErrorCode, extra: Record<string, unknown> = {}) {
    super(code);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  extra: Record<string, unknown> = {},
) {
  return reply.status(status).send({ code, message: message(code, languageOf(request)), ...extra });
}

const locales = { nl: z.locales.nl(), en: z.locales.en() };

/** Zod's own messages in the reader's language; our custom messages are kept as written. */
export function localizedIssues(issues: readonly z.core.$ZodIssue[], lang: Language) {
  return issues.map((issue) => {
    let text = issue.message;
    if (issue.code !== 'custom') {
      const translated = locales[lang].localeError?.(issue as never);
      if (typeof translated === 'string') text = translated;
      else if (translated && typeof translated === 'object' && 'message' in translated)
        text = String(translated.message);
    }
    return { path: formatPath(issue.path), message: text };
  });
}
