import { randomBytes } from 'node:crypto';

/** Crockford base32 (no I, L, O, U), lower case. */
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
export const LIEU_ID_LENGTH = 10;

/** A fresh public lieu id: 10 Crockford base32 characters (50 random bits). */
export function randomLieuId(): string {
  const bytes = randomBytes(LIEU_ID_LENGTH);
  let id = '';
  for (const byte of bytes) id += CROCKFORD[byte & 31];
  return id;
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Union-find over record keys where some pairs must never end up together. */
export class ConstrainedUnionFind {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();
  /** root → keys that must not join this root's set. */
  private readonly forbidden = new Map<string, Set<string>>();

  constructor(keys: Iterable<string>) {
    for (const k of keys) {
      this.parent.set(k, k);
      this.size.set(k, 1);
    }
  }

  find(key: string): string {
    let root = key;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    let cur = key;
    while (cur !== root) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  forbid(a: string, b: string): void {
    const add = (x: string, y: string) => {
      const root = this.find(x);
      const set = this.forbidden.get(root);
      if (set) set.add(y);
      else this.forbidden.set(root, new Set([y]));
    };
    add(a, b);
    add(b, a);
  }

  /** Would joining the sets of a and b put two forbidden keys together? */
  conflicts(a: string, b: string): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    const fa = this.forbidden.get(ra);
    const fb = this.forbidden.get(rb);
    const [set, other] = (fa?.size ?? 0) <= (fb?.size ?? 0) ? [fa, rb] : [fb, ra];
    if (!set) return false;
    for (const k of set) if (this.find(k) === other) return true;
    return false;
  }

  /** Joins unless it conflicts; returns whether the two are now together. */
  union(a: string, b: string): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return true;
    if (this.conflicts(ra, rb)) return false;
    if (this.size.get(ra)! < this.size.get(rb)!) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.size.set(ra, this.size.get(ra)! + this.size.get(rb)!);
    const fb = this.forbidden.get(rb);
    if (fb) {
      const fa = this.forbidden.get(ra);
      if (fa) for (const k of fb) fa.add(k);
      else this.forbidden.set(ra, fb);
      this.forbidden.delete(rb);
    }
    return true;
  }

  /** Sets of keys, members sorted, sets sorted by their first key; singletons included. */
  groups(): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const k of this.parent.keys()) {
      const root = this.find(k);
      const list = byRoot.get(root);
      if (list) list.push(k);
      else byRoot.set(root, [k]);
    }
    const out = [...byRoot.values()].map((g) => g.sort());
    return out.sort((x, y) => (x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : 0));
  }
}

/**
 * Stable public ids: a cluster keeps the lieuId most of its members held before (ties → the smallest id);
 * one lieuId goes to one cluster only (the cluster with most holders wins it; the split-off part takes its next best
 * previous id, else a new one). New ids come from `newId` (e.g. `randomLieuId`), never from concatenating ids.
 */
export function assignClusterIds(
  clusters: string[][],
  previous: Map<string, string>,
  newId: () => string,
): Map<string, string> {
  const claims: Array<{ cluster: number; id: string; count: number; first: string }> = [];
  clusters.forEach((members, cluster) => {
    const counts = new Map<string, number>();
    for (const key of members) {
      const id = previous.get(key);
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const first = [...members].sort()[0] ?? '';
    for (const [id, count] of counts) claims.push({ cluster, id, count, first });
  });
  claims.sort((x, y) => y.count - x.count || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0) || (x.first < y.first ? -1 : 1));
  const chosen = new Map<number, string>();
  const used = new Set<string>();
  for (const c of claims) {
    if (chosen.has(c.cluster) || used.has(c.id)) continue;
    chosen.set(c.cluster, c.id);
    used.add(c.id);
  }
  // Never hand out an id some record held before (a lieu that disappeared keeps its id retired).
  const reserved = new Set(previous.values());
  const result = new Map<string, string>();
  clusters.forEach((members, cluster) => {
    let id = chosen.get(cluster);
    if (id === undefined) {
      do id = newId();
      while (used.has(id) || reserved.has(id));
      used.add(id);
    }
    for (const key of members) result.set(key, id);
  });
  return result;
}
