import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTestApp, PUBLIC_URL, type TestApp } from '../testing/harness.ts';

/** The 32 departments of seeds/000_c2ef52435ed4464a.txt (R-CAT-01). */
const pageDepartments = [
  'bone-quality', 'maternity', 'hematology', 'dermatology', 'internal-medicine', 'ent', 'clinical-chemistry',
  'clinical-pharmacology', 'clinical-genetics', 'pulmonology', 'gastroenterology-hepatology', 'medical-oncology',
  'oral-maxillofacial-surgery', 'neurosurgery', 'neurology', 'nephrology', 'oncology-center', 'ophthalmology',
  'orthopedics', 'infectious-diseases', 'pain-medicine', 'psychiatry', 'radiology', 'radiotherapy', 'rheumatology',
  'rehabilitation', 'emergency-room', 'transplantation-center', 'thrombosis-hemostasis', 'urology',
  'reproduction-center', 'pediatric-hospital',
];

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  const a = await t.createUser(['administrator']);
  admin = await t.signIn(a.email);
});
afterAll(() => t?.close());

const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const department = async (id: string) => (await get(`/api/catalog/departments/${id}`)).json().department;

describe('the public referral guide', () => {
  it('R-CAT-01: every department of the source page is in the shipped catalog, without sign-in', async () => {
    const r = await get('/api/catalog');
    expect(r.statusCode).toBe(200);
    const ids = r.json().departments.map((d: { id: string }) => d.id);
    expect([...ids].sort()).toEqual([...pageDepartments].sort());
    expect(r.json().hospital.mainPhone).toBe('+31715269111');
  });

  it('R-CAT-01: departments carry their care paths, sub-clinics and locations', async () => {
    const neurology = await department('neurology');
    expect(neurology.carePaths.map((c: { name: { en: string } }) => c.name.en)).toEqual(
      expect.arrayContaining(['Movement disorders', 'Headache', 'Neuromuscular', 'Neuro-oncology', 'Child neurology']),
    );
    expect(neurology.carePaths).toHaveLength(7);
    const orthopedics = await department('orthopedics');
    expect(orthopedics.subClinics.length).toBeGreaterThan(5);
    const genetics = await department('clinical-genetics');
    expect(JSON.stringify(genetics.locations)).toContain('Einthovenweg 20');
  });

  it('R-CAT-02: channels accepted and refused; neurosurgery only by letter from an orthopedist, neurologist or neurosurgeon', async () => {
    const neurosurgery = await department('neurosurgery');
    expect(neurosurgery.channels.refused.map((c: { channel: string }) => c.channel)).toContain('digital-platform');
    expect(neurosurgery.channels.accepted.map((c: { channel: string }) => c.channel)).toContain('post');
    const restriction = neurosurgery.referrers.restrictions.find((r: { type: string }) => r.type === 'specialisms');
    expect([...restriction.allowed].sort()).toEqual(['neurology', 'neurosurgery', 'orthopedics']);
    const hematology = await department('hematology');
    expect(hematology.channels.accepted.map((c: { channel: string }) => c.channel)).toEqual(['digital-platform', 'post']);
  });

  it('R-CAT-03: the letter requirements are listed per department and differ between departments', async () => {
    const listed = [
      'hematology', 'ent', 'internal-medicine', 'neurosurgery', 'orthopedics', 'pain-medicine', 'rehabilitation',
      'pulmonology', 'medical-oncology', 'radiotherapy', 'psychiatry', 'urology', 'nephrology',
    ];
    const letters = new Map<string, string[]>();
    for (const id of listed) {
      const d = await department(id);
      expect(d.letter.length, id).toBeGreaterThan(0);
      expect(d.letter.length + d.documents.length, id).toBeGreaterThan(2);
      letters.set(id, d.letter.map((l: { item: string }) => l.item));
    }
    expect(letters.get('neurosurgery')).toContain('patient-bsn');
    expect(letters.get('internal-medicine')).toEqual(expect.arrayContaining(['urgency-period', 'medication']));
    expect(letters.get('pain-medicine')).toContain('pain-location');
    expect(new Set([...letters.values()].map((l) => l.join())).size).toBeGreaterThan(5);
    const oncology = await department('medical-oncology');
    expect(oncology.documents.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['pathology-report']));
    const pulmonology = await department('pulmonology');
    expect(pulmonology.documents.every((d: { need: string }) => d.need === 'if-available')).toBe(true);
  });

  it('R-CAT-04: contact points carry their hours and the out-of-hours route', async () => {
    const bone = await department('bone-quality');
    expect(bone.contacts[0]).toMatchObject({ phone: '+31715263505', hours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }] });
    const hematology = (await get('/api/catalog/departments/hematology')).json();
    expect(hematology.department.outOfHours.phone).toBe('+31715269111');
    expect(hematology.callNow.advice.phone).toMatch(/^\+31/);
    const dermatology = await department('dermatology');
    expect(JSON.stringify(dermatology.contacts)).toContain('"from":"08:30","to":"13:00"');
  });

  it('R-CAT-05: stops and redirects, and who may refer', async () => {
    const pulmonology = await department('pulmonology');
    const copd = pulmonology.stops.find((s: { subject: { nl?: string } }) => /astma|COPD/i.test(JSON.stringify(s.subject)));
    expect(copd.referrers).toEqual(['family-doctor']);
    expect(JSON.stringify(copd.redirect.name)).toMatch(/Alrijne/);
    const psychiatry = await department('psychiatry');
    const stops = JSON.stringify(psychiatry.stops);
    expect(stops).toMatch(/somatic symptom disorder/i);
    expect(stops).toMatch(/Muziekpoli/);
    expect(psychiatry.stops.find((s: { since?: string }) => s.since === '2018-09-01')).toBeDefined();
    const types = psychiatry.referrers.restrictions.map((r: { type: string }) => r.type);
    expect(types).toEqual(expect.arrayContaining(['treating-doctor', 'region']));
    expect(JSON.stringify(psychiatry.referrers.restrictions)).toMatch(/esketamine/i);
  });

  it('R-CAT-06: published access-time targets', async () => {
    expect((await department('neurology')).accessTimes).toContainEqual(
      expect.objectContaining({ type: 'target', days: 28, comparison: 'at-most', appliesTo: 'first-visit' }),
    );
    expect((await department('rehabilitation')).accessTimes).toContainEqual(expect.objectContaining({ type: 'target', days: 30 }));
    expect((await department('psychiatry')).accessTimes).toContainEqual(
      expect.objectContaining({ type: 'typical', comparison: 'more-than', appliesTo: 'intake' }),
    );
  });

  it('R-CAT-01: search finds conditions and words of the page', async () => {
    const first = async (q: string) =>
      (await get(`/api/catalog/search?q=${encodeURIComponent(q)}`)).json().hits.map((h: { id: string }) => h.id);
    expect((await first('sarcoïdose'))[0]).toBe('pulmonology');
    expect((await first('esketamine'))[0]).toBe('psychiatry');
    expect((await first('heup'))[0]).toBe('orthopedics');
    expect(await first('second opinion')).toEqual(expect.arrayContaining(['neurology', 'nephrology', 'oncology-center', 'reproduction-center']));
  });

  it('an unknown department is a 404 in the reader\'s language', async () => {
    const nl = await get('/api/catalog/departments/nope');
    expect(nl.statusCode).toBe(404);
    expect(nl.json()).toMatchObject({ code: 'not-found', message: expect.stringMatching(/Niet gevonden/) });
    const en = await t.app.inject({ method: 'GET', url: '/api/catalog/departments/nope', headers: { 'accept-language': 'en-GB,en' } });
    expect(en.json().message).toMatch(/Not found/);
  });
});

describe('catalog administration', () => {
  it('R-CAT-07: an administrator edits a department; the public guide shows it and the history keeps who and when', async () => {
    const current = (await get('/api/admin/catalog/departments/hematology', admin)).json();
    const edited = {
      ...current.department,
      contacts: current.department.contacts.map((c: { id: string }) =>
        c.id === 'hematologist-consultation' ? { ...c, phone: '+31715260000', hours: [{ days: [1, 2, 3], from: '10:00', to: '11:00' }] } : c,
      ),
    };
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/catalog/departments/hematology',
      headers: { cookie: admin },
      payload: { department: edited, version: current.version },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(current.version + 1);

    const pub = await department('hematology');
    expect(pub.contacts.find((c: { id: string }) => c.id === 'hematologist-consultation').phone).toBe('+31715260000');

    const history = (await get('/api/admin/catalog/history/department/hematology', admin)).json().changes;
    expect(history[0]).toMatchObject({ version: current.version + 1, action: 'update', summary: 'contacts', changedByName: 'Test administrator' });
    expect(history.at(-1)).toMatchObject({ version: 1, action: 'import' });
  });

  it('R-CAT-07: a save from an older version is refused and changes nothing', async () => {
    const current = (await get('/api/admin/catalog/departments/urology', admin)).json();
    const first = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/catalog/departments/urology',
      headers: { cookie: admin },
      payload: { department: { ...current.department, summary: { en: 'first' } }, version: current.version },
    });
    expect(first.statusCode).toBe(200);
    const stale = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/catalog/departments/urology',
      headers: { cookie: admin },
      payload: { department: { ...current.department, summary: { en: 'second' } }, version: current.version },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version-conflict');
    expect((await department('urology')).summary).toEqual({ en: 'first' });
  });

  it('R-CAT-07: bad data is refused with the path and the reason, and changes nothing', async () => {
    const before = (await get('/api/admin/catalog/departments/ent', admin)).json();
    const bad = structuredClone(before.department);
    bad.contacts[0].phone = '0715269111';
    bad.contacts[0].hours = [{ days: [1], from: '17:00', to: '09:00' }];
    const r = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/catalog/departments/ent',
      headers: { cookie: admin, 'accept-language': 'en' },
      payload: { department: bad, version: before.version },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('invalid-catalog');
    expect(r.json().problems).toEqual(
      expect.arrayContaining([
        { path: 'contacts[0].phone', message: expect.stringMatching(/E\.164/) },
        { path: 'contacts[0].hours[0]', message: '"from" must be before "to"' },
      ]),
    );
    const after = (await get('/api/admin/catalog/departments/ent', admin)).json();
    expect(after).toEqual(before);
  });

  it('R-SEC-03: only an administrator may edit the catalog', async () => {
    const referrer = await t.createUser(['referrer']);
    const cookie = await t.signIn(referrer.email);
    const r = await t.app.inject({ method: 'PUT', url: '/api/admin/catalog/departments/ent', headers: { cookie }, payload: { department: {}, version: 1 } });
    expect(r.statusCode).toBe(403);
    expect((await get('/api/admin/catalog/departments/ent')).statusCode).toBe(401);
  });

  it('R-CAT-07: the catalog exports to its file format and imports back; a bad import changes nothing', async () => {
    const exported = await get('/api/admin/catalog/export', admin);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toContain('attachment');
    const same = await t.app.inject({
      method: 'POST',
      url: '/api/admin/catalog/import?dryRun=true',
      headers: { cookie: admin, 'content-type': 'text/yaml' },
      payload: exported.body,
    });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ added: [], changed: [], removed: [], hospitalChanged: false });
    expect(same.json().unchanged).toHaveLength(pageDepartments.length);

    const { parse } = await import('yaml');
    const bundle = parse(exported.body);
    bundle.departments = bundle.departments.filter((d: { id: string }) => d.id !== 'radiology');
    bundle.departments[0].name.en = 'Renamed';
    const applied = await t.app.inject({
      method: 'POST',
      url: '/api/admin/catalog/import',
      headers: { cookie: admin, 'content-type': 'text/yaml' },
      payload: stringify(bundle),
    });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ removed: ['radiology'], changed: [bundle.departments[0].id] });
    expect((await get('/api/catalog/departments/radiology')).statusCode).toBe(404);

    bundle.departments[1].contacts = [{ id: 'x' }];
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/admin/catalog/import',
      headers: { cookie: admin, 'content-type': 'text/yaml' },
      payload: stringify(bundle),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].path).toMatch(/^departments\[1\]\.contacts\[0\]/);
    expect((await get('/api/catalog')).json().departments).toHaveLength(pageDepartments.length - 1);
  });

  it('R-CAT-07: the hospital settings (office hours) are edited the same way', async () => {
    const current = (await get('/api/admin/catalog/hospital', admin)).json();
    const r = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/catalog/hospital',
      headers: { cookie: admin, origin: PUBLIC_URL },
      payload: { hospital: { ...current.hospital, officeHours: [{ days: [1, 2, 3, 4, 5], from: '08:30', to: '17:00' }] }, version: current.version },
    });
    expect(r.statusCode).toBe(200);
    expect((await get('/api/catalog')).json().hospital.officeHours[0].from).toBe('08:30');
  });
});
