import { describe, expect, it } from 'vitest';
import { buildSearchIndex, DepartmentSchema, normalize, search } from '../index.ts';

const departments = [
  DepartmentSchema.parse({
    id: 'pulmonology',
    name: { nl: 'Longziekten', en: 'Pulmonology' },
    carePaths: [
      {
        id: 'ild',
        name: { nl: 'Interstitiële longziekten', en: 'Interstitial lung diseases' },
        conditions: [{ nl: 'Sarcoïdose', en: 'Sarcoidosis' }],
      },
    ],
  }),
  DepartmentSchema.parse({
    id: 'orthopedics',
    name: { nl: 'Orthopedie', en: 'Orthopedics' },
    keywords: [{ nl: 'heup', en: 'hip' }],
    subClinics: [{ id: 'hip-babies', name: { nl: "Heupspreekuur voor baby's", en: 'Hip outpatient clinic for babies' } }],
    secondOpinion: { accepted: true, text: { en: 'Patients with complex problems can also be referred, for a second opinion.' } },
  }),
  DepartmentSchema.parse({
    id: 'psychiatry',
    name: { nl: 'Psychiatrie', en: 'Psychiatry' },
    sections: [{ id: 'esketamine', title: { en: 'Esketamine' }, text: { en: 'Esketamine nasal spray has been registered.' } }],
  }),
];
const index = buildSearchIndex(departments);

describe('searching the referral guide', () => {
  it('R-CAT-01: finds a department by a condition, with or without diacritics', () => {
    expect(search(index, 'sarcoïdose')[0]?.department.id).toBe('pulmonology');
    expect(search(index, 'sarcoidose')[0]?.department.id).toBe('pulmonology');
    expect(search(index, 'Sarcoidosis')[0]?.department.id).toBe('pulmonology');
    expect(search(index, 'sarcoïdose')[0]?.matches[0]).toMatchObject({
      field: 'condition',
      label: { nl: 'Sarcoïdose' },
      within: { nl: 'Interstitiële longziekten' },
    });
  });

  it('R-CAT-01: finds words of the page, Dutch translations and prefixes while typing', () => {
    expect(search(index, 'esket').map((h) => h.department.id)).toEqual(['psychiatry']);
    expect(search(index, 'heup').map((h) => h.department.id)).toEqual(['orthopedics']);
    expect(search(index, 'second opinion').map((h) => h.department.id)).toEqual(['orthopedics']);
    expect(search(index, 'long')[0]?.department.id).toBe('pulmonology');
  });

  it('every word must match, and nonsense finds nothing', () => {
    expect(search(index, 'heup sarcoidose')).toEqual([]);
    expect(search(index, 'xyzzy')).toEqual([]);
    expect(search(index, '   ')).toEqual([]);
  });

  it('normalises case and diacritics', () => {
    expect(normalize('Interstitiële')).toBe('interstitiele');
  });
});
