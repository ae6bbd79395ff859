import { randomUUID } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let gp: string;
let otherGp: string;
let geneticist: string;
let otherStaff: string;
let nurse: string;

const dnaRequest = {
  kind: 'dna-storage',
  deceased: {
    givenName: 'Sanne',
    familyName: 'Verbeek',
    sex: 'female',
    birthDate: '1991-06-15',
    deathDate: '2026-01-03',
  },
  biopsies: { count: 3, onePerPot: true, labelled: true, roomTemperature: true },
  requester: {
    name: 'Dr. A. de Vries',
    practice: 'Huisartsenpraktijk De Linde',
    agbCode: '01999001',
    phone: '071 526 9111',
    email: 'huisarts@example.org',
  },
};

const post = (url: string, cookie: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie, ...headers }, payload: payload as object });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const step = (id: string, action: string, payload: object = {}) =>
  post(`/api/sudden-death/cases/${id}/steps/${action}`, geneticist, payload);

async function pdfText(body: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(body));
  return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, ' ');
}

const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  gp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999001' })).email);
  otherGp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999002' })).email);
  geneticist = await t.signIn(
    (await t.createUser(['specialist'], { departmentIds: ['clinical-genetics'] })).email,
  );
  otherStaff = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  nurse = await t.signIn((await t.createUser(['er-nurse'], { departmentIds: ['emergency-room'] })).email);
});
afterAll(() => t?.close());

describe('sudden death: requests from family doctors', () => {
  let dnaId: string;
  let autopsyId: string;

  it('R-SD-01: DNA storage needs at least 2 biopsies, one per pot, labelled, at room temperature', async () => {
    const one = await post('/api/sudden-death/requests', gp, {
      ...dnaRequest,
      biopsies: { ...dnaRequest.biopsies, count: 1 },
    });
    expect(one.statusCode).toBe(400);
    expect(one.json().problems.map((p: { path: string }) => p.path)).toContain('biopsies.count');
    const fridge = await post('/api/sudden-death/requests', gp, {
      ...dnaRequest,
      biopsies: { ...dnaRequest.biopsies, roomTemperature: false },
    });
    expect(fridge.statusCode).toBe(400);
    expect(fridge.json().problems.map((p: { path: string }) => p.path)).toContain('biopsies.roomTemperature');
  });

  it('R-SD-01: a family doctor requests DNA storage once, however often the form is sent', async () => {
    const first = await post('/api/sudden-death/requests', gp, dnaRequest, {
      'idempotency-key': 'sd-request-key-1',
    });
    expect(first.statusCode).toBe(201);
    dnaId = first.json().id;
    expect(first.json()).toMatchObject({
      kind: 'dna-storage',
      state: 'requested',
      reference: expect.stringMatching(/^PO-\d{4}-\d{6}$/),
      deceased: { name: 'Sanne Verbeek', birthDate: '1991-06-15' },
      requester: { phone: '+31715269111' },
      timeline: [{ type: 'requested' }],
    });
    expect(first.json().steps).toBeUndefined();
    const again = await post('/api/sudden-death/requests', gp, dnaRequest, {
      'idempotency-key': 'sd-request-key-1',
    });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(dnaId);
    const mine = (await get('/api/sudden-death/requests', gp)).json().requests;
    expect(mine).toHaveLength(1);
  });

  it('R-SD-01: the printable form carries the labelling and shipping instructions', async () => {
    const form = await get(`/api/sudden-death/requests/${dnaId}/form`, gp);
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(form.rawPayload);
    expect(text).toContain('Sanne Verbeek');
    expect(text).toContain('15 juni 1991');
    expect(text).toContain('1 biopt per potje');
    expect(text).toContain('naam, geslacht en geboortedatum');
    expect(text).toContain('NIET in de koelkast');
    expect(text).toContain('Pathologie');
    expect(text).toContain('kosteloos');
    expect(text).toContain('Potje 3 van 3');
    expect(text).not.toContain('Potje 4');
  });

  it('R-SD-01: an autopsy request needs permission and knowledge of the transport costs; its form says who pays', async () => {
    const base = { ...dnaRequest, kind: 'autopsy', biopsies: null };
    const missing = await post('/api/sudden-death/requests', gp, base);
    expect(missing.statusCode).toBe(400);
    const ok = await post(
      '/api/sudden-death/requests',
      gp,
      { ...base, autopsy: { familyConsent: true, transportCostsExplained: true } },
      { 'accept-language': 'en' },
    );
    expect(ok.statusCode).toBe(201);
    autopsyId = ok.json().id;
    const text = await pdfText((await get(`/api/sudden-death/requests/${autopsyId}/form`, gp)).rawPayload);
    expect(text).toContain('Request for autopsy after sudden death');
    expect(text).toContain('The hospital pays the autopsy');
    expect(text).toContain('33 euro');
  });

  it('R-SEC-03: another family doctor, or staff outside clinical genetics and pathology, cannot see a request', async () => {
    expect((await get(`/api/sudden-death/requests/${dnaId}`, otherGp)).statusCode).toBe(404);
    expect((await get(`/api/sudden-death/requests/${dnaId}/form`, otherGp)).statusCode).toBe(404);
    expect((await get('/api/sudden-death/requests', otherGp)).json().requests).toEqual([]);
    expect((await get(`/api/sudden-death/cases/${dnaId}`, otherStaff)).statusCode).toBe(404);
    expect((await get('/api/sudden-death/cases', otherStaff)).statusCode).toBe(403);
    const receipt = { receivedOn: today() };
    expect(
      (await post(`/api/sudden-death/cases/${dnaId}/steps/receive`, otherStaff, receipt)).statusCode,
    ).toBe(404);
    expect((await get('/api/sudden-death/cases', nurse)).statusCode).toBe(403);
    expect((await get(`/api/sudden-death/cases/${randomUUID()}`, geneticist)).statusCode).toBe(404);
  });

  it('R-SD-01: stored DNA is examined only after the first family member registers for screening', async () => {
    const list = (await get('/api/sudden-death/cases', geneticist)).json().cases;
    expect(list.map((c: { id: string }) => c.id)).toEqual([dnaId, autopsyId]);
    const received = await step(dnaId, 'receive', { receivedOn: today(), biopsiesReceived: 3 });
    expect(received.json().state).toBe('received');
    const stored = await step(dnaId, 'store', { location: 'DNA bank KG, rack 4' });
    expect(stored.statusCode).toBe(200);
    expect(stored.json().state).toBe('stored');
    expect(stored.json().steps).toContainEqual({
      action: 'examine',
      allowed: false,
      reason: 'no-family-member-registered',
    });
    const early = await step(dnaId, 'examine');
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('sudden-death-no-family-member');
    expect(early.json().message).toMatch(/eerste familielid/);
    const future = await step(dnaId, 'register-family-member', {
      registeredOn: '2999-01-01',
      relationship: 'brother',
    });
    expect(future.statusCode).toBe(400);
    const registered = await step(dnaId, 'register-family-member', {
      registeredOn: today(),
      relationship: 'brother',
    });
    expect(registered.statusCode).toBe(200);
    expect(registered.json()).toMatchObject({ state: 'stored', familyMemberRegisteredAt: today() });
    const examined = await step(dnaId, 'examine', { note: 'DNA analysis started' });
    expect(examined.statusCode).toBe(200);
    expect(examined.json().state).toBe('examined');
    expect(examined.json().timeline.map((e: { type: string }) => e.type)).toEqual([
      'requested',
      'receive',
      'store',
      'register-family-member',
      'examine',
    ]);
  });

  it('R-SD-01: steps follow the kind and the order; the family doctor sees the status without the notes', async () => {
    const wrong = await step(autopsyId, 'store', { location: 'X' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('sudden-death-step-not-allowed');
    const early = await step(autopsyId, 'complete', { cardiogeneticSuspicion: false });
    expect(early.statusCode).toBe(409);
    expect((await step(autopsyId, 'receive', { receivedOn: today() })).statusCode).toBe(200);
    const done = await step(autopsyId, 'complete', { cardiogeneticSuspicion: true, note: 'Screen family' });
    expect(done.json().state).toBe('completed');
    const seen = (await get(`/api/sudden-death/requests/${dnaId}`, gp)).json();
    expect(seen.state).toBe('examined');
    expect(seen.timeline[2]).toEqual({ at: expect.any(String), type: 'store' });
    expect(JSON.stringify(seen)).not.toContain('rack 4');
    const closed = (await get('/api/sudden-death/cases?status=closed', geneticist)).json().cases;
    expect(closed.map((c: { id: string }) => c.id).sort()).toEqual([dnaId, autopsyId].sort());
  });

  it('R-SEC-01: requests, reads and steps are audited', async () => {
    expect((await get(`/api/sudden-death/cases/${dnaId}`, geneticist)).statusCode).toBe(200);
    const events = await t.app.loket.db
      .selectFrom('audit_event')
      .select(['event_type', 'action', 'object_id'])
      .where('event_type', 'like', 'sudden-death.%')
      .execute();
    const types = new Set(events.map((e) => e.event_type));
    for (const type of [
      'sudden-death.request.create',
      'sudden-death.request.read',
      'sudden-death.form.download',
      'sudden-death.case.list',
      'sudden-death.case.read',
      'sudden-death.store',
      'sudden-death.register-family-member',
      'sudden-death.examine',
    ])
      expect(types).toContain(type);
    expect(events.find((e) => e.event_type === 'sudden-death.examine')).toMatchObject({
      action: 'U',
      object_id: dnaId,
    });
  });
});
