import { allTexts, type LocalizedText } from '../i18n/localized-text.ts';
import type { Department } from './schema.ts';

/**
 * Search as you type over the referral guide: department names, care paths, sub-clinics, conditions and
 * the words on the page. Small enough (tens of departments) to run in the browser on every keystroke.
 */

export type MatchField = 'name' | 'alias' | 'keyword' | 'care-path' | 'sub-clinic' | 'condition' | 'text';

export interface SearchMatch {
  field: MatchField;
  /** The element that matched (a care path's name, a condition, a section title), for showing where the hit is. */
  label?: LocalizedText;
  /** Where that element sits, for a condition: its care path. */
  within?: LocalizedText;
  /** A few words around the hit, for text matches. */
  excerpt?: string;
}

export interface SearchHit {
  department: Department;
  score: number;
  matches: SearchMatch[];
}

interface Entry {
  field: MatchField;
  weight: number;
  words: string[];
  joined: string;
  original: string;
  label?: LocalizedText;
  within?: LocalizedText;
}

export interface SearchIndex {
  departments: { department: Department; entries: Entry[] }[];
}

export function normalize(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export function tokenize(text: string): string[] {
  return normalize(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

const weights: Record<MatchField, number> = {
  name: 10,
  alias: 9,
  keyword: 6,
  'care-path': 6,
  'sub-clinic': 5,
  condition: 5,
  text: 1,
};

function entry(field: MatchField, original: string, label?: LocalizedText, within?: LocalizedText): Entry {
  const words = tokenize(original);
  return {
    field,
    weight: weights[field],
    words,
    joined: words.join(' '),
    original,
    ...(label ? { label } : {}),
    ...(within ? { within } : {}),
  };
}

function entriesOf(d: Department): Entry[] {
  const out: Entry[] = [];
  const add = (field: MatchField, text: LocalizedText | undefined, label?: LocalizedText, within?: LocalizedText) => {
    for (const t of allTexts(text)) out.push(entry(field, t, label, within));
  };
  add('name', d.name);
  for (const a of d.aliases ?? []) out.push(entry('alias', a));
  for (const k of d.keywords ?? []) add('keyword', k, k);
  add('text', d.summary);
  for (const c of d.carePaths) {
    add('care-path', c.name, c.name);
    add('text', c.description, c.name);
    for (const cond of c.conditions ?? []) add('condition', cond, cond, c.name);
  }
  for (const s of d.subClinics) {
    add('sub-clinic', s.name, s.name);
    add('text', s.description, s.name);
    for (const disc of s.disciplines ?? []) add('text', disc, s.name);
  }
  for (const l of d.locations) {
    add('text', l.name, l.name);
    add('text', l.description, l.name);
  }
  for (const r of d.letter) add('text', r.text);
  for (const r of d.documents) add('text', r.text);
  add('text', d.triage);
  add('text', d.afterReferral);
  for (const c of d.contacts) {
    add('text', c.label, c.label);
    add('text', c.note, c.label);
  }
  for (const r of d.referrers.restrictions) add('text', r.text);
  for (const s of d.stops) {
    add('condition', s.subject, s.subject);
    add('text', s.text);
    add('text', s.redirect?.name);
  }
  for (const a of d.accessTimes) add('text', a.text);
  if (d.secondOpinion) {
    out.push(entry('text', 'second opinion'));
    add('text', d.secondOpinion.text);
  }
  for (const s of d.sections) {
    add('text', s.title, s.title);
    add('text', s.text, s.title);
  }
  return out;
}

export function buildSearchIndex(departments: Department[]): SearchIndex {
  return { departments: departments.map((department) => ({ department, entries: entriesOf(department) })) };
}

function excerptOf(original: string, token: string): string {
  const words = original.split(/\s+/);
  const at = words.findIndex((w) => normalize(w).includes(token));
  if (at === -1) return original.slice(0, 120);
  const start = Math.max(0, at - 6);
  const end = Math.min(words.length, at + 9);
  return `${start > 0 ? '…' : ''}${words.slice(start, end).join(' ')}${end < words.length ? '…' : ''}`;
}

/** How well a token matches an entry: a word starting with it scores fully, a compound part half. */
function tokenScore(e: Entry, token: string): number {
  if (e.words.some((w) => w.startsWith(token))) return e.weight;
  if (token.length >= 4 && e.words.some((w) => w.includes(token))) return e.weight / 2;
  return 0;
}

export function search(index: SearchIndex, query: string, limit = 20): SearchHit[] {
  const tokens = tokenize(query);
  if (tokens.length === 0) return [];
  const phrase = tokens.join(' ');
  const hits: SearchHit[] = [];
  for (const { department, entries } of index.departments) {
    let score = 0;
    let everyToken = true;
    for (const token of tokens) {
      let best = 0;
      for (const e of entries) best = Math.max(best, tokenScore(e, token));
      if (best === 0) {
        everyToken = false;
        break;
      }
      score += best;
    }
    if (!everyToken) continue;
    const matches: SearchMatch[] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      const phraseHit = tokens.length > 1 && e.joined.includes(phrase);
      const tokenHit = tokens.every((t) => tokenScore(e, t) > 0);
      if (!phraseHit && !tokenHit) continue;
      if (phraseHit) score += e.weight;
      const key = `${e.field}|${e.label ? allTexts(e.label).join('|') : e.original}`;
      if (seen.has(key)) continue;
      seen.add(key);
      matches.push({
        field: e.field,
        ...(e.label ? { label: e.label } : {}),
        ...(e.within ? { within: e.within } : {}),
        ...(e.field === 'text' ? { excerpt: excerptOf(e.original, tokens[0]!) } : {}),
      });
    }
    hits.push({ department, score, matches: matches.slice(0, 3) });
  }
  hits.sort((a, b) => b.score - a.score || a.department.id.localeCompare(b.department.id));
  return hits.slice(0, limit);
}
