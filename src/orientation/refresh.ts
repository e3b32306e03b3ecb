/**
 * The live orientation index: built from the registry's `lieux` table, rebuilt when the registry changes.
 * A cheap check (`count(*)`, `sum(version)` and `max(updated_at)`) runs at most every `checkSeconds`; `invalidate()` forces
 * a rebuild. Every write bumps a lieu's version, so a change is seen even when its timestamp is not the newest.
 * One rebuild at a time; queries keep the previous snapshot while a rebuild runs (only the very first build is awaited).
 */
import { count, max, sum } from 'drizzle-orm';
import { lieux } from '../lieux/schema';
import type { TravelTimeParameters } from '../platform/config';
import type { Database } from '../platform/db';
import { OrientationEngine, orientationLieu } from './domain';

export interface OrientationIndexOptions {
  travelTime: TravelTimeParameters;
  /** Seconds between two checks of the registry (default 30). */
  checkSeconds?: number;
  /** Clock for the check interval (tests). */
  clock?: () => Date;
}

export interface OrientationIndex {
  /** The current engine (built on first use; refreshed in the background when the registry changed). */
  engine(): Promise<OrientationEngine>;
  /** Rebuild now; resolves with the new engine. Queries use the previous one meanwhile. */
  invalidate(): Promise<OrientationEngine>;
  /** When and how the current snapshot was built. */
  stats(): { lieux: number; builtAt: Date | null; buildMs: number; rebuilds: number };
}

async function signature(db: Database): Promise<string> {
  const [row] = await db.select({ n: count(), versions: sum(lieux.version), last: max(lieux.updatedAt) }).from(lieux);
  const last = row?.last as Date | string | null | undefined;
  return `${row?.n ?? 0}|${row?.versions ?? 0}|${last instanceof Date ? last.toISOString() : String(last ?? '')}`;
}

async function load(db: Database, travel: TravelTimeParameters): Promise<OrientationEngine> {
  const rows = await db.select({ data: lieux.data, status: lieux.status, lat: lieux.lat, lon: lieux.lon }).from(lieux);
  return new OrientationEngine(
    rows.map((r) => orientationLieu(r.data, r.status, r.lat, r.lon)),
    travel,
  );
}

export function createOrientationIndex(db: Database, options: OrientationIndexOptions): OrientationIndex {
  const clock = options.clock ?? (() => new Date());
  const intervalMs = (options.checkSeconds ?? 30) * 1000;
  let current: OrientationEngine | null = null;
  let currentSignature = '';
  let builtAt: Date | null = null;
  let buildMs = 0;
  let rebuilds = 0;
  let lastCheck = 0;
  let building: Promise<OrientationEngine> | null = null;
  let checking: Promise<void> | null = null;
  /** Set when a rebuild is asked while one runs: one more follows it. */
  let again = false;

  const rebuild = (): Promise<OrientationEngine> => {
    if (building) {
      // The running rebuild loops once more before it resolves, so its promise includes this request.
      again = true;
      return building;
    }
    building = (async () => {
      try {
        do {
          again = false;
          const began = performance.now();
          const sig = await signature(db);
          const engine = await load(db, options.travelTime);
          current = engine;
          currentSignature = sig;
          builtAt = clock();
          buildMs = performance.now() - began;
          rebuilds++;
          lastCheck = clock().getTime();
        } while (again);
        return current;
      } finally {
        building = null;
      }
    })();
    return building;
  };

  const check = () => {
    if (checking || building) return;
    lastCheck = clock().getTime();
    checking = signature(db)
      .then((sig) => {
        if (sig !== currentSignature) void rebuild().catch(() => undefined);
      })
      .catch(() => undefined)
      .finally(() => {
        checking = null;
      });
  };

  return {
    async engine() {
      if (!current) return building ?? rebuild();
      if (clock().getTime() - lastCheck >= intervalMs) check();
      return current;
    },
    invalidate: rebuild,
    stats: () => ({ lieux: current?.size ?? 0, builtAt, buildMs, rebuilds }),
  };
}
