/**
 * Commune search as a person types it: accents, case, hyphens, apostrophes and punctuation do not matter;
 * "st"/"ste" mean "saint"/"sainte"; prefixes and small typos match; digits search postcodes.
 *
 * Index (built once): sorted arrays of normalised keys, searched by binary search. The sorted key array is also an
 * implicit trie: fuzzy matching walks it with a Levenshtein row per depth (optimal string alignment, so a swap of two
 * neighbouring letters is one edit) and prunes every branch whose row minimum exceeds the allowed edits.
 *
 * Ranking tiers: exact name > name prefix > prefix of a later word of the name > fuzzy (fewer edits first);
 * inside a tier, larger population first, then INSEE code. Names also match without their leading article
 * ("mans" finds Le Mans exactly).
 */

export interface SearchableCommune {
  code: string;
  nom: string;
  departement: string;
  codesPostaux: string[];
  population: number | null;
}

export interface CommuneSearchResult {
  code: string;
  nom: string;
  departement: string;
  codesPostaux: string[];
  population: number | null;
}

export interface SearchOptions {
  /** Maximum number of results: default 10, at most 50. */
  limit?: number;
}

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;

const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };
const ARTICLES = new Set(['le', 'la', 'les', 'l']);
/** Words that do not start a searchable part of a name ("sur mer" is not how anyone looks for a commune). */
const LINK_WORDS = new Set([...ARTICLES, 'de', 'du', 'des', 'd', 'en', 'sur', 'sous', 'et', 'aux', 'au', 'a', 'lez', 'les']);

/** Lower-case ASCII words: accents removed, ligatures expanded, any other character separates words. */
export function normalizeWords(text: string): string[] {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replaceAll('œ', 'oe')
    .replaceAll('æ', 'ae')
    .replaceAll('ß', 'ss');
  return plain
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => ABBREVIATIONS[w] ?? w);
}

/** The comparison key: normalised words glued together ("Saint-Jean-de-Sauves" → "saintjeandesauves"). */
export function searchKey(text: string): string {
  return normalizeWords(text).join('');
}

/** Edits allowed for a query key of this length: 1 from 4 characters, 2 from 8. */
export function allowedEdits(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

const RANK_EXACT = 0;
const RANK_PREFIX = 1;
const RANK_WORD_PREFIX = 2;
const RANK_FUZZY = 3;
const RANK_WIDTH = 4; // ranks × (edits 0..2) fit in 4 per tier
const POPULATION_SPAN = 2 ** 23; // > population of Paris
const ID_SPAN = 2 ** 17;

interface SortedKeys {
  keys: string[];
  ids: Int32Array;
}

function sortedKeys(entries: Array<[string, number]>): SortedKeys {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  return { keys: entries.map((e) => e[0]), ids: Int32Array.from(entries, (e) => e[1]) };
}

/** First index whose key is ≥ value. */
function lowerBound(keys: readonly string[], value: string, lo = 0, hi = keys.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [from, to) of the keys starting with `prefix` (keys are [a-z0-9], so "\x7f" sorts after all of them). */
function prefixRange(keys: readonly string[], prefix: string): [number, number] {
  const from = lowerBound(keys, prefix);
  return [from, lowerBound(keys, `${prefix}\x7f`, from)];
}

/** The `limit` smallest packed scores, kept sorted. */
class TopK {
  readonly values: Float64Array;
  count = 0;
  constructor(readonly limit: number) {
    this.values = new Float64Array(limit);
  }
  offer(value: number) {
    const v = this.values;
    if (this.count === this.limit) {
      if (value >= v[this.limit - 1]!) return;
    } else {
      this.count++;
    }
    let i = this.count - 1;
    while (i > 0 && v[i - 1]! > value) {
      v[i] = v[i - 1]!;
      i--;
    }
    v[i] = value;
  }
}

export class CommuneSearchIndex {
  private readonly names: SortedKeys;
  private readonly words: SortedKeys;
  private readonly postcodes: SortedKeys;
  private readonly byCode = new Map<string, number>();
  private readonly populationScore: Float64Array;
  private readonly maxKeyLength: number;
  // Scratch space reused by every query (searches are synchronous).
  private readonly seen: Uint32Array;
  private readonly fuzzySeen: Uint32Array;
  private readonly fuzzyEdits: Uint8Array;
  private generation = 0;
  private rows: Int32Array[] = [];

  constructor(readonly communes: readonly SearchableCommune[]) {
    if (communes.length >= ID_SPAN) throw new Error(`Trop de communes pour l'index de recherche : ${communes.length}`);
    const nameEntries: Array<[string, number]> = [];
    const wordEntries: Array<[string, number]> = [];
    const postcodeEntries: Array<[string, number]> = [];
    this.populationScore = new Float64Array(communes.length);
    let maxKeyLength = 0;
    communes.forEach((commune, id) => {
      this.byCode.set(commune.code, id);
      this.populationScore[id] = POPULATION_SPAN - 1 - Math.min(Math.max(commune.population ?? 0, 0), POPULATION_SPAN - 1);
      const words = normalizeWords(commune.nom);
      const full = words.join('');
      nameEntries.push([full, id]);
      maxKeyLength = Math.max(maxKeyLength, full.length);
      let firstWord = 1;
      if (words.length > 1 && ARTICLES.has(words[0]!)) {
        nameEntries.push([words.slice(1).join(''), id]);
        firstWord = 2;
      }
      for (let i = firstWord; i < words.length; i++) {
        if (LINK_WORDS.has(words[i]!)) continue;
        const rest = words.slice(i).join('');
        if (rest.length >= 2) wordEntries.push([rest, id]);
      }
      for (const cp of new Set(commune.codesPostaux)) postcodeEntries.push([cp, id]);
    });
    this.names = sortedKeys(nameEntries);
    this.words = sortedKeys(wordEntries);
    this.postcodes = sortedKeys(postcodeEntries);
    this.maxKeyLength = maxKeyLength;
    this.seen = new Uint32Array(communes.length);
    this.fuzzySeen = new Uint32Array(communes.length);
    this.fuzzyEdits = new Uint8Array(communes.length);
  }

  get size(): number {
    return this.communes.length;
  }

  search(query: string, options: SearchOptions = {}): CommuneSearchResult[] {
    const requested = Number.isFinite(options.limit) ? Math.trunc(options.limit!) : DEFAULT_SEARCH_LIMIT;
    const limit = Math.min(Math.max(requested, 1), MAX_SEARCH_LIMIT);
    const key = searchKey(query);
    if (key === '') return [];
    this.generation = (this.generation + 1) >>> 0 || 1;
    const top = new TopK(limit);
    if (/^\d+$/.test(key)) this.searchDigits(key, top);
    else if (/^2[ab]\d{3}$/.test(key)) this.offerCode(key.toUpperCase(), RANK_EXACT, top);
    else this.searchName(key, top);
    const results: CommuneSearchResult[] = [];
    for (let i = 0; i < top.count; i++) {
      const c = this.communes[top.values[i]! % ID_SPAN]!;
      results.push({
        code: c.code,
        nom: c.nom,
        departement: c.departement,
        codesPostaux: c.codesPostaux,
        population: c.population,
      });
    }
    return results;
  }

  private score(id: number, rank: number): number {
    return (rank * POPULATION_SPAN + this.populationScore[id]!) * ID_SPAN + id;
  }

  /** Offers `id` once per query; returns false when it was already offered. */
  private offer(id: number, rank: number, top: TopK): boolean {
    if (this.seen[id] === this.generation) return false;
    this.seen[id] = this.generation;
    top.offer(this.score(id, rank));
    return true;
  }

  private offerCode(code: string, rank: number, top: TopK) {
    const id = this.byCode.get(code);
    if (id !== undefined) this.offer(id, rank, top);
  }

  /** 5 digits: communes of that postcode (then the commune with that INSEE code); 2–4 digits: postcode prefix. */
  private searchDigits(digits: string, top: TopK) {
    if (digits.length < 2 || digits.length > 5) return;
    const [from, to] = prefixRange(this.postcodes.keys, digits);
    for (let i = from; i < to; i++) this.offer(this.postcodes.ids[i]!, RANK_EXACT, top);
    if (digits.length === 5) this.offerCode(digits, RANK_PREFIX, top);
  }

  private searchName(key: string, top: TopK) {
    let found = 0;
    const [from, to] = prefixRange(this.names.keys, key);
    for (let i = from; i < to; i++) {
      const rank = this.names.keys[i]!.length === key.length ? RANK_EXACT : RANK_PREFIX;
      if (this.offer(this.names.ids[i]!, rank, top)) found++;
    }
    const [wFrom, wTo] = prefixRange(this.words.keys, key);
    for (let i = wFrom; i < wTo; i++) if (this.offer(this.words.ids[i]!, RANK_WORD_PREFIX, top)) found++;
    // Fuzzy matches rank after every prefix match: only look for them when they can show.
    const edits = allowedEdits(key.length);
    // A key is at least (query length − longest key) edits away from the query.
    if (found >= top.limit || edits === 0 || key.length - this.maxKeyLength > edits) return;
    const touched: number[] = [];
    this.fuzzy(this.names, key, edits, touched);
    this.fuzzy(this.words, key, edits, touched);
    for (const id of touched) this.offer(id, RANK_FUZZY * RANK_WIDTH + this.fuzzyEdits[id]!, top);
  }

  /** One DP row per trie depth, reused across queries (grown for longer queries). */
  private rowsFor(queryLength: number): Int32Array[] {
    if ((this.rows[0]?.length ?? 0) < queryLength + 1) {
      this.rows = Array.from({ length: this.maxKeyLength + 2 }, () => new Int32Array(queryLength + 1));
    }
    return this.rows;
  }

  /**
   * Every key having a prefix within `maxEdits` edits of `query` (prefix edit distance), walking the sorted keys as a
   * trie. Records, per commune not already matched, the fewest edits found.
   */
  private fuzzy(sorted: SortedKeys, query: string, maxEdits: number, touched: number[]) {
    const { keys, ids } = sorted;
    const m = query.length;
    const q = Int32Array.from(query, (ch) => ch.charCodeAt(0));
    const rows = this.rowsFor(m);
    const cap = maxEdits + 1;
    for (let j = 0; j <= m; j++) rows[0]![j] = Math.min(j, cap);
    const generation = this.generation;

    const record = (from: number, to: number, edits: number) => {
      for (let i = from; i < to; i++) {
        const id = ids[i]!;
        if (this.seen[id] === generation) continue;
        if (this.fuzzySeen[id] !== generation) {
          this.fuzzySeen[id] = generation;
          this.fuzzyEdits[id] = edits;
          touched.push(id);
        } else if (edits < this.fuzzyEdits[id]!) {
          this.fuzzyEdits[id] = edits;
        }
      }
    };

    // Node = the keys [lo, hi) sharing their first `depth` characters; `last` is the character of this node.
    const visit = (lo: number, hi: number, depth: number, last: number, best: number) => {
      let i = lo;
      while (i < hi && keys[i]!.length === depth) i++;
      const prev = rows[depth]!;
      const cur = rows[depth + 1]!;
      const beforePrev = depth > 0 ? rows[depth - 1]! : undefined;
      while (i < hi) {
        const c = keys[i]!.charCodeAt(depth);
        let a = i + 1;
        let b = hi;
        while (a < b) {
          const mid = (a + b) >>> 1;
          if (keys[mid]!.charCodeAt(depth) <= c) a = mid + 1;
          else b = mid;
        }
        const end = a;
        // Banded row (Ukkonen): cells further than maxEdits from the diagonal exceed maxEdits, so they hold the cap.
        const row = depth + 1;
        const from = Math.max(1, row - maxEdits);
        const to = Math.min(m, row + maxEdits);
        cur[from - 1] = from === 1 ? row : cap;
        if (to < m) cur[to + 1] = cap;
        let rowMin = from === 1 ? row : cap;
        for (let j = from; j <= to; j++) {
          let v = prev[j - 1]! + (q[j - 1] === c ? 0 : 1);
          const del = prev[j]! + 1;
          if (del < v) v = del;
          const ins = cur[j - 1]! + 1;
          if (ins < v) v = ins;
          if (beforePrev && j > 1 && q[j - 1] === last && q[j - 2] === c) {
            const swap = beforePrev[j - 2]! + 1;
            if (swap < v) v = swap;
          }
          if (v > cap) v = cap;
          cur[j] = v;
          if (v < rowMin) rowMin = v;
        }
        const whole = to === m ? cur[m]! : cap;
        if (rowMin <= maxEdits) {
          let nextBest = best;
          if (whole < best) {
            record(i, end, whole);
            nextBest = whole;
          }
          // Deeper rows never go below this row's minimum: descend only if it could still improve.
          if (rowMin < nextBest) visit(i, end, depth + 1, c, nextBest);
        }
        i = end;
      }
    };
    visit(0, keys.length, 0, -1, maxEdits + 1);
  }
}

export function buildCommuneSearchIndex(communes: readonly SearchableCommune[]): CommuneSearchIndex {
  return new CommuneSearchIndex(communes);
}
