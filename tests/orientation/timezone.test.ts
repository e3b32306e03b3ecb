import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./tz-fixture.ts', import.meta.url));

function runWith(tz: string) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as { tz: string; offset: number; answers: Array<{ total: number; resultats: Array<{ ouvert: boolean | null }> }> };
}

describe('orientation answers do not depend on the server timezone', () => {
  it('gives identical answers with TZ=UTC, TZ=Pacific/Auckland and TZ=Europe/Paris', () => {
    const utc = runWith('UTC');
    const auckland = runWith('Pacific/Auckland');
    const paris = runWith('Europe/Paris');
    // The processes really ran in different timezones.
    expect(utc.offset).toBe(0);
    expect(auckland.offset).toBe(-780);
    expect(paris.offset).toBe(-60);
    expect(auckland.answers).toEqual(utc.answers);
    expect(paris.answers).toEqual(utc.answers);
    // And the answers say something about opening (not all unknown).
    const flags = utc.answers.flatMap((a) => a.resultats.map((r) => r.ouvert));
    expect(flags).toContain(true);
    expect(flags).toContain(false);
  }, 60_000);
});
