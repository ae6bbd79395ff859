import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isValidBsn } from '@loket/domain';
import { actorFor } from '../referrals/actor.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let bsnCounter = 99999000;

/** The next official test BSN (9999xxxxx) that passes the 11-test. */
function nextBsn(): string {
  for (;;) {
    const candidate = String(++bsnCounter * 10)
      .padStart(9, '0')
      .slice(0, 8);
    for (let d = 0; d <= 9; d++) if (isValidBsn(`${candidate}${d}`)) return `${candidate}${d}`;
  }
}

const today = new Date().toISOString().slice(0, 10);

async function referral(departmentId: string, receivedDaysAgo: number, waitDays: number | null) {
  const db = t.app.loket.db;
  const staff = async (email: string) =>
    actorFor(
      db,
      (await db.selectFrom('auth.user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id,
      'test',
    );
  const bo = await staff(`bo-${departmentId}@example.org`);
  const triage = await staff(`triage-${departmentId}@example.org`);
  const specialist = await staff(`sp-${departmentId}@example.org`);
  const received = addDays(today, -receivedDaysAgo);
  const r = await t.app.loket.referrals.register(
    bo,
    {
      departmentId,
      kind: 'new-referral',
      urgency: 'routine',
      channel: 'post',
      receivedOn: received,
      referrer: { name: 'Dr. A. de Vries', agbCode: '01999001', specialism: 'neurology' },
      patient: {
        bsn: nextBsn(),
        familyName: 'Jansen',
        givenName: 'Jan',
        birthDate: '1970-01-01',
        street: 'Albinusdreef',
        houseNumber: '2',
        postcode: '2333za',
        city: 'Leiden',
        phone: '071 526 9111',
      },
      letter: {
        reason: 'Waiting-time test referral',
        'prior-history': 'none',
        'urgency-period': 'within 4 weeks',
        medication: 'none',
      },
    },
    null,
  );
  if (waitDays === null) return r;
  await t.app.loket.referrals.act(bo, r.id, 'start-triage', {}, null);
  await t.app.loket.referrals.act(
    triage,
    r.id,
    'accept',
    { urgency: 'routine', specialistIds: [specialist.userId] },
    null,
  );
  await t.app.loket.referrals.act(
    bo,
    r.id,
    'schedule',
    { start: `${addDays(received, waitDays)}T10:00:00+01:00`, location: 'Polikliniek' },
    null,
  );
  return r;
}

/**
 * A second opinion registered from the post, with its first appointment written straight onto the row: the dossier
 * and review steps before it are tested with second opinions, only the aggregate matters here.
 */
async function secondOpinion(cancerKind: string, waitDays: number) {
  const db = t.app.loket.db;
  const bo = await actorFor(
    db,
    (
      await db
        .selectFrom('auth.user')
        .select('id')
        .where('email', '=', 'bo-oncology-center@example.org')
        .executeTakeFirstOrThrow()
    ).id,
    'test',
  );
  const received = addDays(today, -40);
  const r = await t.app.loket.referrals.register(
    bo,
    {
      departmentId: 'oncology-center',
      kind: 'second-opinion',
      urgency: 'routine',
      channel: 'post',
      receivedOn: received,
      referrer: { name: 'Dr. B. Jansen', agbCode: '03999002', specialism: 'urology' },
      patient: {
        bsn: nextBsn(),
        familyName: 'Visser',
        givenName: 'Piet',
        birthDate: '1955-01-01',
        street: 'Albinusdreef',
        houseNumber: '2',
        postcode: '2333za',
        city: 'Leiden',
        phone: '071 526 9111',
      },
      letter: { reason: 'Second opinion on the proposed treatment' },
      secondOpinion: {
        question: 'Surgery or radiotherapy?',
        treatingSpecialist: { name: 'Dr. B. Jansen', organisation: 'Ziekenhuis aan de Rijn' },
        patientConsulted: true,
        cancerKind,
      },
    },
    null,
  );
  await db
    .updateTable('referral')
    .set({
      state: 'scheduled',
      appointment: JSON.stringify({ start: `${addDays(received, waitDays)}T10:00:00+01:00` }),
    })
    .where('id', '=', r.id)
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  for (const dep of ['rehabilitation', 'hematology']) {
    await t.createUser(['back-office'], { email: `bo-${dep}@example.org`, departmentIds: [dep] });
    await t.createUser(['triage-supervisor'], { email: `triage-${dep}@example.org`, departmentIds: [dep] });
    await t.createUser(['specialist'], { email: `sp-${dep}@example.org`, departmentIds: [dep] });
  }
  // Rehabilitation: five seen within the 30-day target (10..30 days, average 20), two still waiting, one long ago.
  for (const [ago, wait] of [
    [60, 10],
    [60, 15],
    [50, 20],
    [50, 25],
    [40, 30],
  ] as const)
    await referral('rehabilitation', ago, wait);
  await referral('rehabilitation', 20, null);
  await referral('rehabilitation', 5, null);
  await referral('rehabilitation', 500, 200);
  // Hematology: only four, too few to publish.
  for (const wait of [5, 6, 7, 8]) await referral('hematology', 30, wait);
  // Oncology: second opinions about prostate cancer (5, published), renal cancer (1) and an unknown kind.
  await t.createUser(['back-office'], {
    email: 'bo-oncology-center@example.org',
    departmentIds: ['oncology-center'],
  });
  for (const [cancerKind, wait] of [
    ['prostate', 10],
    ['prostate', 12],
    ['prostate', 14],
    ['prostate', 16],
    ['prostate', 18],
    ['renal', 30],
  ] as const)
    await secondOpinion(cancerKind, wait);
}, 120_000);
afterAll(() => t?.close());

describe('GET /api/waiting-times', () => {
  it('R-CAT-06: anyone sees the real wait against the published target, without patient data', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/waiting-times' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/9999|Jansen/);
    const neuro = res.json().departments.find((d: { id: string }) => d.id === 'rehabilitation');
    expect(neuro.groups).toEqual([
      expect.objectContaining({
        kind: 'new-referral',
        scheduled: { count: 5, averageDays: 20, medianDays: 20, suppressed: false },
        stillWaiting: { count: 2, longestDays: null },
        targets: [expect.objectContaining({ accessTimeId: 'first-visit', days: 30, meets: true })],
      }),
    ]);
  });

  it('R-CAT-06: figures from fewer than 5 referrals are suppressed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/waiting-times' });
    const hema = res.json().departments.find((d: { id: string }) => d.id === 'hematology');
    expect(hema.groups[0].scheduled).toEqual({
      count: 4,
      averageDays: null,
      medianDays: null,
      suppressed: true,
    });
  });

  it("R-SO-09: second opinions are published per kind of cancer, by the hospital's names, suppressed below 5", async () => {
    await expect(secondOpinion('made-up-kind', 40)).rejects.toMatchObject({
      status: 400,
      extra: { problems: [{ path: 'secondOpinion.cancerKind' }] },
    });
    const res = await t.app.inject({ method: 'GET', url: '/api/waiting-times' });
    expect(res.body).not.toContain('made-up-kind');
    const onco = res.json().departments.find((d: { id: string }) => d.id === 'oncology-center');
    const so = onco.groups.find((g: { kind: string }) => g.kind === 'second-opinion');
    expect(so.scheduled).toMatchObject({ count: 6, suppressed: false });
    expect(so.byCancerKind).toEqual([
      {
        id: 'prostate',
        name: expect.objectContaining({ en: 'Prostate cancer' }),
        scheduled: { count: 5, averageDays: 14, medianDays: 14, suppressed: false },
      },
      {
        id: 'renal',
        name: expect.objectContaining({ en: 'Renal cancer' }),
        scheduled: { count: 1, averageDays: null, medianDays: null, suppressed: true },
      },
    ]);
  });

  it('R-CAT-06: the period is chosen in months and checked', async () => {
    const long = await t.app.inject({ method: 'GET', url: '/api/waiting-times?months=24' });
    const neuro = long.json().departments.find((d: { id: string }) => d.id === 'rehabilitation');
    expect(neuro.groups[0].scheduled).toMatchObject({ count: 6, averageDays: 50 });
    expect((await t.app.inject({ method: 'GET', url: '/api/waiting-times?months=0' })).statusCode).toBe(400);
  });
});
