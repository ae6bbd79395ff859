import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';

/**
 * The family-doctor registry through the HTTP API (R-GP-01, seeds/000 "Frequently asked questions regarding family
 * doctors"): "we only record the zorgmail address if this is linked to ... your registration with Vektis", and
 * "we will be able to administratively 'relocate' those of your patients known to the LUMC to the new practitioner,
 * provided the registration in Vektis ... checks out".
 */
let t: TestApp;
let gp: string;
let newGp: string;
let specialistReferrer: string;
let careAdmin: string;
let backOffice: string;
let triage: string;

const post = (url: string, cookie: string, payload: object = {}, key?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const checked = { checks: { vektisDoctor: true, vektisPractice: true }, note: 'Vektis AGB register, 1 Dec' };

beforeAll(async () => {
  t = await createTestApp();
  gp = await t.signIn(
    (await t.createUser(['referrer'], { email: 'gp.one@practice.example', agbCode: '01999011' })).email,
  );
  newGp = await t.signIn(
    (await t.createUser(['referrer'], { email: 'gp.new@practice.example', agbCode: '01999012' })).email,
  );
  specialistReferrer = await t.signIn((await t.createUser(['referrer'], { agbCode: '03999013' })).email);
  careAdmin = await t.signIn((await t.createUser(['care-administration'])).email);
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['internal-medicine'] })).email,
  );
});
afterAll(() => t?.close());

/** A referral by the first doctor for a patient whose family doctor is `doctor`, rejected so letters go out. */
async function rejectedReferral(bsn: string, doctor: { name: string; agbCode: string; email: string }) {
  const d = await post('/api/referrals', gp, {
    departmentId: 'internal-medicine',
    kind: 'new-referral',
    patient: { bsn, familyName: 'Registry', birthDate: '1955-05-05' },
    familyDoctor: doctor,
    letter: { reason: 'Fatigue', 'urgency-period': '4 weeks', medication: 'none' },
  });
  expect(d.statusCode).toBe(201);
  const id = d.json().id as string;
  expect((await post(`/api/referrals/${id}/submit`, gp)).statusCode).toBe(200);
  expect((await post(`/api/referrals/${id}/actions/start-triage`, backOffice)).statusCode).toBe(200);
  const r = await post(`/api/referrals/${id}/actions/reject`, triage, {
    reasonCode: 'better-elsewhere',
    explanation: 'Primary care',
  });
  expect(r.statusCode).toBe(200);
  return r.json() as {
    id: string;
    patient: Record<string, string | null>;
    letters: { type: string; recipientRole: string; channel: string | null }[];
    messages: { letterId: string | null; recipient: string }[];
  };
}

describe('the family-doctor registry', () => {
  it('R-GP-01: only family doctors register; staff-only lists are closed to them', async () => {
    const bySpecialist = await post('/api/gp-registry/registrations', specialistReferrer, {
      kind: 'secure-mail',
      secureMail: 'x@zorgmail.example',
    });
    expect(bySpecialist.statusCode).toBe(403);
    expect((await get('/api/gp-registry/registrations', gp)).statusCode).toBe(403);
    expect((await get('/api/gp-registry/me', careAdmin)).statusCode).toBe(403);
    const bad = await post('/api/gp-registry/registrations', gp, { kind: 'secure-mail', secureMail: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].path).toBe('secureMail');
  });

  it('R-GP-01: a secure-mail address is used only after staff confirm it against Vektis', async () => {
    const sent = await post(
      '/api/gp-registry/registrations',
      gp,
      { kind: 'secure-mail', secureMail: 'GP.One@Zorgmail.example' },
      'gp-secure-mail-0001',
    );
    expect(sent.statusCode).toBe(201);
    // A double click makes one registration (R-REF-10).
    const again = await post(
      '/api/gp-registry/registrations',
      gp,
      { kind: 'secure-mail', secureMail: 'GP.One@Zorgmail.example' },
      'gp-secure-mail-0001',
    );
    expect(again.json().id).toBe(sent.json().id);
    const id = sent.json().id as string;
    expect(sent.json()).toMatchObject({
      status: 'pending',
      request: { secureMail: 'gp.one@zorgmail.example' },
    });

    // Not yet confirmed: letters about the doctor's patients still go to the address on the referral.
    const before = await rejectedReferral('999990019', {
      name: 'Dr. One',
      agbCode: '01999011',
      email: 'gp.one@practice.example',
    });
    const beforeLetter = before.letters.find((l) => l.recipientRole === 'referrer')!;
    expect(beforeLetter.channel).toBe('email');
    expect(before.messages.map((m) => m.recipient)).not.toContain('gp.one@zorgmail.example');

    const mine = (await get('/api/gp-registry/me', gp)).json();
    expect(mine.registered).toBeNull();
    expect(mine.registrations[0]).toMatchObject({ id, status: 'pending' });
    const queue = (await get('/api/gp-registry/registrations?status=pending', careAdmin)).json();
    expect(queue.registrations.map((r: { id: string }) => r.id)).toContain(id);

    // The Vektis check is a human step: without it there is no confirmation.
    const unchecked = await post(`/api/gp-registry/registrations/${id}/confirm`, careAdmin, {
      checks: { vektisDoctor: false, vektisPractice: false },
      note: 'not yet',
    });
    expect(unchecked.statusCode).toBe(400);
    expect(unchecked.json().problems[0].path).toBe('checks.vektisDoctor');
    const noNote = await post(`/api/gp-registry/registrations/${id}/confirm`, careAdmin, {
      checks: { vektisDoctor: true, vektisPractice: false },
      note: ' ',
    });
    expect(noNote.statusCode).toBe(400);

    const confirmed = await post(`/api/gp-registry/registrations/${id}/confirm`, careAdmin, checked);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'confirmed',
      decidedBy: 'Test care-administration',
      checks: { vektisDoctor: true, vektisPractice: true },
      checkNote: 'Vektis AGB register, 1 Dec',
    });
    expect(confirmed.json().decidedAt).toBeTruthy();
    expect((await post(`/api/gp-registry/registrations/${id}/confirm`, careAdmin, checked)).statusCode).toBe(
      409,
    );
    const registered = (await get('/api/gp-registry/me', gp)).json().registered;
    expect(registered).toMatchObject({ agbCode: '01999011', secureMailInUse: 'gp.one@zorgmail.example' });

    // The next letter goes to the confirmed address, and the letter record says so.
    const after = await rejectedReferral('999990020', {
      name: 'Dr. One',
      agbCode: '01999011',
      email: 'gp.one@practice.example',
    });
    const letter = after.letters.find((l) => l.recipientRole === 'referrer')!;
    expect(letter.channel).toBe('secure-mail');
    expect([...new Set(after.messages.map((m) => m.recipient))]).toEqual(['gp.one@zorgmail.example']);

    const audit = await t.app.loket.db
      .selectFrom('audit_event')
      .select(['event_type', 'object_id'])
      .where('event_type', 'like', 'gp-registry.%')
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { event_type: 'gp-registry.register', object_id: id },
        { event_type: 'gp-registry.confirm', object_id: id },
      ]),
    );
  });

  it("R-GP-01: a family doctor's letters use the registry also when another doctor refers", async () => {
    const r = await rejectedReferral('999990032', {
      name: 'Dr. One',
      agbCode: '01999011',
      email: 'typed@practice.example',
    });
    // The referrer is the same doctor: one letter, to the confirmed secure mail.
    expect(r.letters.map((l) => `${l.recipientRole}:${l.channel}`)).toEqual(['referrer:secure-mail']);
    expect([...new Set(r.messages.map((m) => m.recipient))]).toEqual(['gp.one@zorgmail.example']);
    const other = await post('/api/referrals', newGp, {
      departmentId: 'internal-medicine',
      kind: 'new-referral',
      patient: { bsn: '999990044', familyName: 'Other', birthDate: '1955-05-05' },
      familyDoctor: { name: 'Dr. One', agbCode: '01999011', email: 'typed@practice.example' },
      letter: { reason: 'Fatigue', 'urgency-period': '4 weeks', medication: 'none' },
    });
    const oid = other.json().id as string;
    await post(`/api/referrals/${oid}/submit`, newGp);
    await post(`/api/referrals/${oid}/actions/start-triage`, backOffice);
    const v = (
      await post(`/api/referrals/${oid}/actions/reject`, triage, {
        reasonCode: 'better-elsewhere',
        explanation: 'Primary care',
      })
    ).json();
    const toDoctor = v.letters.find((l: { recipientRole: string }) => l.recipientRole === 'family-doctor');
    expect(toDoctor.channel).toBe('secure-mail');
    const letterMessages = v.messages.filter((m: { letterId: string | null }) => m.letterId);
    expect(letterMessages.map((m: { recipient: string }) => m.recipient).sort()).toEqual([
      'gp.new@practice.example',
      'gp.one@zorgmail.example',
    ]);
  });

  it('R-GP-01: a rejected registration carries the reason and changes nothing', async () => {
    const sent = await post('/api/gp-registry/registrations', newGp, {
      kind: 'secure-mail',
      secureMail: 'wrong@zorgmail.example',
    });
    const id = sent.json().id as string;
    expect(
      (await post(`/api/gp-registry/registrations/${id}/reject`, careAdmin, { reason: '' })).statusCode,
    ).toBe(400);
    const rejected = await post(`/api/gp-registry/registrations/${id}/reject`, careAdmin, {
      reason: 'The address is not linked to your Vektis practice combination',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectionReason: /Vektis/ });
    const mine = (await get('/api/gp-registry/me', newGp)).json();
    expect(mine.registered).toBeNull();
    expect(mine.registrations[0]).toMatchObject({ status: 'rejected' });
    // Each doctor sees only their own registrations.
    expect(
      (await get('/api/gp-registry/me', gp)).json().registrations.map((r: { id: string }) => r.id),
    ).not.toContain(id);
  });

  it('R-GP-01: a new doctor taking over a practice moves the known patients once it checks out', async () => {
    // The first doctor works at De Linde; their patients are known from the referrals above.
    const atPractice = await post('/api/gp-registry/registrations', gp, {
      kind: 'practice-change',
      practice: {
        name: 'Huisartsenpraktijk De Linde',
        agbCode: '01999100',
        postcode: '2333za',
        city: 'Leiden',
      },
      effectiveOn: '2020-01-01',
    });
    const practiceOnly = await post(
      `/api/gp-registry/registrations/${atPractice.json().id}/confirm`,
      careAdmin,
      { checks: { vektisDoctor: true, vektisPractice: false }, note: 'doctor only' },
    );
    expect(practiceOnly.statusCode).toBe(400);
    expect(practiceOnly.json().problems[0].path).toBe('checks.vektisPractice');
    expect(
      (
        await post(`/api/gp-registry/registrations/${atPractice.json().id}/confirm`, careAdmin, checked)
      ).json().patientsMoved,
    ).toBeNull();

    const known = await t.app.loket.db
      .selectFrom('patient')
      .select('id')
      .where('family_doctor_agb', '=', '01999011')
      .execute();
    expect(known.length).toBe(4);

    const takeover = await post('/api/gp-registry/registrations', newGp, {
      kind: 'new-in-region',
      practice: { name: 'Huisartsenpraktijk De Linde', agbCode: '01999100' },
      effectiveOn: '2026-01-01',
      takesOverFromAgb: '01999011',
      secureMail: 'gp.new@zorgmail.example',
    });
    expect(takeover.statusCode).toBe(201);
    const pending = (await get('/api/gp-registry/registrations?status=pending', careAdmin)).json();
    expect(
      pending.registrations.find((r: { id: string }) => r.id === takeover.json().id).patientsToMove,
    ).toBe(4);

    const done = await post(
      `/api/gp-registry/registrations/${takeover.json().id}/confirm`,
      careAdmin,
      checked,
    );
    expect(done.statusCode).toBe(200);
    expect(done.json().patientsMoved).toBe(4);

    const moved = await t.app.loket.db
      .selectFrom('patient')
      .select(['id', 'family_doctor_agb', 'family_doctor_name', 'family_doctor_email'])
      .where(
        'id',
        'in',
        known.map((k) => k.id),
      )
      .execute();
    expect(moved.every((p) => p.family_doctor_agb === '01999012')).toBe(true);
    expect(moved.every((p) => p.family_doctor_email === 'gp.new@zorgmail.example')).toBe(true);
    const audits = await t.app.loket.db
      .selectFrom('audit_event')
      .select('patient_id')
      .where('event_type', '=', 'gp-registry.move-patient')
      .execute();
    expect(audits.map((a) => a.patient_id).sort()).toEqual(known.map((k) => k.id).sort());

    const doctors = (await get('/api/gp-registry/doctors', careAdmin)).json().doctors as {
      agbCode: string;
      practices: { agbCode: string; current: boolean; endedOn: string | null }[];
    }[];
    const former = doctors.find((d) => d.agbCode === '01999011')!;
    const successor = doctors.find((d) => d.agbCode === '01999012')!;
    expect(former.practices).toEqual([
      expect.objectContaining({ agbCode: '01999100', endedOn: '2026-01-01' }),
    ]);
    expect(successor.practices).toEqual([expect.objectContaining({ agbCode: '01999100', current: true })]);
  });

  it('R-GP-01: a doctor who stopped no longer receives letters by secure mail', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const stop = await post('/api/gp-registry/registrations', gp, {
      kind: 'stopped',
      effectiveOn: yesterday,
    });
    await post(`/api/gp-registry/registrations/${stop.json().id}/confirm`, careAdmin, checked);
    const registered = (await get('/api/gp-registry/me', gp)).json().registered;
    expect(registered.endedOn).toBe(yesterday);
    expect(registered.secureMailInUse).toBeNull();
    expect(registered.practices.every((p: { current: boolean }) => !p.current)).toBe(true);
  });
});
