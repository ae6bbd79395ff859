import { describe, expect, it } from 'vitest';
import { phoneDisplays } from './phones.ts';

describe('phone numbers sent with the guide', () => {
  it('R-ID-03: every E.164 number anywhere in the catalog is listed with its national form, once', () => {
    const catalog = {
      mainPhone: '+31715269111',
      departments: [
        { contacts: [{ phone: '+31715263001', fax: '+31715266868' }, { phone: '+31715269111' }] },
        { outOfHours: { phone: '+442079460000', text: 'Call +31 is not a number' } },
      ],
      note: '0715269111',
    };
    expect(phoneDisplays(catalog)).toEqual({
      '+31715269111': '071 526 9111',
      '+31715263001': '071 526 3001',
      '+31715266868': '071 526 6868',
      '+442079460000': '+44 20 7946 0000',
    });
  });
});
