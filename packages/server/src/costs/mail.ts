import type { Transaction } from 'kysely';
import type { Database, ReferralRow } from '@loket/db';
import { formatEuro, type Language } from '@loket/domain';
import { enqueueMessage } from '../messages/outbox.ts';

/**
 * E-mail to the patient about the costs of a second opinion (R-COST-01, R-COST-03, R-COST-04), queued in the
 * transaction of the change. Like every Loket e-mail it names the reference and a link, never the BSN.
 */
export type CostsMail = 'check-coverage' | 'advance-requested' | 'insured-abroad';

/** The patient's address: from the referral, else from the patient record. */
async function patientAddress(trx: Transaction<Database>, r: ReferralRow): Promise<string | null> {
  const p = r.patient as Record<string, string | null>;
  if (p.email) return p.email;
  if (!r.patient_id) return null;
  const row = await trx
    .selectFrom('patient')
    .select('email')
    .where('id', '=', r.patient_id)
    .executeTakeFirst();
  return row?.email ?? null;
}

/** English when the patient's own account is set to English; Dutch otherwise. */
async function patientLanguage(trx: Transaction<Database>, r: ReferralRow): Promise<Language> {
  if (!r.patient_id) return 'nl';
  const row = await trx
    .selectFrom('patient_account')
    .innerJoin('user_profile', 'user_profile.user_id', 'patient_account.user_id')
    .select('user_profile.locale')
    .where('patient_account.patient_id', '=', r.patient_id)
    .executeTakeFirst();
  return row?.locale === 'en' ? 'en' : 'nl';
}

const texts: Record<
  CostsMail,
  Record<Language, { subject: (ref: string) => string; body: (amount: string) => string }>
> = {
  'check-coverage': {
    nl: {
      subject: (ref) => `Second opinion ${ref}: vraag uw zorgverzekeraar of hij de kosten vergoedt`,
      body: () =>
        'Wij hebben uw aanvraag voor een second opinion ontvangen. Vraag uw zorgverzekeraar vooraf of hij de second opinion vergoedt: de meeste verzekeraars vergoeden er één per jaar. Vult u daarna in Loket in wat de verzekeraar heeft gezegd.',
    },
    en: {
      subject: (ref) => `Second opinion ${ref}: ask your health insurer whether it covers the costs`,
      body: () =>
        'We have received your request for a second opinion. Ask your health insurer beforehand whether it covers the second opinion: most insurers cover one a year. Then record in Loket what the insurer said.',
    },
  },
  'advance-requested': {
    nl: {
      subject: (ref) => `Second opinion ${ref}: voorschot`,
      body: (amount) =>
        `Uw zorgverzekeraar vergoedt de second opinion niet. Wij vragen u daarom een voorschot van ${amount} te betalen voordat de afspraak wordt gemaakt. De werkelijke kosten berekenen we achteraf. Onze zorgadministratie neemt contact met u op over de betaling.`,
    },
    en: {
      subject: (ref) => `Second opinion ${ref}: advance payment`,
      body: (amount) =>
        `Your health insurer does not cover the second opinion. We therefore ask you to pay an advance of ${amount} before the appointment is made. The real cost is calculated afterwards. Our care administration will contact you about the payment.`,
    },
  },
  'insured-abroad': {
    nl: {
      subject: (ref) => `Second opinion ${ref}: verzekerd in het buitenland`,
      body: () =>
        'U bent in het buitenland verzekerd. Het is dan onzeker of uw verzekeraar de kosten vergoedt. Voordat er een afspraak wordt gemaakt, regelt ons Team Zorgkosten de kosten met u; het team neemt contact met u op.',
    },
    en: {
      subject: (ref) => `Second opinion ${ref}: insured abroad`,
      body: () =>
        'You are insured outside the Netherlands, so it is uncertain whether your insurer covers the costs. Before an appointment is made, our costs team arranges the costs with you; the team will contact you.',
    },
  },
};

/** Queues the e-mail; without an address the reminder on the referral page is all the patient gets. */
export async function mailPatient(
  trx: Transaction<Database>,
  r: ReferralRow,
  kind: CostsMail,
  publicUrl: string,
  amountCents = 0,
): Promise<boolean> {
  const to = await patientAddress(trx, r);
  if (!to) return false;
  const lang = await patientLanguage(trx, r);
  const t = texts[kind][lang];
  const link = `${publicUrl}/referrals/${r.id}`;
  const footer =
    lang === 'nl'
      ? `\n\nU vindt uw aanvraag in Loket:\n${link}\n\nDit bericht is automatisch verstuurd door Loket.`
      : `\n\nYou will find your request in Loket:\n${link}\n\nThis message was sent automatically by Loket.`;
  await enqueueMessage(trx, {
    referralId: r.id,
    letterId: null,
    recipient: to,
    subject: t.subject(r.reference),
    body: t.body(formatEuro(amountCents, lang)) + footer,
  });
  return true;
}
