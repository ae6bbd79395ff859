import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { ActionInputSchemas, RedirectSchema } from '@loket/domain';
import { exampleLetter } from '../../letters/fixtures.ts';
import { renderLetter } from '../../letters/render.ts';
import { LETTER_TYPES } from '../../letters/templates.ts';
import { repoRoot } from '../../testing/harness.ts';

/**
 * Text users enter (letters, notes, names) is shown as text, never as markup: the web app renders through React
 * text nodes only, links that come from data are web addresses only, and letters are PDFs whose text cannot
 * become PDF syntax. (The content security policy that forbids inline script is tested in http/app.int.test.ts
 * and, for every kind of answer, in hostile-input.int.test.ts.)
 */

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(tsx?|jsx?)$/.test(name)) out.push(path);
  }
  return out;
}

const markupSinks =
  /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(|srcDoc|createContextualFragment/;

/** Strings that become syntax when a renderer pastes text into HTML or into a PDF content stream. */
const hostileText = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  ') Tj /JavaScript (app.alert(1)) /S /JavaScript /OpenAction << >> (',
  '\\) Tj ET BT (x',
  '<< /Type /Action /S /Launch /F (cmd.exe) >>',
  '\u202Efdp.exe',
].join(' ');

describe('user text is never markup', () => {
  it('R-SEC-03: the web app has no HTML sinks (dangerouslySetInnerHTML, innerHTML, eval...): user text stays React text', () => {
    const files = sourceFiles(join(repoRoot, 'packages/web/src'));
    expect(files.length).toBeGreaterThan(50);
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ f, i, line }))
        .filter(({ line }) => markupSinks.test(line))
        .map(({ f: file, i }) => `${file.slice(repoRoot.length + 1)}:${i + 1}`),
    );
    expect(hits).toEqual([]);
  });

  it('R-SEC-03: links that come from data (guide redirects, video links) accept web addresses only', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
    ])
      expect(RedirectSchema.safeParse({ name: { nl: 'x', en: 'x' }, url }).success, url).toBe(false);
    expect(
      RedirectSchema.safeParse({ name: { nl: 'x', en: 'x' }, url: 'https://example.nl/verwijzen' }).success,
    ).toBe(true);
    const schedule = (videoLink: string) =>
      ActionInputSchemas.schedule.safeParse({ start: '2026-12-01T09:00:00+01:00', location: null, videoLink })
        .success;
    expect(schedule('javascript:alert(1)')).toBe(false);
    expect(schedule('http://video.example.nl/x')).toBe(false);
    expect(schedule('https://video.example.nl/x')).toBe(true);
  });

  for (const type of LETTER_TYPES) {
    it(`R-SEC-03: a ${type} letter prints hostile names and notes as text, with no PDF action or script`, async () => {
      const letter = exampleLetter(type, 'en');
      const pdf = await renderLetter({
        ...letter,
        recipient: { name: hostileText, address: [hostileText] },
        patient: { ...letter.patient, name: hostileText },
        department: hostileText,
      } as typeof letter);
      const raw = pdf.toString('latin1');
      // Nothing that runs or opens something when the letter is opened.
      expect(raw).not.toMatch(
        /\/(?:JavaScript|JS|OpenAction|AA|Launch|SubmitForm|ImportData|RichMedia|EmbeddedFile)\b/,
      );
      // The hostile text is on the page as the characters typed.
      const doc = await getDocumentProxy(new Uint8Array(pdf));
      const { text } = await extractText(doc, { mergePages: true });
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('<script>alert(1)</script>');
      expect(flat).toContain('/JavaScript (app.alert(1))');
    }, 60_000);
  }
});
