import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { exampleLetter } from './fixtures.ts';
import { renderLetter } from './render.ts';
import {
  LETTER_TYPES,
  formatLetterDate,
  formatLetterDateTime,
  letterTitle,
  type LetterInput,
  type LetterLanguage,
} from './templates.ts';

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

async function pdfInfo(pdf: Buffer): Promise<Record<string, unknown>> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  return (await doc.getMetadata()).info as Record<string, unknown>;
}

const LANGUAGES: LetterLanguage[] = ['nl', 'en'];

describe('letters', () => {
  for (const type of LETTER_TYPES) {
    for (const language of LANGUAGES) {
      it(`R-COM-03: renders a ${type} letter in ${language} as a PDF with the key content`, async () => {
        const input = exampleLetter(type, language);
        const pdf = await renderLetter(input);
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const text = await pdfText(pdf);
        expect(text).toContain('VW-2026-000123');
        expect(text).toContain('Şule Yılmaz');
        expect(text).toContain('Ziekenhuis Rivierenland Test');
        expect(text).toContain(letterTitle(type, language));
        expect(text).toContain(language === 'nl' ? 'Geachte ' : 'Dear ');
        expect(text).toContain(language === 'nl' ? '20 november 2026' : '20 November 2026');
        expect(text).toContain(language === 'nl' ? '12 maart 1960' : '12 March 1960');
        const info = await pdfInfo(pdf);
        expect(info.Title).toBe(`${letterTitle(type, language)} – VW-2026-000123`);
        expect(info.Author).toBe('Loket');
      });
    }
  }

  it('lists the missing items and the reply date of a request for information', async () => {
    const text = await pdfText(await renderLetter(exampleLetter('request-information', 'nl')));
    expect(text).toContain('Recent ECG');
    expect(text).toContain('Current medication list');
    expect(text).toContain('Please also state whether the complaints occur at rest.');
    expect(text).toContain('uiterlijk 1 december 2026');
  });

  it('writes the appointment out in the letter language, in Amsterdam time', async () => {
    const nl = await pdfText(await renderLetter(exampleLetter('invitation', 'nl')));
    expect(nl).toContain('dinsdag 24 november 2026 om 10:30');
    expect(nl).toContain('Polikliniek Cardiologie, route 12');
    const en = await pdfText(await renderLetter(exampleLetter('appointment-confirmation', 'en')));
    expect(en).toContain('Tuesday 24 November 2026 at 10:30');
    expect(en).toContain('https://video.example.org/room/abc');
    // Summer time: UTC+2.
    expect(formatLetterDateTime('2026-06-02T08:15:00Z', 'nl')).toBe('dinsdag 2 juni 2026 om 10:15');
    expect(formatLetterDateTime('2026-06-02T08:15:00Z', 'en')).toBe('Tuesday 2 June 2026 at 10:15');
  });

  it('prints the reason and advice of a rejection and the findings of a feedback letter', async () => {
    const rejection = await pdfText(await renderLetter(exampleLetter('rejection', 'en')));
    expect(rejection).toContain('Does not fit our care paths');
    expect(rejection).toContain('Consider a referral to the internist');
    const feedback = await pdfText(await renderLetter(exampleLetter('feedback', 'nl')));
    expect(feedback).toContain('No signs of heart failure');
    expect(feedback).toContain('De behandeling bij ons is afgerond');
  });

  it('prints text from the caller literally, never interpreting it', async () => {
    const hostile = '<script>alert(1)</script> {"text":"x"} **bold** \\n';
    const input: LetterInput = {
      ...exampleLetter('cancellation', 'en'),
      type: 'cancellation',
      details: { reason: hostile },
      recipient: { name: '<b>Dr. X</b>' },
    };
    const text = await pdfText(await renderLetter(input));
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('{"text":"x"} **bold** \\n');
    expect(text).toContain('Dear <b>Dr. X</b>,');
  });

  it('prints the BSN only when it is given', async () => {
    const withBsn = await pdfText(await renderLetter(exampleLetter('feedback', 'nl')));
    expect(withBsn).toContain('BSN 999990019');
    const input = exampleLetter('feedback', 'nl');
    const without = await pdfText(await renderLetter({ ...input, patient: { ...input.patient, bsn: null } }));
    expect(without).not.toContain('999990019');
    expect(without).not.toContain('BSN');
  });

  it('gives the same bytes for the same input', async () => {
    const a = await renderLetter(exampleLetter('invitation', 'en'));
    const b = await renderLetter(exampleLetter('invitation', 'en'));
    expect(a.equals(b)).toBe(true);
  });

  it('refuses dates that are not dates', async () => {
    expect(() => formatLetterDate('2026-02-30', 'nl')).toThrow(RangeError);
    await expect(renderLetter({ ...exampleLetter('feedback', 'nl'), date: '20-11-2026' })).rejects.toThrow(
      RangeError,
    );
    await expect(
      renderLetter({
        ...exampleLetter('invitation', 'nl'),
        type: 'invitation',
        details: { start: 'tomorrow' },
      }),
    ).rejects.toThrow(RangeError);
  });
});
