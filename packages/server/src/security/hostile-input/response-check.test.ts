import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSegment } from './requests.ts';
import { checkAnswer, withoutEchoes } from './response-check.ts';
import { withPrototypeKey } from './hostile-values.ts';

/** The hostile-input checks must be able to fail: each kind of leak they look for is caught. */
describe('hostile-input answer check', () => {
  it('R-SEC-03: finds server errors, stack traces, server paths, SQL and runtime error text', () => {
    expect(checkAnswer(500, '{"code":"internal-error"}').problems).toContain('server error 500');
    expect(
      checkAnswer(400, 'TypeError: x\n    at Object.handler (/work/main/packages/server/src/app.ts:10:5)')
        .problems,
    ).toEqual(expect.arrayContaining(['stack trace', 'server path', 'source file', 'runtime error']));
    expect(checkAnswer(400, '{"message":"syntax error at or near \\"OR\\""}').problems).toContain(
      'SQL error',
    );
    expect(checkAnswer(404, '{"message":"relation \\"referral\\" does not exist"}').problems).toContain(
      'SQL error',
    );
    expect(
      checkAnswer(400, '{"message":"Cannot read properties of undefined (reading \'x\')"}').problems,
    ).toContain('runtime error');
    expect(checkAnswer(414, '{"code":"FST_ERR_MAX_PARAM_LENGTH"}').problems).toContain('fastify internals');
  });

  it('R-SEC-03: a clean problem answer passes, and an echo of what the client sent is not a leak', () => {
    expect(checkAnswer(400, '{"code":"invalid-input","message":"Some data is not valid."}').problems).toEqual(
      [],
    );
    const sent = "x' syntax error at or near y";
    expect(checkAnswer(201, withoutEchoes(JSON.stringify({ note: sent }), [sent])).problems).toEqual([]);
  });

  it('encodes any string for a URL, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(encodeSegment(s)).toMatch(/^[A-Za-z0-9\-_.!~*'()%]*$/);
      }),
    );
    expect(encodeSegment('\uD800')).toBe('%ed%a0%80');
  });

  it('keeps __proto__ as an own key through JSON, as a hostile body carries it', () => {
    expect(JSON.stringify(withPrototypeKey({ a: 1 }, '__proto__', { x: 1 }))).toBe(
      '{"a":1,"__proto__":{"x":1}}',
    );
  });
});
