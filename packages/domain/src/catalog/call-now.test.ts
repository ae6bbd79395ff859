import { describe, expect, it } from 'vitest';
import { callNow, DepartmentSchema, HospitalSchema } from '../index.ts';

const hospital = HospitalSchema.parse({
  name: { en: 'Test hospital' },
  mainPhone: '+31715269111',
  mainPhoneText: { en: 'Main number: ask for the on-duty specialist.' },
  officeHours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '17:00' }],
});

const department = DepartmentSchema.parse({
  id: 'bone-quality',
  name: { en: 'Centre for Bone Quality' },
  contacts: [
    {
      id: 'appointments',
      label: { en: 'Appointments' },
      purposes: ['appointments'],
      phone: '+31715263505',
      hours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }],
    },
    { id: 'consult', label: { en: 'Consultation' }, purposes: ['peer-consultation'], phone: '+31715263568', hours: 'office-hours' },
    { id: 'fax', label: { en: 'Fax' }, purposes: ['referrals'], fax: '+31715266881' },
  ],
});

// Times are UTC; Amsterdam is UTC+1 in winter, UTC+2 in summer.
const at = (iso: string) => new Date(iso);
const noHolidays = new Set<string>();

describe('whom to call now', () => {
  it('R-CAT-04: on a weekday morning the open contact points are listed, consultation first', () => {
    const c = callNow({ department, hospital, at: at('2026-11-24T09:30:00Z'), holidays: noHolidays }); // Tue 10:30
    expect(c.local).toEqual({ date: '2026-11-24', weekday: 2, time: '10:30' });
    expect(c.officeHours).toBe(true);
    expect(c.open.map((o) => o.contact.id)).toEqual(['consult', 'appointments']);
    expect(c.open.find((o) => o.contact.id === 'appointments')?.until).toBe('12:00');
    expect(c.advice).toMatchObject({ kind: 'contact', contact: { id: 'consult' } });
  });

  it('R-CAT-04: in the afternoon a contact with morning hours is closed and says when it opens', () => {
    const c = callNow({ department, hospital, at: at('2026-11-24T13:00:00Z'), holidays: noHolidays }); // Tue 14:00
    expect(c.open.map((o) => o.contact.id)).toEqual(['consult']);
    expect(c.closed[0]).toMatchObject({ contact: { id: 'appointments' }, opens: { date: '2026-11-25', time: '09:00' } });
  });

  it('R-CAT-04: outside office hours the out-of-hours route is the advice', () => {
    const c = callNow({ department, hospital, at: at('2026-11-28T21:00:00Z'), holidays: noHolidays }); // Sat 22:00
    expect(c.officeHours).toBe(false);
    expect(c.open).toEqual([]);
    expect(c.advice).toEqual({ kind: 'out-of-hours', phone: '+31715269111', text: hospital.mainPhoneText });
    expect(c.closed.find((x) => x.contact.id === 'appointments')?.opens).toEqual({ date: '2026-11-30', time: '09:00' });
  });

  it('R-CAT-04: the time is read in Europe/Amsterdam, also in summer time', () => {
    // 07:30 UTC on a July Wednesday is 09:30 in Amsterdam: open; in UTC it would look closed.
    const c = callNow({ department, hospital, at: at('2026-07-01T07:30:00Z'), holidays: noHolidays });
    expect(c.local.time).toBe('09:30');
    expect(c.open.map((o) => o.contact.id)).toContain('appointments');
  });

  it('R-CAT-04: on a public holiday clinics are closed, on-duty services are not', () => {
    const withDuty = DepartmentSchema.parse({
      ...department,
      contacts: [...department.contacts, { id: 'duty', label: { en: 'On duty' }, purposes: ['urgent-consultation'], phone: '+31715269111', hours: 'always' }],
    });
    const kingsDay = new Set(['2026-04-27']);
    const c = callNow({ department: withDuty, hospital, at: at('2026-04-27T08:30:00Z'), holidays: kingsDay }); // Mon 10:30
    expect(c.holiday).toBe(true);
    expect(c.officeHours).toBe(false);
    expect(c.open.map((o) => o.contact.id)).toEqual(['duty']);
  });

  it('R-CAT-04: contact points without stated hours are neither open nor closed', () => {
    const d = DepartmentSchema.parse({
      id: 'x',
      name: { en: 'X' },
      contacts: [{ id: 'a', label: { en: 'A' }, purposes: ['information'], phone: '+31715263505' }],
    });
    const c = callNow({ department: d, hospital, at: at('2026-11-24T09:30:00Z'), holidays: noHolidays });
    expect(c.hoursUnknown.map((x) => x.id)).toEqual(['a']);
    expect(c.advice.kind).toBe('out-of-hours');
  });
});
