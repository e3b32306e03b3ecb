import KDBush from 'kdbush';
import { haversineKm } from '../../territory/index';
import { compatibleTypologies, type PreparedRecord } from './normalize';

const KM_PER_DEGREE_LAT = 111.32;

/**
 * Candidate pairs (indexes into `records`, i < j), each once:
 * - records of the same commune (`code_insee`);
 * - records of different communes (or one without code_insee) whose points lie within `neighbourKm` (near a border).
 * Typologies must be compatible. A record is never paired with itself; a record without coordinates is never "close".
 */
export function candidatePairs(records: readonly PreparedRecord[], neighbourKm: number, visit: (i: number, j: number) => void): void {
  const byCommune = new Map<string, number[]>();
  records.forEach((r, i) => {
    const code = r.record.lieu.code_insee;
    if (!code) return;
    const list = byCommune.get(code);
    if (list) list.push(i);
    else byCommune.set(code, [i]);
  });
  for (const members of byCommune.values()) {
    for (let x = 0; x < members.length; x++) {
      const i = members[x]!;
      for (let y = x + 1; y < members.length; y++) {
        const j = members[y]!;
        if (compatibleTypologies(records[i]!.typologies, records[j]!.typologies)) visit(Math.min(i, j), Math.max(i, j));
      }
    }
  }

  const located: number[] = [];
  records.forEach((r, i) => {
    if (r.lat !== null && r.lon !== null) located.push(i);
  });
  if (located.length < 2 || neighbourKm <= 0) return;
  const index = new KDBush(located.length);
  for (const i of located) index.add(records[i]!.lon!, records[i]!.lat!);
  index.finish();
  const dLat = neighbourKm / KM_PER_DEGREE_LAT;
  for (let n = 0; n < located.length; n++) {
    const i = located[n]!;
    const a = records[i]!;
    const lat = a.lat!;
    const lon = a.lon!;
    const dLon = neighbourKm / (KM_PER_DEGREE_LAT * Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
    for (const m of index.range(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
      const j = located[m]!;
      if (j <= i) continue;
      const b = records[j]!;
      const ca = a.record.lieu.code_insee;
      const cb = b.record.lieu.code_insee;
      if (ca && cb && ca === cb) continue; // already paired as same commune
      if (!compatibleTypologies(a.typologies, b.typologies)) continue;
      if (haversineKm({ lat, lon }, { lat: b.lat!, lon: b.lon! }) > neighbourKm) continue;
      visit(i, j);
    }
  }
}
