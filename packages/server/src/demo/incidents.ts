import { findUserIdByEmail } from '@loket/db';
import type { IncidentAction, IncidentReportInput } from '@loket/domain';
import type { LoketContext } from '../context.ts';
import { IncidentService } from '../incidents/service.ts';
import { actorFor } from '../referrals/actor.ts';
import { todayInAmsterdam } from '../settings/service.ts';

/**
 * Demo incident reports by the demo family doctor, in every state, handled by the demo transmural team through
 * the same service the API uses; one points at a demo referral of the doctor.
 */
const daysAgo = (n: number) => {
  const d = new Date(`${todayInAmsterdam()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

const reporter = {
  name: 'Dr. Anna de Vries (huisarts)',
  organisation: 'Huisartsenpraktijk De Linde',
  phone: '071 512 3456',
  email: 'huisarts@demo.loket.nl',
};

type Step = { action: IncidentAction; input?: Record<string, unknown> } | { message: string };

interface DemoIncident {
  report: Omit<IncidentReportInput, 'reporter'>;
  linkReferral?: boolean;
  steps: Step[];
}

const incidents: DemoIncident[] = [
  {
    report: {
      occurredOn: daysAgo(3),
      description:
        'Patiënt werd ontslagen met een nieuw recept voor apixaban, maar de ontslagbrief noemde nog acenocoumarol. De apotheek leverde beide.',
      suggestions: 'Medicatieoverdracht bij ontslag controleren tegen het actuele medicatieoverzicht.',
      departmentId: 'internal-medicine',
      careSetting: 'clinic',
      patient: { initials: 'H.', birthName: 'de Graaf', birthDate: '1949-01-05', hospitalNumber: null },
      consequences: 'Twee dagen dubbele antistolling; geen bloeding.',
      actionTaken: 'Acenocoumarol gestopt, trombosedienst geïnformeerd.',
    },
    steps: [],
  },
  {
    report: {
      occurredOn: daysAgo(12),
      occurredUntil: daysAgo(9),
      description:
        'Uitslag van de CT-thorax werd niet naar de huisarts gestuurd; de patiënt belde zelf na drie dagen.',
      suggestions: 'Uitslagen van aanvullend onderzoek standaard in kopie naar de huisarts.',
      departmentId: 'pulmonology',
      careSetting: 'outpatient-clinic',
      patient: { initials: 'S.', birthName: 'Willems', birthDate: '1990-06-21', hospitalNumber: '2045123' },
      consequences: 'Onrust bij de patiënt; geen medische gevolgen.',
      actionTaken: null,
    },
    steps: [
      { action: 'start-triage', input: { note: 'In behandeling genomen' } },
      { message: 'Dank voor uw melding. Weet u nog wie de CT heeft aangevraagd?' },
    ],
  },
  {
    linkReferral: true,
    report: {
      occurredOn: daysAgo(20),
      description:
        'De verwijzing kwam aan, maar de patiënt kreeg pas na vijf weken een uitnodiging, terwijl binnen vier weken was gevraagd.',
      suggestions: 'Bij overschrijding van de termijn de verwijzer informeren.',
      departmentId: 'internal-medicine',
      careSetting: 'outpatient-clinic',
      patient: { initials: 'D.', birthName: 'Bakker', birthDate: '1961-04-12', hospitalNumber: null },
      consequences: 'Vertraging in de diagnostiek van een anemie.',
      actionTaken: 'Telefonisch contact met de polikliniek.',
    },
    steps: [
      { action: 'start-triage' },
      { action: 'investigate', input: { note: 'Navraag bij de polikliniek interne geneeskunde' } },
    ],
  },
  {
    report: {
      occurredOn: daysAgo(45),
      description: 'Bij ontslag ontbrak het ontslagbericht; de thuiszorg wist niet welke wondzorg nodig was.',
      suggestions: null,
      departmentId: 'orthopedics',
      careSetting: 'clinic',
      patient: { initials: 'K.', birthName: 'Brouwer', birthDate: '1940-08-08', hospitalNumber: '1987654' },
      consequences: 'Een dag geen wondzorg.',
      actionTaken: 'Afdeling gebeld; het bericht is nagestuurd.',
    },
    steps: [
      { action: 'start-triage' },
      { action: 'investigate' },
      {
        action: 'close',
        input: {
          conclusion:
            'Het ontslagbericht voor de thuiszorg werd handmatig verstuurd en werd vergeten. Maatregel: het bericht gaat nu automatisch mee bij het ontslag; besproken in het teamoverleg orthopedie.',
        },
      },
    ],
  },
];

export async function seedDemoIncidents(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals' | 'catalog' | 'config'>,
): Promise<void> {
  const actor = async (email: string) => {
    const id = await findUserIdByEmail(ctx.db, email);
    if (!id) throw new Error(`demo account ${email} missing`);
    return actorFor(ctx.db, id, 'demo-seed');
  };
  const gp = await actor('huisarts@demo.loket.nl');
  const team = await actor('transmuraal@demo.loket.nl');
  const service = new IncidentService({
    db: ctx.db,
    audit: ctx.audit,
    catalog: ctx.catalog,
    publicUrl: ctx.config.publicUrl,
  });
  const linkable = await ctx.db
    .selectFrom('referral')
    .select('reference')
    .where('created_by', '=', gp.userId)
    .where('department_id', '=', 'internal-medicine')
    .where('state', '!=', 'draft')
    .orderBy('created_at')
    .executeTakeFirst();
  for (const i of incidents) {
    const row = await service.report(
      gp,
      { ...i.report, reporter, referralReference: i.linkReferral ? (linkable?.reference ?? null) : null },
      null,
    );
    for (const step of i.steps) {
      if ('message' in step) await service.message(team, row.id, { text: step.message }, null);
      else await service.act(team, row.id, step.action, step.input ?? {}, null);
    }
  }
}
