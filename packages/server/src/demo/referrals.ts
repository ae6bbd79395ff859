import type { Kysely } from 'kysely';
import { findUserIdByEmail, type Database } from '@loket/db';
import type { DraftInput } from '@loket/domain';
import { actorFor } from '../referrals/actor.ts';
import type { ReferralService } from '../referrals/service.ts';
import { daanBakker, type DemoPatient } from './patients.ts';

/**
 * A living demo desk: referrals in every state, across departments and channels, made through the same service
 * the API uses (so timelines, deadlines, audit records, letters and messages are real). Test BSNs only.
 */
const patients: DemoPatient[] = [
  daanBakker,
  {
    bsn: '999990032',
    givenName: 'Fatima',
    familyName: 'El Amrani',
    birthDate: '1978-09-30',
    street: 'Haarlemmerstraat',
    houseNumber: '45',
    postcode: '2312 DK',
    city: 'Leiden',
    phone: '+31612345602',
  },
  {
    bsn: '999990044',
    givenName: 'Henk',
    familyName: 'de Graaf',
    birthDate: '1949-01-05',
    street: 'Hoofdstraat',
    houseNumber: '3',
    postcode: '2171 AT',
    city: 'Sassenheim',
    phone: '+31612345603',
  },
  {
    bsn: '999990056',
    givenName: 'Sanne',
    familyName: 'Willems',
    birthDate: '1990-06-21',
    street: 'Lammenschansweg',
    houseNumber: '88',
    postcode: '2313 DP',
    city: 'Leiden',
    phone: '+31612345604',
  },
  {
    bsn: '999990068',
    givenName: 'Piet',
    familyName: 'Hoekstra',
    birthDate: '1955-11-11',
    street: 'Rijnsburgerweg',
    houseNumber: '10',
    postcode: '2334 BA',
    city: 'Leiden',
    phone: '+31612345605',
  },
  {
    bsn: '999990081',
    givenName: 'Anouk',
    familyName: 'Verbeek',
    birthDate: '1983-02-14',
    street: 'Oude Singel',
    houseNumber: '22',
    postcode: '2312 RB',
    city: 'Leiden',
    phone: '+31612345606',
  },
  {
    bsn: '999990093',
    givenName: 'Kees',
    familyName: 'Brouwer',
    birthDate: '1940-08-08',
    street: 'Dorpsstraat',
    houseNumber: '7',
    postcode: '2361 BC',
    city: 'Warmond',
    phone: '+31612345607',
  },
  {
    bsn: '999990111',
    givenName: 'Lotte',
    familyName: 'Jacobs',
    birthDate: '1999-12-01',
    street: 'Morsweg',
    houseNumber: '150',
    postcode: '2332 ES',
    city: 'Leiden',
    phone: '+31612345608',
  },
  {
    bsn: '999990123',
    givenName: 'Mohamed',
    familyName: 'Yilmaz',
    birthDate: '1970-03-17',
    street: 'Kanaalweg',
    houseNumber: '5',
    postcode: '2321 JN',
    city: 'Leiden',
    phone: '+31612345609',
  },
  {
    bsn: '999990135',
    givenName: 'Ingrid',
    familyName: 'Kok',
    birthDate: '1966-07-04',
    street: 'Stationsweg',
    houseNumber: '30',
    postcode: '2312 AV',
    city: 'Leiden',
    phone: '+31612345610',
  },
];

const familyDoctor = {
  name: 'Dr. Anna de Vries (huisarts)',
  agbCode: '01999001',
  email: 'huisarts@demo.loket.nl',
};

function draft(
  p: DemoPatient,
  over: Partial<DraftInput> & { departmentId: string; letter: DraftInput['letter'] },
): DraftInput {
  return {
    kind: 'new-referral',
    urgency: 'routine',
    patient: { ...p },
    familyDoctor,
    confirmations: [],
    ...over,
  };
}

const internalLetter = (reason: string, medication: string | null = 'omeprazol 20 mg') => ({
  reason,
  'urgency-period': 'binnen 4 weken',
  ...(medication ? { medication } : {}),
});

export async function seedDemoReferrals(db: Kysely<Database>, referrals: ReferralService): Promise<number> {
  const id = async (email: string) => {
    const userId = await findUserIdByEmail(db, email);
    if (!userId) throw new Error(`demo account ${email} missing`);
    return actorFor(db, userId, 'demo-seed');
  };
  const gp = await id('huisarts@demo.loket.nl');
  const neuro = await id('neuroloog@demo.loket.nl');
  const bo = await id('backoffice@demo.loket.nl');
  const triage = await id('triage@demo.loket.nl');
  const specialist = await id('specialist@demo.loket.nl');
  const p = patients;
  let n = 0;
  const submitted = async (d: DraftInput, who = gp) => {
    const r = await referrals.createDraft(who, d, null);
    n++;
    return referrals.submit(who, r.id, null);
  };

  // A draft the family doctor is still writing.
  await referrals.createDraft(
    gp,
    draft(p[7]!, {
      departmentId: 'dermatology',
      letter: { reason: 'Pigmentvlek op de rug, sinds 3 maanden groter' },
    }),
    null,
  );
  n++;

  // Received today, digital and urgent.
  await submitted(
    draft(p[1]!, {
      departmentId: 'internal-medicine',
      urgency: 'urgent',
      letter: internalLetter('Onbegrepen gewichtsverlies van 8 kg in 2 maanden, nachtzweten'),
    }),
  );

  // Received by fax, registered by the back office.
  await referrals.register(
    bo,
    {
      ...draft(p[2]!, {
        departmentId: 'hematology',
        letter: {
          reason: 'Trombocytopenie 60 x 10^9/l, bij toeval gevonden',
          medication: 'acetylsalicylzuur 80 mg',
        },
      }),
      channel: 'fax',
      referrer: { name: 'Dr. J. Pieters (huisarts, Sassenheim)', agbCode: '01999010' },
    },
    null,
  );
  n++;

  // Waiting for the medication list.
  const waiting = await submitted(
    draft(p[0]!, {
      departmentId: 'internal-medicine',
      letter: internalLetter('Anemie e.c.i., Hb 6,1 mmol/l', null),
    }),
  );
  await referrals.act(
    bo,
    waiting.id,
    'request-information',
    { missing: ['Gebruikte medicatie'], message: 'Wilt u het medicatieoverzicht meesturen?' },
    null,
  );

  // In triage.
  const triaging = await submitted(
    draft(p[3]!, {
      departmentId: 'internal-medicine',
      letter: internalLetter('Hypertensie ondanks drie middelen; vraag naar secundaire oorzaak'),
    }),
  );
  await referrals.act(bo, triaging.id, 'start-triage', {}, null);
  await referrals.claim(triage, triaging.id, true);

  // Accepted, waiting for an appointment.
  const accepted = await submitted(
    draft(p[4]!, {
      departmentId: 'internal-medicine',
      letter: internalLetter('Hyponatriëmie 126 mmol/l, moe'),
    }),
  );
  await referrals.act(bo, accepted.id, 'start-triage', {}, null);
  await referrals.act(
    triage,
    accepted.id,
    'accept',
    { urgency: 'routine', specialistIds: [specialist.userId] },
    null,
  );

  // Scheduled: an appointment next week.
  const nextWeek = new Date(Date.now() + 7 * 86_400_000);
  nextWeek.setUTCHours(9, 30, 0, 0);
  const scheduled = await submitted(
    draft(p[5]!, {
      departmentId: 'internal-medicine',
      letter: internalLetter('Verhoogde leverenzymen, ALAT 3x normaal'),
    }),
  );
  await referrals.act(bo, scheduled.id, 'start-triage', {}, null);
  await referrals.act(
    triage,
    scheduled.id,
    'accept',
    { urgency: 'routine', specialistIds: [specialist.userId] },
    null,
  );
  await referrals.act(
    bo,
    scheduled.id,
    'schedule',
    { start: nextWeek.toISOString(), location: 'Polikliniek Interne Geneeskunde, B2-P' },
    null,
  );

  // Completed, with feedback to the family doctor.
  const done = await submitted(
    draft(p[6]!, {
      departmentId: 'internal-medicine',
      letter: internalLetter('Recidiverende hypoglykemieën zonder diabetes'),
    }),
  );
  await referrals.act(bo, done.id, 'start-triage', {}, null);
  await referrals.act(
    triage,
    done.id,
    'accept',
    { urgency: 'urgent', specialistIds: [specialist.userId] },
    null,
  );
  await referrals.act(
    bo,
    done.id,
    'schedule',
    { start: new Date().toISOString(), videoLink: 'https://video.example.org/loket-demo' },
    null,
  );
  await referrals.act(specialist, done.id, 'record-consult', { note: 'Videoconsult gehouden' }, null);
  await referrals.act(
    specialist,
    done.id,
    'complete',
    {
      summary: 'Geen insulinoom; advies: regelmatige maaltijden, controle bij de huisarts.',
      endOfTreatment: true,
    },
    null,
  );

  // Rejected with a redirect.
  const rejected = await submitted(
    draft(p[8]!, {
      departmentId: 'internal-medicine',
      letter: internalLetter('Vitamine-D-tekort, vraag om suppletieadvies'),
    }),
  );
  await referrals.act(bo, rejected.id, 'start-triage', {}, null);
  await referrals.act(
    triage,
    rejected.id,
    'reject',
    {
      reasonCode: 'better-elsewhere',
      explanation: 'Dit kan goed in de eerste lijn worden behandeld; zie de NHG-standaard.',
      redirect: 'Behandeling door de huisarts',
    },
    null,
  );

  // A specialist elsewhere refers to neurology within a care path.
  await submitted(
    draft(p[9]!, {
      departmentId: 'neurology',
      carePathId: 'headache',
      familyDoctor: undefined,
      letter: {
        reason: 'Therapieresistente clusterhoofdpijn; vraag naar verdere behandelopties',
        question: 'Komt patiënt in aanmerking voor neuromodulatie?',
      },
    }),
    neuro,
  );

  // Forwarded: a kidney question sent to internal medicine goes on to nephrology, history kept.
  const forwarded = await submitted(
    draft(p[2]!, {
      departmentId: 'internal-medicine',
      letter: internalLetter('eGFR gedaald van 60 naar 38 in een jaar'),
    }),
  );
  await referrals.act(
    bo,
    forwarded.id,
    'forward',
    { departmentId: 'nephrology', reason: 'Nierfunctievraag: hoort bij Nierziekten' },
    null,
  );

  // Cancelled by the family doctor.
  const cancelled = await submitted(
    draft(p[7]!, {
      departmentId: 'internal-medicine',
      letter: internalLetter('Moeheid, bloedbeeld afwijkend'),
    }),
  );
  await referrals.act(
    gp,
    cancelled.id,
    'cancel',
    { reason: 'Klachten verdwenen; patiënt ziet af van verwijzing' },
    null,
  );

  // The demo patient follows their own referral in the portal.
  const patientUser = await findUserIdByEmail(db, 'patient@demo.loket.nl');
  const patientRow = await db
    .selectFrom('patient')
    .select('id')
    .where('bsn', '=', p[0]!.bsn)
    .executeTakeFirst();
  if (patientUser && patientRow)
    await db
      .insertInto('patient_account')
      .values({ user_id: patientUser, patient_id: patientRow.id })
      .execute();
  return n;
}
