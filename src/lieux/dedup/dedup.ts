import { candidatePairs } from './candidates';
import { ConstrainedUnionFind, pairKey } from './cluster';
import { defaultDedupConfig } from './config';
import { prepareRecord, type PreparedRecord } from './normalize';
import { scorePair } from './score';
import type { Decision, DedupConfig, DedupRecord, DedupResult, PairScore } from './types';

/** Prepares every record once (normalised names, addresses, contacts). */
export function prepareAll(records: readonly DedupRecord[], config: DedupConfig = defaultDedupConfig): PreparedRecord[] {
  const generic = new Set(config.genericDomains);
  const seen = new Set<string>();
  return records.map((r) => {
    if (seen.has(r.key)) throw new Error(`Clé d’enregistrement en double : ${r.key}`);
    seen.add(r.key);
    return prepareRecord(r, generic);
  });
}

/** Every candidate pair from blocking, scored (distinct ones included): for benchmarks and tuning. */
export function scoreCandidates(records: readonly DedupRecord[], config: DedupConfig = defaultDedupConfig): PairScore[] {
  const prepared = prepareAll(records, config);
  const out: PairScore[] = [];
  candidatePairs(prepared, config.neighbourKm, (i, j) => out.push(scorePair(prepared[i]!, prepared[j]!, config)));
  return out;
}

/**
 * Finds duplicates: blocking → scoring → clusters. Person decisions override the score: `same` always joins,
 * `distinct` never ends up in one cluster, even through a chain (the weakest link of such a chain is dropped and
 * reported as `review`). Pairs a person declared distinct are not reported.
 */
export function runDedup(records: DedupRecord[], decisions: Decision[], config: DedupConfig = defaultDedupConfig): DedupResult {
  const prepared = prepareAll(records, config);
  const indexOf = new Map(prepared.map((p, i) => [p.record.key, i]));
  const decided = new Map<string, Decision['decision']>();
  for (const d of decisions) {
    if (d.a === d.b || !indexOf.has(d.a) || !indexOf.has(d.b)) continue;
    const k = pairKey(d.a, d.b);
    // Conflicting decisions on one pair: distinct wins (prefer a missed duplicate to a false merge).
    if (decided.get(k) !== 'distinct') decided.set(k, d.decision);
  }

  const pairs: PairScore[] = [];
  const scoredPairs = new Set<string>();
  candidatePairs(prepared, config.neighbourKm, (i, j) => {
    const ka = prepared[i]!.record.key;
    const kb = prepared[j]!.record.key;
    const decision = decided.size > 0 ? decided.get(pairKey(ka, kb)) : undefined;
    if (decision === 'distinct') return;
    const score = decision === 'same' ? scorePair(prepared[i]!, prepared[j]!, config) : scorePair(prepared[i]!, prepared[j]!, config, true);
    if (score === null) return;
    if (decision === 'same') {
      scoredPairs.add(pairKey(score.a, score.b));
      pairs.push(asSame(score));
    } else if (score.verdict !== 'distinct') pairs.push(score);
  });
  for (const [k, decision] of decided) {
    if (decision !== 'same' || scoredPairs.has(k)) continue;
    const [a, b] = k.split('\u0000') as [string, string];
    pairs.push(asSame(scorePair(prepared[indexOf.get(a)!]!, prepared[indexOf.get(b)!]!, config)));
  }

  const uf = new ConstrainedUnionFind(prepared.map((p) => p.record.key));
  for (const [k, decision] of decided) {
    if (decision !== 'distinct') continue;
    const [a, b] = k.split('\u0000') as [string, string];
    uf.forbid(a, b);
  }
  // Person decisions first, then the strongest links: when a chain would join two records declared distinct,
  // the link that fails is the weakest one.
  const links = pairs
    .filter((p) => p.verdict === 'duplicate')
    .sort((x, y) => {
      const sx = decided.get(pairKey(x.a, x.b)) === 'same' ? 2 : x.total;
      const sy = decided.get(pairKey(y.a, y.b)) === 'same' ? 2 : y.total;
      return sy - sx || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1);
    });
  for (const link of links) {
    if (uf.union(link.a, link.b)) continue;
    link.verdict = 'review';
    link.explanation = `${link.explanation.replace(/\.$/, '')} ; non fusionnés : cela réunirait des lieux déclarés distincts par une personne.`;
  }
  pairs.sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  return { pairs, clusters: uf.groups() };
}

function asSame(score: PairScore): PairScore {
  return {
    ...score,
    verdict: 'duplicate',
    explanation: `Déclarés comme le même lieu par une personne (score ${score.total.toFixed(2).replace('.', ',')}).`,
  };
}
