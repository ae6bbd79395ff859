import type { Language } from '@loket/domain';
import { HttpError } from '../http/errors.ts';

/**
 * Why an uploaded file was not accepted. The code is stable (the web app keys its own wording on it);
 * `messageIn(lang)` says in the reader's language what is wrong and what to do.
 */
export type UploadRefusalCode =
  | 'too-large'
  | 'empty'
  | 'type-not-allowed'
  | 'active-content'
  | 'no-file'
  | 'infected'
  | 'scanner-unavailable';

const statusOf: Record<UploadRefusalCode, number> = {
  'too-large': 413,
  empty: 400,
  'type-not-allowed': 415,
  'active-content': 415,
  'no-file': 400,
  // The file itself is the problem, and sending it again will not help.
  infected: 422,
  // Not the sender's fault: the virus scanner is configured but gave no verdict, so nothing is let through.
  'scanner-unavailable': 503,
};

/** The kinds of file we accept, in words, for messages. */
const allowedInWords: Record<Language, string> = {
  nl: 'PDF, JPEG, PNG, TIFF, DICOM of platte tekst',
  en: 'PDF, JPEG, PNG, TIFF, DICOM or plain text',
};

export function formatBytes(bytes: number, lang: Language): string {
  const number = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return `${number.format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${number.format(bytes / 1024)} kB`;
  return `${number.format(bytes)} bytes`;
}

function describeDetected(detail: Record<string, unknown>, lang: Language): string {
  const detected = typeof detail.detected === 'string' ? detail.detected : undefined;
  if (!detected) return '';
  if (detected === 'unknown') return lang === 'nl' ? ' (soort onbekend)' : ' (unknown kind)';
  return lang === 'nl' ? ` (gevonden: ${detected})` : ` (found: ${detected})`;
}

const messages: Record<UploadRefusalCode, (detail: Record<string, unknown>, lang: Language) => string> = {
  'too-large': (detail, lang) => {
    const max = typeof detail.maxBytes === 'number' ? formatBytes(detail.maxBytes, lang) : undefined;
    if (lang === 'nl')
      return `Dit bestand is groter dan ${max ?? 'toegestaan'}. Verklein het of stuur het in delen.`;
    return `This file is larger than ${max ?? 'allowed'}. Make it smaller or send it in parts.`;
  },
  empty: (_detail, lang) =>
    lang === 'nl'
      ? 'Dit bestand is leeg. Kies het juiste bestand en probeer het opnieuw.'
      : 'This file is empty. Choose the right file and try again.',
  'type-not-allowed': (detail, lang) =>
    lang === 'nl'
      ? `Dit soort bestand wordt niet aangenomen${describeDetected(detail, lang)}. Stuur een ${allowedInWords.nl}; sla het bestand zo nodig eerst op als PDF.`
      : `This kind of file is not accepted${describeDetected(detail, lang)}. Send ${allowedInWords.en}; if needed, save the file as PDF first.`,
  'active-content': (detail, lang) => {
    const found = typeof detail.found === 'string' ? detail.found : '/JavaScript';
    // A launch action, or a compressed part we could not check (encrypted, unusual encoding, too large).
    if (found === '/Launch')
      return lang === 'nl'
        ? 'Deze PDF bevat een opdracht om een programma te starten en wordt daarom niet aangenomen. Maak er een nieuwe PDF van (bijvoorbeeld met "Afdrukken naar PDF") en stuur die.'
        : 'This PDF contains an instruction to start a program and is therefore not accepted. Make a new PDF (for example with "Print to PDF") and send that.';
    if (!found.startsWith('/'))
      return lang === 'nl'
        ? 'Deze PDF bevat onderdelen die niet op scripts gecontroleerd kunnen worden (bijvoorbeeld omdat hij versleuteld is) en wordt daarom niet aangenomen. Maak er een nieuwe PDF van (bijvoorbeeld met "Afdrukken naar PDF") en stuur die.'
        : 'This PDF contains parts that cannot be checked for scripts (for example because it is encrypted) and is therefore not accepted. Make a new PDF (for example with "Print to PDF") and send that.';
    return lang === 'nl'
      ? 'Deze PDF bevat JavaScript en wordt daarom niet aangenomen. Maak er een nieuwe PDF van zonder scripts (bijvoorbeeld met "Afdrukken naar PDF") en stuur die.'
      : 'This PDF contains JavaScript and is therefore not accepted. Make a new PDF without scripts (for example with "Print to PDF") and send that.';
  },
  'no-file': (_detail, lang) =>
    lang === 'nl'
      ? 'Er is geen bestand meegestuurd. Kies een bestand en probeer het opnieuw.'
      : 'No file was sent. Choose a file and try again.',
  infected: (detail, lang) => {
    const found = typeof detail.signature === 'string' ? ` (${detail.signature})` : '';
    return lang === 'nl'
      ? `De virusscanner heeft in dit bestand een virus of andere schadelijke inhoud gevonden${found}. Het bestand is niet opgeslagen. Laat uw computer controleren en stuur daarna een schone versie.`
      : `The virus scanner found a virus or other malicious content in this file${found}. The file was not stored. Have your computer checked, then send a clean copy.`;
  },
  'scanner-unavailable': (_detail, lang) =>
    lang === 'nl'
      ? 'Bestanden kunnen op dit moment niet op virussen worden gecontroleerd, daarom is dit bestand niet aangenomen. Probeer het over enkele minuten opnieuw; lukt het dan nog niet, neem contact op met de beheerder.'
      : 'Files cannot be checked for viruses at the moment, so this file was not accepted. Try again in a few minutes; if it still fails, contact the administrator.',
};

export class UploadRefused extends Error {
  readonly code: UploadRefusalCode;
  readonly detail: Record<string, unknown>;
  /**
   * The HTTP status that fits: 413 too large, 415 type or active content, 422 infected, 503 when the virus
   * scanner gave no verdict, 400 otherwise.
   */
  readonly status: number;
  /** `cause`: what went wrong underneath (for the log, never for the client), e.g. why the scanner is down. */
  constructor(code: UploadRefusalCode, detail: Record<string, unknown> = {}, cause?: unknown) {
    super(messages[code](detail, 'en'), cause === undefined ? undefined : { cause });
    this.name = 'UploadRefused';
    this.code = code;
    this.detail = detail;
    this.status = statusOf[code];
  }

  /** What is wrong and what to do, in the reader's language. (`message` itself is the English text, for logs.) */
  messageIn(lang: Language): string {
    return messages[this.code](this.detail, lang);
  }

  /** As the app's problem response: code 'upload-refused', with `reason` (our code), the specific message and detail. */
  toHttpError(lang: Language): HttpError {
    return new HttpError(this.status, 'upload-refused', {
      ...this.detail,
      reason: this.code,
      message: this.messageIn(lang),
    });
  }
}
