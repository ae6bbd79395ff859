import { describe, expect, it } from 'vitest';
import type { Subscription } from '@medplum/fhirtypes';
import { isInternalHost, parseSubscription, toSubscription } from './subscriptions.ts';

const sub = (endpoint: string, extra: Partial<Subscription> = {}): Subscription => ({
  resourceType: 'Subscription',
  status: 'requested',
  reason: 'follow',
  criteria: 'Task?owner=HealthcareService/cardiology',
  channel: { type: 'rest-hook', endpoint },
  ...extra,
});

describe('FHIR Subscription input', () => {
  it('FHIR: on an https deployment the endpoint must be public https; internal addresses are refused (no SSRF)', () => {
    const https = { allowHttp: false };
    expect(parseSubscription(sub('https://his.example.org/hook'), 'u1', https)).toMatchObject({
      status: 'active',
      user_id: 'u1',
      endpoint: 'https://his.example.org/hook',
    });
    for (const bad of [
      'http://his.example.org/hook',
      'https://localhost/hook',
      'https://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://192.168.1.10/hook',
      'https://172.20.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[fd00::1]/hook',
      'https://user:pw@his.example.org/hook',
      'not a url',
    ])
      expect(() => parseSubscription(sub(bad), 'u1', https), bad).toThrow();
    expect(isInternalHost('his.example.org')).toBe(false);
    expect(isInternalHost('8.8.8.8')).toBe(false);
  });

  it('FHIR: criteria are a Task search with supported parameters only; headers are kept but never shown back', () => {
    const opts = { allowHttp: true };
    expect(() => parseSubscription(sub('http://127.0.0.1:9/x', { criteria: 'Patient' }), 'u', opts)).toThrow(
      /Task search/,
    );
    expect(() =>
      parseSubscription(sub('http://127.0.0.1:9/x', { criteria: 'Task?colour=red' }), 'u', opts),
    ).toThrow(/colour/);
    expect(() =>
      parseSubscription(
        sub('http://127.0.0.1:9/x', { channel: { type: 'websocket', endpoint: 'http://127.0.0.1:9/x' } }),
        'u',
        opts,
      ),
    ).toThrow(/rest-hook/);
    expect(() =>
      parseSubscription(
        sub('http://x', {
          channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/x', header: ['X-A: b\r\nHost: evil'] },
        }),
        'u',
        opts,
      ),
    ).toThrow(/not allowed/);
    const row = parseSubscription(
      sub('http://127.0.0.1:9/x', {
        channel: {
          type: 'rest-hook',
          endpoint: 'http://127.0.0.1:9/x',
          payload: 'application/fhir+json',
          header: ['Authorization: Bearer s3cret'],
        },
      }),
      'u',
      opts,
    );
    const shown = toSubscription(row);
    expect(shown.channel.header).toEqual(['Authorization: (not shown)']);
    expect(JSON.stringify(shown)).not.toContain('s3cret');
  });
});
