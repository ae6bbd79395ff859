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
  'consent-method-not-allowed': {
    nl: 'Zo kunt u geen toestemming vastleggen. Patiënten geven toestemming zelf in het portaal, medewerkers leggen een getekend formulier of een mondelinge toestemming vast, een verwijzer bevestigt de toestemming van de patiënt.',
    en: 'You cannot record consent this way. Patients give consent themselves in the portal, staff record a signed form or consent given verbally, a referrer confirms the patient\u2019s consent.',
  },
  'consent-already-withdrawn': {
    nl: 'Deze toestemming is al ingetrokken. Laad de pagina opnieuw om te zien door wie en wanneer.',
    en: 'This consent has already been withdrawn. Reload the page to see by whom and when.',
  },
  'second-opinion-not-dicom': {
    nl: 'Dit bestand is geen DICOM. Losse foto\u2019s, fotomappen, PDF\u2019s of ZIP-bestanden met foto\u2019s kunnen wij niet verwerken: stuur de scans zelf als DICOM-bestanden (vraag die op bij de afdeling radiologie van het behandelend ziekenhuis).',
    en: 'This file is not DICOM. Loose photos, photo folders, PDFs or ZIP files of photos cannot be processed: send the scans themselves as DICOM files (ask the radiology department of the treating hospital for them).',
  },
  'second-opinion-language-refused': {
    nl: 'Documenten voor een second opinion moeten in het Nederlands of Engels zijn. Laat dit document eerst vertalen naar het Nederlands of Engels (bijvoorbeeld door een medisch vertaalbureau) en stuur de vertaling.',
    en: 'Documents for a second opinion must be in Dutch or English. Have this document translated into Dutch or English first (for example by a medical translation agency) and send the translation.',
  },
  'second-opinion-outcome-not-allowed': {
    nl: 'De uitkomst van de beoordeling kan nu niet worden vastgelegd: de second opinion is niet (meer) in beoordeling. Laad de pagina opnieuw.',
    en: 'The outcome of the review cannot be recorded now: the second opinion is not (or no longer) in review. Reload the page.',
  },
  'takeover-not-allowed': {
    nl: 'Overname van de behandeling kan hier niet worden aangevraagd: dat kan alleen vanuit een lopende of afgeronde second opinion waarvoor nog geen overname is aangevraagd. Bekijk de gekoppelde aanvraag.',
    en: 'A takeover of treatment cannot be requested here: that is only possible from an ongoing or finished second opinion without a takeover request. See the linked request.',
  },
  'takeover-choice-missing': {
    nl: 'De overname kan pas worden bevestigd als de keuze van de patiënt is vastgelegd. Leg eerst vast waar de patiënt behandeld wil worden.',
    en: 'The takeover can only be confirmed once the patient\u2019s choice has been recorded. First record where the patient wants to be treated.',
  },
  'takeover-patient-stays': {
    nl: 'De patiënt heeft gekozen om in het huidige ziekenhuis behandeld te blijven. Leg eerst een nieuwe keuze van de patiënt vast als die is veranderd.',
    en: 'The patient chose to stay with the current hospital. Record the patient\u2019s new choice first if it has changed.',
  },
  'takeover-already-confirmed': {
    nl: 'De overname is al bevestigd. Laad de pagina opnieuw om de huidige hoofdbehandelaar te zien.',
    en: 'The takeover has already been confirmed. Reload the page to see the current main practitioner.',
  },
  'mdo-not-allowed': {
    nl: 'Deze patiënt kan niet op deze agenda: alleen verwijzingen van dezelfde afdeling die de specialist heeft gezien, nog niet op de agenda staan, en alleen bij een overleg dat nog moet plaatsvinden.',
    en: 'This patient cannot go on this agenda: only referrals of the same department that the specialist has seen and that are not on the agenda yet, and only for a meeting still to come.',
  },
  'mdo-conclusion-not-allowed': {
    nl: 'De conclusie kan nu niet worden vastgelegd: het overleg is nog niet begonnen, of de conclusie is al vastgelegd. Laad de pagina opnieuw.',
    en: 'The conclusion cannot be recorded now: the meeting has not started yet, or the conclusion has already been recorded. Reload the page.',
  },
  'costs-advance-unpaid': {
    nl: 'De afspraak kan nog niet worden gemaakt: het voorschot voor deze second opinion is nog niet betaald. De zorgadministratie legt eerst de betaling vast.',
    en: 'The appointment cannot be made yet: the advance for this second opinion has not been paid. Care administration records the payment first.',
  },
  'costs-abroad-not-cleared': {
    nl: 'De afspraak kan nog niet worden gemaakt: de patiënt is in het buitenland verzekerd en Team Zorgkosten heeft de kosten nog niet geregeld. De zorgadministratie legt eerst vast dat het team de patiënt heeft vrijgegeven.',
    en: 'The appointment cannot be made yet: the patient is insured abroad and the costs team has not cleared the costs. Care administration first records that the team has cleared the patient.',
  },
  'costs-insurance-first': {
    nl: 'Leg eerst de zorgverzekeraar, het polisnummer en het land van verzekering vast; daarna de uitkomst van de controle.',
    en: 'First record the health insurer, the policy number and the country of insurance; then the outcome of the check.',
  },
  'costs-no-advance': {
    nl: 'Voor deze second opinion is geen voorschot gevraagd (de verzekeraar vergoedt hem, of de uitkomst is nog niet bekend). Er is dus geen betaling vast te leggen.',
    en: 'No advance was asked for this second opinion (the insurer covers it, or the outcome is not known yet), so there is no payment to record.',
  },
  'costs-advance-already-paid': {
    nl: 'De betaling van het voorschot is al vastgelegd. Laad de pagina opnieuw om te zien door wie en wanneer.',
    en: 'The payment of the advance has already been recorded. Reload the page to see by whom and when.',
  },
  'costs-not-abroad': {
    nl: 'De patiënt is niet in het buitenland verzekerd; Team Zorgkosten hoeft deze second opinion niet vrij te geven.',
    en: 'The patient is not insured abroad; the costs team does not need to clear this second opinion.',
  },
  'costs-already-recorded': {
    nl: 'Dit is al vastgelegd. Laad de pagina opnieuw om te zien door wie en wanneer.',
    en: 'This has already been recorded. Reload the page to see by whom and when.',
  },
  'costs-settle-too-early': {
    nl: 'De werkelijke kosten worden na de afspraak verrekend, en alleen als de patiënt (een deel) zelf betaalt. Leg de afrekening vast als het consult heeft plaatsgevonden.',
    en: 'The real cost is settled after the appointment, and only when the patient pays (part) themselves. Record the settlement once the consultation has taken place.',
  },
  'costs-coverage-not-permitted': {
    nl: 'Alleen de patiënt (die bij de verzekeraar navraagt) of de zorgadministratie legt de uitkomst van de controle vast.',
    en: 'Only the patient (who asks the insurer) or care administration records the outcome of the check.',
  },
  'confirmation-link-invalid': {
    nl: 'Deze link werkt niet meer: hij is al gebruikt of verlopen. Heeft u uw e-mailadres al bevestigd, log dan in. Anders stuurt een nieuwe aanvraag met hetzelfde e-mailadres u een nieuwe link.',
    en: 'This link no longer works: it has been used or has expired. If you already confirmed your e-mail address, sign in. Otherwise a new request with the same e-mail address sends you a new link.',
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
