import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, defaultReferralPolicy } from '@loket/domain';
import { holidayDates } from '@loket/domain/holidays';
import { todayInAmsterdam } from '../settings/service.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';

/**
 * Quick cancer diagnosis through the HTTP API (R-QD-01, seeds/000 "Quick and diligent cancer diagnosis"): "the
 * patient is given the choice", "in most cases, the patient is able to attend ... the following day", "as many
 * examinations on the same day as possible", "a diagnosis will follow within 1 - 4 business days".
 */
let t: TestApp;
let gp: string;
let backOffice: string;
let otherBackOffice: string;
let triage: string;
let specialistId: string;

const today = todayInAmsterdam();
const year = Number(today.slice(0, 4));
const holidays = holidayDates([year, year + 1], defaultReferralPolicy.holidays);
const nextWorkingDay = addWorkingDays(today, 1, holidays);

const post = (url: string, cookie: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
const put = (url: string, cookie: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, headers: { cookie }, payload });

const draft = (over: Record<string, unknown> = {}) => ({
  departmentId: 'oncology-center',
  kind: 'quick-diagnosis',
  patient: { bsn: '999990056', givenName: 'Piet', familyName: 'Snel', birthDate: '1958-02-02' },
  letter: { reason: 'Haematuria, suspected bladder tumour on ultrasound' },
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  gp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999001' })).email);
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['oncology-center'] })).email,
  );
  otherBackOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['oncology-center'] })).email,
  );
  specialistId = (await t.createUser(['specialist'], { departmentIds: ['oncology-center'] })).id;
});
afterAll(() => t?.close());

describe('quick cancer diagnosis', () => {
  let id: string;

  it('R-QD-01: the route is the oncology center, for a tumour type on the list', async () => {
    const elsewhere = await post('/api/referrals', gp, draft({ departmentId: 'internal-medicine' }));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().problems[0].path).toBe('kind');
    const unknown = await post(
      '/api/referrals',
      gp,
      draft({ quickDiagnosis: { tumourTypeId: 'unheard-of', patientChoice: true } }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems[0].path).toBe('quickDiagnosis.tumourTypeId');
  });

  it('R-QD-01: the patient chooses the route and the tumour type before the referral can be sent', async () => {
    const d = await post('/api/referrals', gp, draft());
    expect(d.statusCode).toBe(201);
    id = d.json().id;
    const refused = await post(`/api/referrals/${id}/submit`, gp);
    expect(refused.statusCode).toBe(400);
    expect(
      refused
        .json()
        .missing.map((m: { key: string }) => m.key)
        .sort(),
    ).toEqual(['quickDiagnosis.patientChoice', 'quickDiagnosis.tumourType']);
    const saved = await put(`/api/referrals/${id}/draft`, gp, {
      draft: draft({ quickDiagnosis: { tumourTypeId: 'bladder', patientChoice: true } }),
      version: d.json().version,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().quickDiagnosis).toMatchObject({ tumourTypeId: 'bladder', patientChoice: true });
  });

  it('R-QD-01, R-WD-01: once sent, the first visit is targeted for the next working day', async () => {
    const sent = await post(`/api/referrals/${id}/submit`, gp);
    expect(sent.statusCode).toBe(200);
    const v = sent.json();
    expect(v.quickDiagnosis.firstVisit.due).toBe(nextWorkingDay);
    expect(v.quickDiagnosis.firstVisit.deadline).toMatchObject({
      rule: 'quick-diagnosis-first-visit',
      from: today,
      workingDays: 1,
    });
    expect(v.quickDiagnosis.firstVisit.status).toBe('at-risk');
    // Triaged as urgent, whatever the referrer ticked.
    expect(v.triage.due).toBe(nextWorkingDay);
    expect(v.quickDiagnosis.tumourType).toMatchObject({ id: 'bladder', diagnosisWorkingDays: 2 });

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/worklist?departmentId=oncology-center',
      headers: { cookie: backOffice },
    });
    const item = list.json().items.find((i: { id: string }) => i.id === id);
    expect(item.quickDiagnosis).toMatchObject({
      tumourType: { nl: 'Blaaskanker', en: 'Bladder cancer' },
      firstVisitDue: nextWorkingDay,
      firstVisitStatus: 'at-risk',
      diagnosisDue: null,
    });
  });

  it('R-QD-01: acceptance sets the seen-within date to the next working day', async () => {
    expect((await post(`/api/referrals/${id}/actions/start-triage`, backOffice)).statusCode).toBe(200);
    const accepted = await post(`/api/referrals/${id}/actions/accept`, triage, {
      urgency: 'routine',
      specialistIds: [specialistId],
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().seenWithin.due).toBe(nextWorkingDay);
  });

  it('R-QD-01: the diagnosis clock starts at the first visit; the back office plans the examinations that day', async () => {
    const visit = nextWorkingDay;
    const early = await put(`/api/quick-diagnosis/referrals/${id}/day-plan`, backOffice, {
      examinations: [{ kind: 'consultation', time: '08:30' }],
    });
    expect(early.statusCode).toBe(409);

    const scheduled = await post(`/api/referrals/${id}/actions/schedule`, backOffice, {
      start: `${visit}T08:30:00+01:00`,
      location: 'Oncologisch Centrum, polikliniek',
    });
    expect(scheduled.statusCode).toBe(200);
    const qd = scheduled.json().quickDiagnosis;
    expect(qd.firstVisit.on).toBe(visit);
    expect(qd.diagnosis.due).toBe(addWorkingDays(visit, 2, holidays));
    expect(qd.diagnosis.deadline).toMatchObject({ rule: 'quick-diagnosis', from: visit, workingDays: 2 });

    const clash = await put(`/api/quick-diagnosis/referrals/${id}/day-plan`, backOffice, {
      examinations: [
        { kind: 'blood-test', time: '09:00' },
        { kind: 'ct', time: '09:00' },
      ],
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().problems[0].path).toBe('examinations[1].time');

    expect(
      (
        await put(`/api/quick-diagnosis/referrals/${id}/day-plan`, otherBackOffice, {
          examinations: [{ kind: 'ct', time: '10:00' }],
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await put(`/api/quick-diagnosis/referrals/${id}/day-plan`, gp, {
          examinations: [{ kind: 'ct', time: '10:00' }],
        })
      ).statusCode,
    ).toBe(403);

    const planned = await put(`/api/quick-diagnosis/referrals/${id}/day-plan`, backOffice, {
      examinations: [
        { kind: 'consultation', time: '14:00', location: 'Polikliniek urologie' },
        { kind: 'blood-test', time: '08:45' },
        { kind: 'ct', time: '10:15', location: 'Radiologie C3' },
        { kind: 'biopsy', time: '12:00' },
      ],
    });
    expect(planned.statusCode).toBe(200);
    expect(planned.json().dayPlan.date).toBe(visit);
    expect(planned.json().dayPlan.examinations.map((e: { time: string; kind: string }) => e.kind)).toEqual([
      'blood-test',
      'ct',
      'biopsy',
      'consultation',
    ]);

    // The referrer sees the plan and the diagnosis date on the referral.
    const v = (
      await t.app.inject({ method: 'GET', url: `/api/referrals/${id}`, headers: { cookie: gp } })
    ).json();
    expect(v.quickDiagnosis.dayPlan.examinations).toHaveLength(4);
    expect(v.quickDiagnosis.diagnosis.due).toBe(addWorkingDays(visit, 2, holidays));
    expect(v.timeline.map((e: { type: string }) => e.type)).toContain('day-planned');
    const audit = await t.app.loket.db
      .selectFrom('audit_event')
      .select(['object_id', 'patient_id'])
      .where('event_type', '=', 'quick-diagnosis.plan-day')
      .execute();
    expect(audit).toEqual([{ object_id: id, patient_id: v.patient ? expect.any(String) : null }]);
  });

  it('R-QD-01: moving the first visit moves the diagnosis clock and asks for a new day plan', async () => {
    const later = addWorkingDays(nextWorkingDay, 1, holidays);
    const moved = await post(`/api/referrals/${id}/actions/reschedule`, backOffice, {
      start: `${later}T09:00:00+01:00`,
      location: 'Oncologisch Centrum, polikliniek',
      reason: 'Patient asked for the next day',
    });
    expect(moved.statusCode).toBe(200);
    const qd = moved.json().quickDiagnosis;
    expect(qd.firstVisit.on).toBe(later);
    expect(qd.diagnosis.due).toBe(addWorkingDays(later, 2, holidays));
    expect(qd.dayPlan).toBeNull();
  });
});
