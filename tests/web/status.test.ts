import { describe, expect, it } from 'vitest';
import { closurePhase, statusText } from '../../web/src/lieux/status';

describe('a lieu’s status in words, as it stands on a Paris day', () => {
  const temporary = { kind: 'ferme_temporairement', du: '2026-12-10', au: '2026-12-20' } as const;
  const forGood = { kind: 'ferme_definitivement', depuis: '2027-01-01' } as const;

  it('tells a closure announced for later from one under way or over', () => {
    expect(closurePhase(temporary, '2026-12-09')).toBe('a-venir');
    expect(closurePhase(temporary, '2026-12-10')).toBe('en-cours');
    expect(closurePhase(temporary, '2026-12-20')).toBe('en-cours');
    expect(closurePhase(temporary, '2026-12-21')).toBe('terminee');
    expect(closurePhase({ ...temporary, au: null }, '2030-01-01')).toBe('en-cours');
    expect(closurePhase(forGood, '2026-12-31')).toBe('a-venir');
    expect(closurePhase(forGood, '2027-01-01')).toBe('en-cours');
    expect(closurePhase({ kind: 'ouvert' }, '2026-12-31')).toBe('ouvert');
  });

  it('says it in plain French, never « fermé » before the closure starts', () => {
    expect(statusText(temporary, '2026-12-01')).toBe('Ouvert ; fermeture temporaire prévue du 10 décembre 2026 au 20 décembre 2026');
    expect(statusText(temporary, '2026-12-15')).toBe('Fermé temporairement du 10 décembre 2026 au 20 décembre 2026');
    expect(statusText(temporary, '2026-12-25')).toBe('Ouvert (fermé temporairement du 10 décembre 2026 au 20 décembre 2026)');
    expect(statusText(forGood, '2026-12-01')).toBe('Ouvert ; fermeture définitive le 1 janvier 2027');
    expect(statusText(forGood, '2027-02-01')).toBe('Fermé définitivement depuis le 1 janvier 2027');
  });
});
