import { describe, expect, it } from 'vitest';
import {
  addYears,
  auditMinimumEnds,
  addMonths,
  checkRetentionSettings,
  decideErasure,
  decideRetention,
  defaultRetention,
} from './policy.ts';

const lastChange = new Date('2006-03-15T10:00:00Z');

describe('retention policy', () => {
  it('R-SEC-04: a record is kept 20 years after its last change, and may be deleted after', () => {
    expect(defaultRetention.recordYears).toBe(20);
    const dossier = { lastChange, legalHold: false, inUse: [] };
    const justBefore = new Date('2026-03-15T09:59:59Z');
    const at = new Date('2026-03-15T10:00:00Z');
    expect(decideRetention(dossier, justBefore)).toMatchObject({ keep: true, reason: 'within-period' });
    expect(decideRetention(dossier, at)).toEqual({ keep: false, reason: 'past-period', until: at });
  });

  it('R-SEC-04: a legal hold or a dossier still in use is kept past its period', () => {
    const now = new Date('2040-01-01T00:00:00Z');
    expect(decideRetention({ lastChange, legalHold: true, inUse: [] }, now)).toMatchObject({
      keep: true,
      reason: 'legal-hold',
    });
    expect(decideRetention({ lastChange, legalHold: false, inUse: ['open-request'] }, now)).toMatchObject({
      keep: true,
      reason: 'in-use',
      inUse: ['open-request'],
    });
  });

  it('R-SEC-04: a longer period is allowed, a shorter one is refused; audit at least 5 years (R-SEC-01)', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(
      decideRetention({ lastChange, legalHold: false, inUse: [] }, now, { recordYears: 30, auditYears: 5 }),
    ).toMatchObject({ keep: true, until: new Date('2036-03-15T10:00:00Z') });
    expect(() => checkRetentionSettings({ recordYears: 19, auditYears: 5 })).toThrow(/WGBO/);
    expect(() => checkRetentionSettings({ recordYears: 20, auditYears: 4 })).toThrow(/audit/);
    expect(checkRetentionSettings({ recordYears: 25, auditYears: 7 })).toEqual({
      recordYears: 25,
      auditYears: 7,
    });
    expect(auditMinimumEnds(now)).toEqual(new Date('2025-01-01T00:00:00Z'));
  });

  it('years are calendar years; 29 February falls back to 28 February', () => {
    expect(addYears(new Date('2024-02-29T12:00:00Z'), 20)).toEqual(new Date('2044-02-29T12:00:00Z'));
    expect(addYears(new Date('2024-02-29T12:00:00Z'), 1)).toEqual(new Date('2025-02-28T12:00:00Z'));
  });
});

describe("erasure on the patient's request (WGBO art. 7:455)", () => {
  const free = { legalHold: false, inUse: [] };
  const receivedOn = new Date('2026-11-02T00:00:00Z');
  const now = new Date('2026-11-24T09:00:00Z');

  it('R-SEC-04: a dossier is erased on request whatever its age, within three months of the request', () => {
    expect(decideErasure(free, { receivedOn }, now)).toEqual({
      erase: true,
      dueBy: new Date('2027-02-02T00:00:00Z'),
      overdue: false,
    });
    // Past the three months it is still erased, and said to be late.
    expect(decideErasure(free, { receivedOn }, new Date('2027-02-03T00:00:00Z'))).toMatchObject({
      erase: true,
      overdue: true,
    });
  });

  it('R-SEC-04: a legal hold, a dossier still in use or a recorded refusal keeps it (art. 7:455 lid 2)', () => {
    expect(decideErasure({ legalHold: true, inUse: ['open-request'] }, { receivedOn }, now)).toMatchObject({
      erase: false,
      reason: 'legal-hold',
    });
    expect(decideErasure({ legalHold: false, inUse: ['message-unsent'] }, { receivedOn }, now)).toMatchObject(
      {
        erase: false,
        reason: 'in-use',
        inUse: ['message-unsent'],
      },
    );
    expect(
      decideErasure(free, { receivedOn, refusal: " important for a relative's diagnosis " }, now),
    ).toMatchObject({ erase: false, reason: 'refused', refusal: "important for a relative's diagnosis" });
    // An empty reason is no refusal.
    expect(decideErasure(free, { receivedOn, refusal: '  ' }, now)).toMatchObject({ erase: true });
  });

  it('R-SEC-04: a request dated in the future or not a date is refused as a mistake', () => {
    expect(() => decideErasure(free, { receivedOn: new Date('2026-12-01') }, now)).toThrow(RangeError);
    expect(() => decideErasure(free, { receivedOn: new Date('not a date') }, now)).toThrow(RangeError);
  });

  it('months are calendar months; a day the month lacks becomes its last day', () => {
    expect(addMonths(new Date('2026-05-31T08:00:00Z'), 3)).toEqual(new Date('2026-08-31T08:00:00Z'));
    expect(addMonths(new Date('2026-11-30T08:00:00Z'), 3)).toEqual(new Date('2027-02-28T08:00:00Z'));
    expect(addMonths(new Date('2027-11-30T08:00:00Z'), 3)).toEqual(new Date('2028-02-29T08:00:00Z'));
  });
});
