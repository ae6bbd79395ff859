import type { Transaction } from 'kysely';
import type { Database } from '@loket/db';
import type { IncidentState, Language } from '@loket/domain';
import { enqueueMessage } from '../messages/outbox.ts';

/**
 * E-mail to the reporter when the transmural team moves the report on or writes to them (R-INC-01: the reporter
 * sees its progress). Queued in the transaction of the change. The mail names the reference and where to read
 * more, never the patient: the details stay behind the sign-in.
 */
const stateWords: Record<IncidentState, Record<Language, string>> = {
  received: { nl: 'ontvangen', en: 'received' },
  'in-triage': {
    nl: 'in behandeling genomen door het transmurale team',
    en: 'taken up by the transmural team',
  },
  'under-investigation': { nl: 'wordt onderzocht', en: 'under investigation' },
  closed: { nl: 'afgesloten, met een conclusie', en: 'closed, with a conclusion' },
};

export interface IncidentMailContext {
  trx: Transaction<Database>;
  publicUrl: string;
  language: Language;
  recipient: string;
  reference: string;
}

function footer(ctx: IncidentMailContext): string {
  const link = `${ctx.publicUrl}/incidents`;
  return ctx.language === 'nl'
    ? `U vindt de melding ${ctx.reference}, de berichten en de voortgang in Loket:\n${link}\n\nDit bericht is automatisch verstuurd door Loket.`
    : `You will find report ${ctx.reference}, its messages and its progress in Loket:\n${link}\n\nThis message was sent automatically by Loket.`;
}

export async function mailStateChange(ctx: IncidentMailContext, to: IncidentState): Promise<void> {
  const words = stateWords[to][ctx.language];
  await enqueueMessage(ctx.trx, {
    referralId: null,
    letterId: null,
    recipient: ctx.recipient,
    subject:
      ctx.language === 'nl'
        ? `Incidentmelding ${ctx.reference}: ${words}`
        : `Incident report ${ctx.reference}: ${words}`,
    body:
      (ctx.language === 'nl'
        ? `Uw melding van een transmuraal incident is ${words}.`
        : `Your transmural incident report is ${words}.`) + `\n\n${footer(ctx)}`,
  });
}

export async function mailMessage(ctx: IncidentMailContext): Promise<void> {
  await enqueueMessage(ctx.trx, {
    referralId: null,
    letterId: null,
    recipient: ctx.recipient,
    subject:
      ctx.language === 'nl'
        ? `Incidentmelding ${ctx.reference}: nieuw bericht van het transmurale team`
        : `Incident report ${ctx.reference}: new message from the transmural team`,
    body:
      (ctx.language === 'nl'
        ? 'Het transmurale team heeft u een bericht gestuurd over uw melding.'
        : 'The transmural team has sent you a message about your report.') + `\n\n${footer(ctx)}`,
  });
}
