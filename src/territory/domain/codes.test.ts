import { describe, expect, it } from 'vitest';
import { isCommuneCode, isDepartementCode, isEpciSiren, isRegionCode } from './codes';

describe('territory codes', () => {
  it('accepts commune codes with leading zeros and Corsican letters', () => {
    for (const code of ['86066', '01001', '2A004', '2B033', '97101', '98901']) expect(isCommuneCode(code), code).toBe(true);
  });

  it('rejects malformed commune codes', () => {
    for (const code of ['2C001', '1234', '123456', '2a004', ' 86066', '86O66', '', '2A04', 'AB123']) {
      expect(isCommuneCode(code), code).toBe(false);
    }
  });

  it('checks EPCI SIRENs: exactly 9 digits', () => {
    expect(isEpciSiren('200069854')).toBe(true);
    for (const siren of ['20006985', '2000698540', '20006985A', '']) expect(isEpciSiren(siren), siren).toBe(false);
  });

  it('checks département codes, overseas included', () => {
    for (const code of ['01', '86', '2A', '2B', '971', '976', '975', '988']) expect(isDepartementCode(code), code).toBe(true);
    for (const code of ['1', '2C', '086', '960', 'AB', '8', '9710']) expect(isDepartementCode(code), code).toBe(false);
  });

  it('checks région codes', () => {
    for (const code of ['75', '01', '975', '988']) expect(isRegionCode(code), code).toBe(true);
    for (const code of ['7', '750', '2A']) expect(isRegionCode(code), code).toBe(false);
  });
});
