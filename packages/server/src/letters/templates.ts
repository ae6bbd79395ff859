import type { Content } from 'pdfmake';

/**
 * The letters Loket writes (R-COM-03), in Dutch and English. A template turns a letter's input into pdfmake
 * content; everything the caller supplies goes into plain text nodes, so it is printed as written and never
 * interpreted (no markup, no links, no images).
 */

export type LetterLanguage = 'nl' | 'en';

export interface LetterCommon {
  language: LetterLanguage;
  /** The date on the letter, YYYY-MM-DD. */
  date: string;
  hospital: { name: string; address?: readonly string[]; phone?: string };
  department: string;
  /** The referral's reference, e.g. "VW-2026-000123". */
  reference: string;
  recipient: { name: string; address?: readonly string[] };
  /** The BSN is printed when given; leave it out for letters to the patient (storeLetter does). */
  patient: { name: string; birthDate: string; bsn?: string | null };
}

export interface RequestInformationDetails {
  missing: readonly string[];
  message?: string;
  /** YYYY-MM-DD */
  replyBy?: string;
}

export interface RejectionDetails {
  /** The coded reason, already put into words by the caller. */
  reasonText: string;
  explanation: string;
  redirect?: string;
}

export interface InvitationDetails {
  /** ISO date-time of the appointment. */
  start: string;
  location?: string;
  videoLink?: string;
  notes?: string;
}

export interface AppointmentConfirmationDetails {
  start: string;
  location?: string;
  videoLink?: string;
}

export interface FeedbackDetails {
  summary: string;
  endOfTreatment?: boolean;
}

export interface CancellationDetails {
  reason: string;
}

/** After a multidisciplinary meeting (R-SO-07, R-COM-01): to the family doctor, a copy to the referring specialist. */
export interface MdoReportDetails {
  meetingTitle: string;
  /** ISO date-time of the meeting. */
  meetingAt: string;
  diagnosis: string;
  treatmentAdvice: string;
  /** Set on the referring specialist's copy: who received the original. */
  copyOf?: string;
}

/** Takeover of treatment confirmed (R-TO-02, R-TO-03): to the current main practitioner and the family doctor. */
export interface TakeoverConfirmedDetails {
  newPractitioner: string;
  previousPractitioner: string;
  /** ISO date-time from which the hospital is responsible. */
  since: string;
}

/** The outcome of a second opinion's review (R-SO-06, R-SO-08): to the patient and the requester. */
export interface SecondOpinionOutcomeDetails {
  /** What was decided, in the letter's language. */
  outcome: string;
  examinations?: string[];
  explanation?: string;
}

export type LetterInput = LetterCommon &
  (
    | { type: 'request-information'; details: RequestInformationDetails }
    | { type: 'rejection'; details: RejectionDetails }
    /** To the patient. */
    | { type: 'invitation'; details: InvitationDetails }
    /** To the family doctor: the first appointment is made (R-REF-06). */
    | { type: 'appointment-confirmation'; details: AppointmentConfirmationDetails }
    /** To the referrer and the family doctor after the consult. */
    | { type: 'feedback'; details: FeedbackDetails }
    | { type: 'cancellation'; details: CancellationDetails }
    | { type: 'mdo-report'; details: MdoReportDetails }
    | { type: 'takeover-confirmed'; details: TakeoverConfirmedDetails }
    | { type: 'second-opinion-outcome'; details: SecondOpinionOutcomeDetails }
  );

export type LetterType = LetterInput['type'];

export const LETTER_TYPES: readonly LetterType[] = [
  'request-information',
  'rejection',
  'invitation',
  'appointment-confirmation',
  'feedback',
  'cancellation',
  'mdo-report',
  'takeover-confirmed',
  'second-opinion-outcome',
];

const TIME_ZONE = 'Europe/Amsterdam';
const LOCALE: Record<LetterLanguage, string> = { nl: 'nl-NL', en: 'en-GB' };

const TITLES: Record<LetterType, Record<LetterLanguage, string>> = {
  'request-information': { nl: 'Verzoek om aanvullende informatie', en: 'Request for further information' },
  rejection: { nl: 'Verwijzing niet in behandeling genomen', en: 'Referral not accepted' },
  invitation: { nl: 'Uitnodiging voor uw eerste afspraak', en: 'Invitation to your first appointment' },
  'appointment-confirmation': {
    nl: 'Bevestiging eerste afspraak',
    en: 'Confirmation of the first appointment',
  },
  feedback: { nl: 'Terugrapportage na consult', en: 'Report after the consultation' },
  cancellation: { nl: 'Annulering', en: 'Cancellation' },
  'mdo-report': {
    nl: 'Terugrapportage na multidisciplinair overleg',
    en: 'Report after the multidisciplinary meeting',
  },
  'takeover-confirmed': { nl: 'Overname van de behandeling', en: 'Takeover of treatment' },
  'second-opinion-outcome': {
    nl: 'Uitkomst beoordeling second opinion',
    en: 'Outcome of the second-opinion review',
  },
};

/** The letter's title in its language, e.g. for the subject line, the PDF title or an e-mail subject. */
export function letterTitle(type: LetterType, language: LetterLanguage): string {
  return TITLES[type][language];
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD) written out: "24 november 2026" / "24 November 2026". */
export function formatLetterDate(date: string, language: LetterLanguage): string {
  const m = DATE_ONLY.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCDate() !== Number(m[3]))
    throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return new Intl.DateTimeFormat(LOCALE[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/**
 * A moment written out in Amsterdam time: "dinsdag 24 november 2026 om 10:30" /
 * "Tuesday 24 November 2026 at 10:30".
 */
export function formatLetterDateTime(iso: string, language: LetterLanguage): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date-time: ${JSON.stringify(iso)}`);
  const parts = new Intl.DateTimeFormat(LOCALE[language], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).formatToParts(d);
  const part = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  const at = language === 'nl' ? 'om' : 'at';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} ${at} ${part('hour')}:${part('minute')}`;
}

/** Words shared by all letters. */
export const LABELS = {
  nl: {
    date: 'Datum',
    reference: 'Kenmerk',
    subject: 'Betreft',
    patient: 'Patiënt',
    birthDate: 'Geboortedatum',
    bsn: 'BSN',
    phone: 'Telefoon',
    dear: (name: string) => `Geachte ${name},`,
    regards: 'Met vriendelijke groet,',
    page: (n: number, of: number) => `Pagina ${n} van ${of}`,
  },
  en: {
    date: 'Date',
    reference: 'Reference',
    subject: 'Subject',
    patient: 'Patient',
    birthDate: 'Date of birth',
    bsn: 'BSN',
    phone: 'Telephone',
    dear: (name: string) => `Dear ${name},`,
    regards: 'Kind regards,',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;

/** A labelled block of caller-supplied text (label in bold, value as plain text). */
function labelled(label: string, value: string): Content {
  return { text: [{ text: `${label}: `, bold: true }, { text: value }], margin: [0, 0, 0, 6] };
}

function paragraph(text: string): Content {
  return { text, margin: [0, 0, 0, 8] };
}

/** Only https links become clickable; the link is printed as text either way. */
function linkText(url: string): Content {
  let safe: boolean;
  try {
    safe = new URL(url).protocol === 'https:';
  } catch {
    safe = false;
  }
  return safe ? { text: url, link: url, color: '#1a4f8b' } : { text: url };
}

function appointmentTable(
  language: LetterLanguage,
  d: { start: string; location?: string; videoLink?: string },
): Content {
  const l =
    language === 'nl'
      ? { when: 'Datum en tijd', where: 'Locatie', video: 'Videoverbinding' }
      : { when: 'Date and time', where: 'Location', video: 'Video link' };
  const rows: Content[][] = [
    [{ text: l.when, bold: true }, { text: formatLetterDateTime(d.start, language) }],
  ];
  if (d.location) rows.push([{ text: l.where, bold: true }, { text: d.location }]);
  if (d.videoLink) rows.push([{ text: l.video, bold: true }, linkText(d.videoLink)]);
  return { table: { widths: [110, '*'], body: rows }, layout: 'noBorders', margin: [0, 4, 0, 10] };
}

function phoneSentence(input: LetterInput): string {
  const phone = input.hospital.phone;
  if (input.language === 'nl')
    return phone
      ? `Heeft u vragen? Neem dan contact op met ${input.department}, telefoon ${phone}, en vermeld het kenmerk ${input.reference}.`
      : `Heeft u vragen? Neem dan contact op met ${input.department} en vermeld het kenmerk ${input.reference}.`;
  return phone
    ? `If you have any questions, please contact ${input.department} on ${phone}, quoting reference ${input.reference}.`
    : `If you have any questions, please contact ${input.department}, quoting reference ${input.reference}.`;
}

/** The body of the letter, between the salutation and the closing. */
export function letterBody(input: LetterInput): Content[] {
  const nl = input.language === 'nl';
  const patient = input.patient.name;
  switch (input.type) {
    case 'request-information': {
      const d = input.details;
      const out: Content[] = [
        paragraph(
          nl
            ? `Wij hebben uw verwijzing van ${patient} naar ${input.department} ontvangen. Om de verwijzing te kunnen beoordelen, hebben wij de volgende informatie nog nodig:`
            : `We have received your referral of ${patient} to ${input.department}. To assess the referral we still need the following information:`,
        ),
        { ul: d.missing.map((m) => ({ text: m })), margin: [0, 0, 0, 8] },
      ];
      if (d.message) out.push(paragraph(d.message));
      if (d.replyBy)
        out.push(
          paragraph(
            nl
              ? `Wij ontvangen de informatie graag uiterlijk ${formatLetterDate(d.replyBy, 'nl')}. U kunt de verwijzing aanvullen in Loket onder kenmerk ${input.reference}.`
              : `We would be grateful to receive the information by ${formatLetterDate(d.replyBy, 'en')}. You can add it to the referral in Loket under reference ${input.reference}.`,
          ),
        );
      else
        out.push(
          paragraph(
            nl
              ? `U kunt de verwijzing aanvullen in Loket onder kenmerk ${input.reference}.`
              : `You can add the information to the referral in Loket under reference ${input.reference}.`,
          ),
        );
      out.push(
        paragraph(
          nl
            ? 'Zodra de informatie compleet is, beoordelen wij de verwijzing.'
            : 'As soon as the information is complete, we will assess the referral.',
        ),
      );
      return out;
    }
    case 'rejection': {
      const d = input.details;
      const out: Content[] = [
        paragraph(
          nl
            ? `Wij hebben uw verwijzing van ${patient} naar ${input.department} zorgvuldig beoordeeld. Helaas kunnen wij de patiënt niet in behandeling nemen.`
            : `We have carefully assessed your referral of ${patient} to ${input.department}. Unfortunately we are unable to accept the patient.`,
        ),
        labelled(nl ? 'Reden' : 'Reason', d.reasonText),
        paragraph(d.explanation),
      ];
      if (d.redirect) out.push(labelled(nl ? 'Advies' : 'Advice', d.redirect));
      out.push(
        paragraph(
          nl
            ? 'Wilt u de patiënt hierover informeren? Wij hebben de verwijzing afgesloten.'
            : 'Would you please inform the patient? We have closed the referral.',
        ),
      );
      return out;
    }
    case 'invitation': {
      const d = input.details;
      const out: Content[] = [
        paragraph(
          nl
            ? `U bent verwezen naar ${input.department} van ${input.hospital.name}. Wij nodigen u uit voor uw eerste afspraak:`
            : `You have been referred to ${input.department} at ${input.hospital.name}. We would like to invite you to your first appointment:`,
        ),
        appointmentTable(input.language, d),
      ];
      if (d.notes) out.push(paragraph(d.notes));
      out.push(
        paragraph(
          d.videoLink && !d.location
            ? nl
              ? 'Het gesprek vindt plaats via een videoverbinding. Zorg dat u op tijd klaarzit op een rustige plek.'
              : 'The appointment takes place by video. Please be ready in good time, somewhere quiet.'
            : nl
              ? 'Neemt u een geldig identiteitsbewijs, uw zorgpas en een actueel overzicht van uw medicijnen mee.'
              : 'Please bring valid proof of identity, your health insurance card and an up-to-date list of your medication.',
        ),
        paragraph(
          nl
            ? `Kunt u niet op dit tijdstip? Laat het ons dan zo snel mogelijk weten. ${phoneSentence(input)}`
            : `If you cannot make this time, please let us know as soon as possible. ${phoneSentence(input)}`,
        ),
      );
      return out;
    }
    case 'appointment-confirmation': {
      const d = input.details;
      return [
        paragraph(
          nl
            ? `Hierbij bevestigen wij dat uw patiënt ${patient} een eerste afspraak heeft bij ${input.department}:`
            : `We hereby confirm that your patient ${patient} has a first appointment with ${input.department}:`,
        ),
        appointmentTable(input.language, d),
        paragraph(
          nl
            ? 'Na het consult ontvangt u van ons een terugrapportage.'
            : 'You will receive our report after the consultation.',
        ),
      ];
    }
    case 'feedback': {
      const d = input.details;
      const out: Content[] = [
        paragraph(
          nl
            ? `Uw patiënt ${patient} is op consult geweest bij ${input.department}. Hieronder vindt u onze bevindingen.`
            : `Your patient ${patient} has been seen at ${input.department}. Please find our findings below.`,
        ),
        paragraph(d.summary),
      ];
      if (d.endOfTreatment)
        out.push(
          paragraph(
            nl
              ? 'De behandeling bij ons is afgerond. Wij dragen de zorg weer aan u over.'
              : 'Treatment with us has been completed. We hand the care back to you.',
          ),
        );
      else if (d.endOfTreatment === false)
        out.push(
          paragraph(
            nl
              ? 'De behandeling bij ons loopt door. U hoort van ons wanneer deze is afgerond.'
              : 'Treatment with us continues. We will let you know when it has been completed.',
          ),
        );
      return out;
    }
    case 'cancellation': {
      const d = input.details;
      return [
        paragraph(
          nl
            ? `Hierbij laten wij u weten dat de verwijzing met kenmerk ${input.reference} (${input.department}) is geannuleerd.`
            : `We would like to let you know that the referral with reference ${input.reference} (${input.department}) has been cancelled.`,
        ),
        labelled(nl ? 'Reden' : 'Reason', d.reason),
        paragraph(phoneSentence(input)),
      ];
    }
    case 'mdo-report': {
      const d = input.details;
      const out: Content[] = [
        paragraph(
          nl
            ? `Uw patiënt ${patient} is besproken in het multidisciplinair overleg "${d.meetingTitle}" van ${input.department} op ${formatLetterDateTime(d.meetingAt, 'nl')}.`
            : `Your patient ${patient} was discussed at the multidisciplinary meeting "${d.meetingTitle}" of ${input.department} on ${formatLetterDateTime(d.meetingAt, 'en')}.`,
        ),
        labelled(nl ? 'Diagnose' : 'Diagnosis', d.diagnosis),
        labelled(nl ? 'Behandeladvies' : 'Treatment advice', d.treatmentAdvice),
      ];
      if (d.copyOf)
        out.push(
          paragraph(
            nl
              ? `Dit is een kopie; de terugrapportage is verstuurd aan ${d.copyOf}.`
              : `This is a copy; the report was sent to ${d.copyOf}.`,
          ),
        );
      return out;
    }
    case 'takeover-confirmed': {
      const d = input.details;
      return [
        paragraph(
          nl
            ? `Uw patiënt ${patient} heeft ervoor gekozen de behandeling voort te zetten bij ${input.department} van ${input.hospital.name}. Wij hebben de overname van de behandeling bevestigd.`
            : `Your patient ${patient} has chosen to continue treatment at ${input.department} of ${input.hospital.name}. We have confirmed the takeover of treatment.`,
        ),
        labelled(nl ? 'Vorige hoofdbehandelaar' : 'Previous main practitioner', d.previousPractitioner),
        labelled(nl ? 'Nieuwe hoofdbehandelaar' : 'New main practitioner', d.newPractitioner),
        labelled(nl ? 'Met ingang van' : 'With effect from', formatLetterDateTime(d.since, input.language)),
        paragraph(
          nl
            ? 'Tot dit moment bleef uw ziekenhuis verantwoordelijk voor de zorg, ook voor acute zorg. Wilt u de medische gegevens die wij nog nodig hebben aan ons overdragen?'
            : 'Until this moment your hospital remained responsible for care, including acute care. Would you please hand over the medical records we still need?',
        ),
      ];
    }
    case 'second-opinion-outcome': {
      const d = input.details;
      const out: Content[] = [
        paragraph(
          nl
            ? `De specialisten van ${input.department} hebben de gegevens voor de second opinion van ${patient} beoordeeld.`
            : `The specialists of ${input.department} have reviewed the records for the second opinion of ${patient}.`,
        ),
        labelled(nl ? 'Uitkomst' : 'Outcome', d.outcome),
      ];
      if (d.examinations?.length)
        out.push(labelled(nl ? 'Aanvullend onderzoek' : 'Extra examinations', d.examinations.join('; ')));
      if (d.explanation) out.push(labelled(nl ? 'Toelichting' : 'Explanation', d.explanation));
      out.push(
        paragraph(
          nl
            ? 'De behandelend specialist blijft de hoofdbehandelaar; de patiënt keert na de second opinion daar terug.'
            : 'The treating specialist remains the main practitioner; the patient returns there after the second opinion.',
        ),
      );
      return out;
    }
  }
}
