import type { Transaction } from 'kysely';
import type { Database, ReferralRow } from '@loket/db';
import { resolveText, type Language, type RejectionReason } from '@loket/domain';
import { registeredSecureMail } from '../gp-registry/secure-mail.ts';
import { storeLetter, type LetterChannel, type LetterRecipientRole } from '../letters/letters.ts';
import type { LetterInput } from '../letters/templates.ts';
import { enqueueMessage } from '../messages/outbox.ts';
import { consentWait, holdLetter, type ConsentWait } from '../consent/holds.ts';
import { todayInAmsterdam } from '../settings/service.ts';
import { costsAtIntake } from '../costs/service.ts';
import type { ReferralNotifier, TransitionContext } from './service.ts';

/**
 * Letters and e-mail that follow each step (R-REF-06, R-COM-03): every letter is kept as a PDF on the referral and
 * sent by e-mail where the recipient has an address, through the outbox, in the transaction of the step. E-mail
 * bodies name the reference and a link, never the BSN (R-ID-04); the PDF goes along as an attachment.
 */
const rejectionWords: Record<RejectionReason, Record<Language, string>> = {
  'outside-expertise': {
    nl: 'De vraag valt buiten de expertise van de afdeling.',
    en: "The question is outside the department's expertise.",
  },
  'better-elsewhere': {
    nl: 'De zorg kan beter elders worden gegeven.',
    en: 'The care is better provided elsewhere.',
  },
  'no-capacity': {
    nl: 'De afdeling heeft geen capaciteit om de patiënt tijdig te zien.',
    en: 'The department cannot see the patient in time.',
  },
  'insufficient-information': {
    nl: 'De verwijzing bevat onvoldoende gegevens.',
    en: 'The referral does not contain enough information.',
  },
  'referral-stop': {
    nl: 'De afdeling neemt dit soort verwijzingen niet meer aan.',
    en: 'The department no longer accepts this kind of referral.',
  },
  'not-allowed-referrer': {
    nl: 'Deze afdeling neemt verwijzingen voor deze vraag alleen aan van bepaalde verwijzers.',
    en: 'The department accepts referrals for this question only from certain referrers.',
  },
  other: { nl: 'Zie de toelichting.', en: 'See the explanation.' },
};

const subjects: Record<string, Record<Language, (ref: string, dept: string) => string>> = {
  received: {
    nl: (r, d) => `Verwijzing ${r} ontvangen door ${d}`,
    en: (r, d) => `Referral ${r} received by ${d}`,
  },
  'request-information': {
    nl: (r) => `Verwijzing ${r}: aanvullende gegevens gevraagd`,
    en: (r) => `Referral ${r}: more information requested`,
  },
  rejection: { nl: (r) => `Verwijzing ${r}: niet aangenomen`, en: (r) => `Referral ${r}: not accepted` },
  invitation: {
    nl: (r, d) => `Uitnodiging voor uw afspraak bij ${d} (${r})`,
    en: (r, d) => `Invitation to your appointment at ${d} (${r})`,
  },
  'appointment-confirmation': {
    nl: (r) => `Verwijzing ${r}: eerste afspraak gepland`,
    en: (r) => `Referral ${r}: first appointment made`,
  },
  feedback: { nl: (r) => `Verwijzing ${r}: terugrapportage`, en: (r) => `Referral ${r}: feedback report` },
  cancellation: { nl: (r) => `Verwijzing ${r}: geannuleerd`, en: (r) => `Referral ${r}: cancelled` },
  'mdo-report': {
    nl: (r) => `Verwijzing ${r}: terugrapportage multidisciplinair overleg`,
    en: (r) => `Referral ${r}: report of the multidisciplinary meeting`,
  },
  forwarded: {
    nl: (r, d) => `Verwijzing ${r} doorgestuurd naar ${d}`,
    en: (r, d) => `Referral ${r} forwarded to ${d}`,
  },
};

function body(lang: Language, text: string, link: string): string {
  return lang === 'nl'
    ? `${text}\n\nU vindt de verwijzing, de tijdlijn en de brief in Loket:\n${link}\n\nDit bericht is automatisch verstuurd door Loket.`
    : `${text}\n\nYou will find the referral, its timeline and the letter in Loket:\n${link}\n\nThis message was sent automatically by Loket.`;
}

interface Recipient {
  role: LetterRecipientRole;
  name: string;
  email: string | null;
  /** Secure mail when the address comes from the family-doctor registry (R-GP-01). */
  channel: LetterChannel;
}

const channelOf = (email: string | null): LetterChannel => (email ? 'email' : 'none');

export class LetterNotifier implements ReferralNotifier {
  private readonly publicUrl: string;

  constructor(options: { publicUrl: string }) {
    this.publicUrl = options.publicUrl;
  }

  async afterTransition(ctx: TransitionContext): Promise<void> {
    const r = ctx.after;
    // Letters go in the referrer's language: English for a doctor abroad who uses Loket in English.
    const profile = r.referrer_user_id
      ? await ctx.trx
          .selectFrom('user_profile')
          .select('locale')
          .where('user_id', '=', r.referrer_user_id)
          .executeTakeFirst()
      : undefined;
    const lang: Language = profile?.locale === 'en' ? 'en' : 'nl';
    const p = r.patient as Record<string, string | null>;
    // Letters to family doctors are addressed through the registry: its confirmed secure-mail address for the AGB
    // code wins over the address typed on the referral (R-GP-01, R-COM-03).
    const referrerSecure = await registeredSecureMail(ctx.trx, r.referrer_agb);
    const doctorSecure =
      p.familyDoctorAgb === r.referrer_agb
        ? referrerSecure
        : await registeredSecureMail(ctx.trx, p.familyDoctorAgb);
    const referrer: Recipient = {
      role: 'referrer',
      name: r.referrer_name ?? '',
      email: referrerSecure ?? r.referrer_email,
      channel: referrerSecure ? 'secure-mail' : channelOf(r.referrer_email),
    };
    const doctorEmail = doctorSecure ?? p.familyDoctorEmail ?? null;
    const sameAsReferrer = doctorEmail === r.referrer_email || doctorEmail === referrer.email;
    const familyDoctor: Recipient | null =
      doctorEmail && !sameAsReferrer
        ? {
            role: 'family-doctor',
            name: p.familyDoctorName ?? '',
            email: doctorEmail,
            channel: doctorSecure ? 'secure-mail' : 'email',
          }
        : null;
    const patient: Recipient = {
      role: 'patient',
      name: [p.givenName, p.familyName].filter(Boolean).join(' '),
      email: p.email ?? null,
      channel: channelOf(p.email ?? null),
    };
    const department = resolveText(ctx.department.name, lang).text;
    const link = `${this.publicUrl}/referrals/${r.id}`;
    const i = ctx.input;

    switch (ctx.action) {
      case 'submit':
      case 'register':
        await this.message(
          ctx.trx,
          r,
          null,
          referrer,
          'received',
          department,
          lang,
          lang === 'nl'
            ? `Uw verwijzing ${r.reference} naar ${department} is ontvangen.`
            : `Your referral ${r.reference} to ${department} has been received.`,
          link,
        );
        // R-COST-01, R-COST-02: a second opinion reminds the patient to check coverage and flags a second in a year.
        await costsAtIntake(ctx.trx, r, this.publicUrl);
        return;
      case 'request-information':
        await this.letter(
          ctx,
          referrer,
          {
            type: 'request-information',
            details: { missing: i.missing as string[], ...(i.message ? { message: String(i.message) } : {}) },
          },
          lang,
          department,
          link,
        );
        return;
      case 'reject': {
        const details = {
          reasonText: rejectionWords[i.reasonCode as RejectionReason][lang],
          explanation: String(i.explanation),
          ...(i.redirect ? { redirect: String(i.redirect) } : {}),
        };
        await this.letter(ctx, referrer, { type: 'rejection', details }, lang, department, link);
        if (familyDoctor)
          await this.letter(ctx, familyDoctor, { type: 'rejection', details }, lang, department, link);
        return;
      }
      case 'schedule':
      case 'reschedule': {
        const when = {
          start: String(i.start),
          ...(i.location ? { location: String(i.location) } : {}),
          ...(i.videoLink ? { videoLink: String(i.videoLink) } : {}),
        };
        await this.letter(
          ctx,
          patient,
          { type: 'invitation', details: { ...when, ...(i.notes ? { notes: String(i.notes) } : {}) } },
          lang,
          department,
          link,
        );
        await this.letter(
          ctx,
          familyDoctor ?? referrer,
          { type: 'appointment-confirmation', details: when },
          lang,
          department,
          link,
        );
        return;
      }
      case 'complete': {
        if (i.mdo) {
          // R-COM-01: after an MDO the report goes to the family doctor at once (never held for consent; it is not
          // the results letter after treatment) and the referring specialist gets a copy. Without an address the
          // family doctor's letter is still kept on the referral, so its (non-)delivery is visible.
          const mdo = i.mdo as {
            meetingTitle: string;
            meetingAt: string;
            diagnosis: string;
            treatmentAdvice: string;
          };
          const referrerIsGp = r.referrer_kind === 'family-doctor' && (!doctorEmail || sameAsReferrer);
          const gp: Recipient = referrerIsGp
            ? { ...referrer, role: 'family-doctor' }
            : (familyDoctor ?? {
                role: 'family-doctor',
                name: p.familyDoctorName ?? '',
                email: null,
                channel: 'none',
              });
          await this.letter(ctx, gp, { type: 'mdo-report', details: mdo }, lang, department, link);
          if (!referrerIsGp)
            await this.letter(
              ctx,
              referrer,
              {
                type: 'mdo-report',
                details: { ...mdo, copyOf: gp.name || (lang === 'nl' ? 'de huisarts' : 'the family doctor') },
              },
              lang,
              department,
              link,
            );
          return;
        }
        const details = { summary: String(i.summary), endOfTreatment: Boolean(i.endOfTreatment) };
        await this.letter(ctx, referrer, { type: 'feedback', details }, lang, department, link);
        if (familyDoctor)
          await this.letter(ctx, familyDoctor, { type: 'feedback', details }, lang, department, link);
        return;
      }
      case 'cancel':
        if (ctx.actor.userId !== r.created_by)
          await this.letter(
            ctx,
            referrer,
            { type: 'cancellation', details: { reason: String(i.reason) } },
            lang,
            department,
            link,
          );
        return;
      case 'forward':
        await this.message(
          ctx.trx,
          r,
          null,
          referrer,
          'forwarded',
          department,
          lang,
          lang === 'nl'
            ? `Uw verwijzing ${r.reference} is doorgestuurd naar ${department}; de geschiedenis blijft bewaard.`
            : `Your referral ${r.reference} has been forwarded to ${department}; its history is kept.`,
          link,
        );
        return;
      default:
        return;
    }
  }

  private async letter(
    ctx: TransitionContext,
    to: Recipient,
    content: Pick<LetterInput, 'type' | 'details'> & { type: LetterInput['type'] },
    lang: Language,
    department: string,
    link: string,
  ) {
    const r = ctx.after;
    const p = r.patient as Record<string, string | null>;
    const hospital = ctx.hospital;
    const input = {
      ...content,
      language: lang,
      date: todayInAmsterdam(),
      hospital: { name: resolveText(hospital.name, lang).text },
      department,
      reference: r.reference,
      recipient: { name: to.name || (lang === 'nl' ? 'Geachte collega' : 'Dear colleague') },
      patient: {
        name: [p.givenName, p.familyName].filter(Boolean).join(' '),
        birthDate: p.birthDate ?? '',
        bsn: p.bsn ?? null,
      },
    } as LetterInput;
    const stored = await storeLetter(ctx.trx, {
      referralId: r.id,
      input,
      recipientRole: to.role,
      createdBy: ctx.actor.userId,
      channel: to.channel,
    });
    // R-COM-02, R-CON-03: the results letter after treatment waits for the patient's consent (needsConsent).
    const wait = await consentWait(
      ctx.trx,
      r,
      content.type,
      to.role,
      ctx.action !== 'complete' ? 'other' : ctx.input.mdo ? 'after-mdo' : 'after-treatment',
    );
    await this.message(
      ctx.trx,
      r,
      stored.id,
      to,
      content.type,
      department,
      lang,
      lang === 'nl'
        ? 'Er is een brief voor u over deze verwijzing (bijlage).'
        : 'There is a letter for you about this referral (attached).',
      link,
      wait,
    );
  }

  private async message(
    trx: Transaction<Database>,
    r: ReferralRow,
    letterId: string | null,
    to: Recipient,
    kind: string,
    department: string,
    lang: Language,
    text: string,
    link: string,
    wait: ConsentWait | null = null,
  ) {
    if (wait && letterId) {
      await holdLetter(trx, wait, {
        letterId,
        recipient: to.email,
        recipientRole: to.role,
        subject: subjects[kind]![lang](r.reference, department),
        body: body(lang, text, link),
      });
      return;
    }
    // Without an address the letter waits in Loket (and on paper); its state shows that nothing was e-mailed.
    if (!to.email) return;
    await enqueueMessage(trx, {
      referralId: r.id,
      letterId,
      recipient: to.email,
      subject: subjects[kind]![lang](r.reference, department),
      body: body(lang, text, link),
    });
  }
}
