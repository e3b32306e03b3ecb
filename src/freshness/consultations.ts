/**
 * Consultations of lieux, counted without cookies or personal data: views of a lieu's public page and appearances in
 * orientation results, per Paris day. Counted in memory (a request never writes the database) and written by `flush`:
 * one upsert per (lieu, day, kind), adding to what other processes wrote. Nothing about the visitor is kept.
 */
import { sql } from 'drizzle-orm';
import { parisDate } from '../orientation';
import type { Principal } from '../platform/auth/principal';
import type { Database } from '../platform/db';
import { lieuConsultations, type ConsultationKind } from './schema';

/** How often the counts are written (and on close). */
export const CONSULTATION_FLUSH_MS = 60_000;
const ROWS_PER_STATEMENT = 1_000;

export interface ConsultationCounter {
  /**
   * Counts one consultation of each lieu, on the Paris day of `at`, unless the caller is someone keeping the map or a
   * machine client (see `countsAsConsultation`).
   */
  count(principal: Principal | null, lieuIds: Iterable<string>, kind: ConsultationKind, at: Date): void;
  /** Writes the counts so far; returns how many (lieu, day, kind) rows it added to. Safe to call concurrently. */
  flush(db: Database): Promise<number>;
  /** (lieu, day, kind) counts waiting to be written. */
  pending(): number;
}

interface Row {
  lieuId: string;
  day: string;
  kind: ConsultationKind;
  count: number;
}

export function createConsultationCounter(): ConsultationCounter {
  /** `day kind` → lieu → count: a request adds to one bucket, without building a key per lieu. */
  let buckets = new Map<string, Map<string, number>>();
  // The Paris day, recomputed once per minute at most (Intl is the expensive part).
  let dayMinute = Number.NaN;
  let day = '';
  let writing: Promise<number> = Promise.resolve(0);

  const dayOf = (at: Date) => {
    const minute = Math.floor(at.getTime() / 60_000);
    if (minute !== dayMinute) {
      dayMinute = minute;
      day = parisDate(at);
    }
    return day;
  };
  const bucket = (d: string, kind: ConsultationKind) => {
    const key = `${d} ${kind}`;
    let counts = buckets.get(key);
    if (!counts) buckets.set(key, (counts = new Map()));
    return counts;
  };
  const add = (row: Row) => {
    const counts = bucket(row.day, row.kind);
    counts.set(row.lieuId, (counts.get(row.lieuId) ?? 0) + row.count);
  };
  const pending = () => [...buckets.values()].reduce((n, counts) => n + counts.size, 0);

  async function write(db: Database): Promise<number> {
    const taken = buckets;
    buckets = new Map();
    const rows: Row[] = [];
    for (const [key, counts] of taken) {
      const [d, kind] = key.split(' ') as [string, ConsultationKind];
      for (const [lieuId, count] of counts) rows.push({ lieuId, day: d, kind, count });
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      try {
        await db
          .insert(lieuConsultations)
          .values(rows.slice(i, i + ROWS_PER_STATEMENT))
          .onConflictDoUpdate({
            target: [lieuConsultations.lieuId, lieuConsultations.day, lieuConsultations.kind],
            set: { count: sql`${lieuConsultations.count} + excluded.count` },
          });
      } catch (error) {
        // Nothing lost: the rows not written yet are counted again for the next flush (earlier batches are written).
        rows.slice(i).forEach(add);
        throw error;
      }
    }
    return rows.length;
  }

  return {
    count(principal, lieuIds, kind, at) {
      if (!countsAsConsultation(principal)) return;
      const counts = bucket(dayOf(at), kind);
      for (const id of lieuIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    },
    flush(db) {
      const next = writing.catch(() => 0).then(() => write(db));
      writing = next;
      return next;
    },
    pending,
  };
}

/**
 * Whether a request counts as a consultation: people keeping the map (administrators, gestionnaires) checking a page,
 * and machine clients, do not inflate the figures. The principal is already known for every request: no extra cost.
 */
export function countsAsConsultation(principal: Principal | null): boolean {
  if (!principal) return true;
  if (principal.kind === 'api_token') return false;
  return !principal.assignments.some((a) => a.role === 'admin' || a.role === 'gestionnaire');
}
