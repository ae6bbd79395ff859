import { findUserIdByEmail, upsertGpDoctor, upsertGpPractice } from '@loket/db';
import type { LoketContext } from '../context.ts';
import { systemActor } from '../audit/trail.ts';

/**
 * Demo data of gp-registry (R-GP-01): three practices in and around Leiden, their family doctors (the demo family
 * doctor at De Linde, without a secure-mail address yet), and one registration waiting for the Vektis check: a new
 * doctor taking over a practice, whose known patients move on confirmation.
 */
const practices = [
  {
    agbCode: '01999100',
    name: 'Huisartsenpraktijk De Linde',
    street: 'Lindenlaan',
    houseNumber: '4',
    postcode: '2313 AB',
    city: 'Leiden',
  },
  {
    agbCode: '01999101',
    name: 'Huisartsenpraktijk Rijnzicht',
    street: 'Rijnkade',
    houseNumber: '18',
    postcode: '2312 ER',
    city: 'Leiden',
  },
  {
    agbCode: '01999102',
    name: 'Gezondheidscentrum Merenwijk',
    street: 'Merenwijkplein',
    houseNumber: '1',
    postcode: '2317 AA',
    city: 'Leiden',
  },
];

const doctors = [
  {
    agbCode: '01999001',
    name: 'Dr. Anna de Vries (huisarts)',
    practice: '01999100',
    email: 'huisarts@demo.loket.nl',
    secureMail: null,
  },
  {
    agbCode: '01999003',
    name: 'Dr. Jeroen Bakker',
    practice: '01999101',
    email: null,
    secureMail: 'j.bakker@zorgmail.demo.loket.nl',
  },
  {
    agbCode: '01999004',
    name: 'Dr. Sanne Smit',
    practice: '01999102',
    email: null,
    secureMail: 's.smit@zorgmail.demo.loket.nl',
  },
];

/** Patients of Dr. Smit known to the hospital, who move when the takeover is confirmed. */
const knownPatients = [
  { bsn: '999990159', given_name: 'Wim', family_name: 'Vermeulen', birth_date: '1952-10-03' },
  { bsn: '999990160', given_name: 'Els', family_name: 'Dekker', birth_date: '1947-04-22' },
];

export async function seedDemoGpRegistry(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const practiceIds = new Map<string, string>();
    for (const p of practices) practiceIds.set(p.agbCode, await upsertGpPractice(trx, p));
    for (const d of doctors) {
      const userId = d.email ? ((await findUserIdByEmail(trx, d.email)) ?? null) : null;
      const id = await upsertGpDoctor(trx, {
        agbCode: d.agbCode,
        name: d.name,
        userId,
        startedOn: '2015-01-01',
      });
      if (d.secureMail)
        await trx
          .updateTable('gp_doctor')
          .set({
            secure_mail: d.secureMail,
            secure_mail_confirmed_at: new Date('2026-01-15T10:00:00Z'),
            secure_mail_confirmed_by: 'Hanna de Boer (zorgadministratie)',
          })
          .where('id', '=', id)
          .execute();
      await trx
        .insertInto('gp_affiliation')
        .values({ doctor_id: id, practice_id: practiceIds.get(d.practice)!, started_on: '2015-01-01' })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const p of knownPatients)
      await trx
        .insertInto('patient')
        .values({
          id: crypto.randomUUID(),
          ...p,
          city: 'Leiden',
          family_doctor_name: 'Dr. Sanne Smit',
          family_doctor_agb: '01999004',
          family_doctor_email: 's.smit@zorgmail.demo.loket.nl',
        })
        .onConflict((oc) => oc.column('bsn').doNothing())
        .execute();
    const pending = await trx
      .insertInto('gp_registration')
      .values({
        kind: 'new-in-region',
        doctor_agb: '01999005',
        doctor_name: 'Dr. Mila Jansen',
        submitted_by: 'demo',
        submitted_at: new Date(),
        request: JSON.stringify({
          kind: 'new-in-region',
          practice: {
            name: 'Gezondheidscentrum Merenwijk',
            agbCode: '01999102',
            street: null,
            houseNumber: null,
            postcode: null,
            city: 'Leiden',
          },
          effectiveOn: '2026-12-01',
          takesOverFromAgb: '01999004',
          secureMail: 'm.jansen@zorgmail.demo.loket.nl',
          note: 'Ik neem de praktijk van dr. Smit over; zij gaat met pensioen.',
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.audit.record(trx, systemActor, {
      eventType: 'gp-registry.register',
      action: 'C',
      objectType: 'gp-registration',
      objectId: pending.id,
      details: { kind: 'new-in-region', demo: true },
    });
  });
}
