// Dedup quality: precision and recall of the default thresholds on labelled pairs of real lieux.
// `npx tsx bench/dedup-quality.ts` scores bench/fixtures/dedup-pairs.csv (no network, no /work/shared needed).
// `npx tsx bench/dedup-quality.ts --build` rebuilds the candidate pairs from the real files in /work/shared/data,
// keeping every label already written and labelling the certain cases by rule (see bench/dedup-labelled-pairs.md).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultDedupConfig, runDedup, scoreCandidates, type DedupConfig, type DedupRecord, type PairScore } from '../src/lieux/dedup/index';
import { makeRecord } from '../src/lieux/dedup/testing';
import { getReferential, haversineKm, searchKey } from '../src/territory/index';
import { parseCsv } from '../src/lieux/export';
import { seededRandom } from '../src/platform/seeded-random';

const FIXTURE = fileURLToPath(new URL('./fixtures/dedup-pairs.csv', import.meta.url));
const DATA_DIR = '/work/shared/data';
const CNFS_FILE = `${DATA_DIR}/cnfs-permanences-2022-12_standard-v0.json`;
const FS_FILE = `${DATA_DIR}/france-services-2022-12-01_liste-officielle.csv`;
export const SAMPLE_DEPARTEMENTS = ['86', '23', '93'];

const SIDE_FIELDS = [
  'key',
  'nom',
  'adresse',
  'commune',
  'code_postal',
  'code_insee',
  'latitude',
  'longitude',
  'pivot',
  'telephone',
  'courriels',
  'site_web',
  'typologie',
  'dispositifs',
  'itinerance',
  'date_maj',
] as const;
const COLUMNS = ['label', 'method', 'reason', ...SIDE_FIELDS.map((f) => `a_${f}`), ...SIDE_FIELDS.map((f) => `b_${f}`)];

// ---------- CSV: read with the registry's own RFC 4180 reader ----------
const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
function toObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text).records.map((r) => r.cells);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

// ---------- Records from the real files (minimal mapping local to the bench) ----------
function splitList(v: unknown, sep: string): string[] {
  return typeof v === 'string' ? v.split(sep).map((x) => x.trim()).filter((x) => x !== '') : [];
}
function phone(v: string | undefined): string | null {
  if (!v) return null;
  const d = v.replace(/[^\d+]/g, '');
  if (/^0\d{9}$/.test(d)) return `+33${d.slice(1)}`;
  return d === '' ? null : d;
}

/** code_insee from postcode + commune name (the v0 file has none), else the commune of that postcode nearest the point. */
function inseeResolver(): (codePostal: string, commune: string, lat: number | null, lon: number | null) => string | null {
  const referential = getReferential();
  const byPostcode = new Map<string, Array<{ code: string; key: string; lat: number; lon: number }>>();
  for (const c of referential.communes.values()) {
    for (const cp of c.codesPostaux) {
      const list = byPostcode.get(cp) ?? [];
      list.push({ code: c.code, key: searchKey(c.nom), lat: c.lat, lon: c.lon });
      byPostcode.set(cp, list);
    }
  }
  return (codePostal, commune, lat, lon) => {
    const list = byPostcode.get(codePostal) ?? [];
    if (list.length === 1) return list[0]!.code;
    const key = searchKey(commune.replace(/\b(\d+)(e|er|eme)?\b/gi, ''));
    const named = list.find((c) => c.key === key) ?? list.find((c) => key !== '' && (c.key.startsWith(key) || key.startsWith(c.key)));
    if (named) return named.code;
    if (list.length > 0 && lat !== null && lon !== null) {
      return [...list].sort((x, y) => haversineKm({ lat, lon }, x) - haversineKm({ lat, lon }, y))[0]!.code;
    }
    return null;
  };
}

export function loadRealRecords(departements: readonly string[]): DedupRecord[] {
  const insee = inseeResolver();
  const inDep = (code: string | null | undefined) => !!code && departements.some((d) => code.startsWith(d));
  const out: DedupRecord[] = [];
  const cnfs = JSON.parse(readFileSync(CNFS_FILE, 'utf8')) as Array<Record<string, unknown>>;
  for (const r of cnfs) {
    const cp = String(r.code_postal ?? '');
    if (!inDep(cp)) continue;
    const lat = typeof r.latitude === 'number' ? r.latitude : null;
    const lon = typeof r.longitude === 'number' ? r.longitude : null;
    const pivot = String(r.pivot ?? '').replace(/\s/g, '');
    out.push(
      makeRecord('conseiller-numerique', String(r.id), {
        nom: String(r.nom ?? ''),
        adresse: String(r.adresse ?? ''),
        commune: String(r.commune ?? ''),
        code_postal: cp,
        code_insee: insee(cp, String(r.commune ?? ''), lat, lon),
        latitude: lat,
        longitude: lon,
        pivot: /^0+$/.test(pivot) || pivot === '' ? null : pivot,
        telephone: phone(r.telephone as string | undefined),
        courriels: splitList(r.courriel, ';'),
        site_web: splitList(r.site_web, ';'),
        dispositif_programmes_nationaux: ['Conseillers numériques'],
        date_maj: String(r.date_maj ?? '2022-12-01'),
      }),
    );
  }
  for (const r of toObjects(readFileSync(FS_FILE, 'utf8'))) {
    if (!inDep(r.insee_com)) continue;
    const lat = r.latitude ? Number(r.latitude) : null;
    const lon = r.longitude ? Number(r.longitude) : null;
    out.push(
      makeRecord('france-services', r.id_fs!, {
        nom: r.lib_fs!,
        adresse: r.adresse!,
        complement_adresse: r.complement_adresse || null,
        commune: r.lib_com!,
        code_postal: r.code_postal!,
        code_insee: r.insee_com!,
        latitude: Number.isFinite(lat) ? lat : null,
        longitude: Number.isFinite(lon) ? lon : null,
        telephone: phone(r.telephone),
        courriels: splitList(r.mail, ';'),
        typologie: ['RFS'],
        dispositif_programmes_nationaux: ['France Services'],
        itinerance: [r.itinerance === 'Oui' ? 'Itinérant' : 'Fixe'],
        date_maj: '2022-12-01',
      }),
    );
  }
  return out;
}

// ---------- Labelled pairs ----------
export interface LabelledPair {
  /** `unsure`: reviewed but impossible to decide; left out of the measures (as data·inclusion's "unsure"). */
  label: 'same' | 'distinct' | 'unsure' | '';
  method: string;
  reason: string;
  a: Record<(typeof SIDE_FIELDS)[number], string>;
  b: Record<(typeof SIDE_FIELDS)[number], string>;
}

function side(r: DedupRecord): LabelledPair['a'] {
  const l = r.lieu;
  return {
    key: r.key,
    nom: l.nom,
    adresse: l.adresse,
    commune: l.commune,
    code_postal: l.code_postal,
    code_insee: l.code_insee ?? '',
    latitude: l.latitude === null ? '' : String(l.latitude),
    longitude: l.longitude === null ? '' : String(l.longitude),
    pivot: l.pivot ?? '',
    telephone: l.telephone ?? '',
    courriels: l.courriels.join('|'),
    site_web: l.site_web.join('|'),
    typologie: l.typologie.join('|'),
    dispositifs: l.dispositif_programmes_nationaux.join('|'),
    itinerance: l.itinerance.join('|'),
    date_maj: l.date_maj,
  };
}

function recordOf(s: LabelledPair['a']): DedupRecord {
  const [source, ...rest] = s.key.split(':');
  const list = (v: string) => (v === '' ? [] : v.split('|'));
  return makeRecord(source!, rest.join(':'), {
    nom: s.nom,
    adresse: s.adresse,
    commune: s.commune,
    code_postal: s.code_postal,
    code_insee: s.code_insee || null,
    latitude: s.latitude === '' ? null : Number(s.latitude),
    longitude: s.longitude === '' ? null : Number(s.longitude),
    pivot: s.pivot || null,
    telephone: s.telephone || null,
    courriels: list(s.courriels),
    site_web: list(s.site_web),
    typologie: list(s.typologie),
    dispositif_programmes_nationaux: list(s.dispositifs),
    itinerance: list(s.itinerance),
    date_maj: s.date_maj,
  });
}

export function readLabelledPairs(path = FIXTURE): LabelledPair[] {
  return toObjects(readFileSync(path, 'utf8')).map((o) => {
    const pick = (prefix: string) =>
      Object.fromEntries(SIDE_FIELDS.map((f) => [f, o[`${prefix}${f}`] ?? ''])) as LabelledPair['a'];
    return { label: (o.label ?? '') as LabelledPair['label'], method: o.method ?? '', reason: o.reason ?? '', a: pick('a_'), b: pick('b_') };
  });
}

function writeLabelledPairs(pairs: LabelledPair[], path = FIXTURE): void {
  const lines = [COLUMNS.join(',')];
  for (const p of pairs) {
    lines.push(
      [p.label, p.method, p.reason, ...SIDE_FIELDS.map((f) => p.a[f]), ...SIDE_FIELDS.map((f) => p.b[f])].map(quote).join(','),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Rule labels: certain cases only, decided without the scorer (plain text comparison of the raw fields). */
const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const STREET_NOISE = new Set(
  'rue r avenue av ave bd boulevard place pl chemin ch route rte allee all impasse imp square quai cours de du des la le les l d et bp cs cedex'.split(' '),
);
function streetWords(adresse: string): Set<string> {
  return new Set(plain(adresse).split(' ').filter((w) => w.length > 1 && !/^\d+$/.test(w) && !STREET_NOISE.has(w)));
}
function pointKm(a: LabelledPair['a'], b: LabelledPair['a']): number | null {
  if ([a.latitude, a.longitude, b.latitude, b.longitude].some((v) => v === '')) return null;
  return haversineKm({ lat: Number(a.latitude), lon: Number(a.longitude) }, { lat: Number(b.latitude), lon: Number(b.longitude) });
}
function ruleLabel(a: LabelledPair['a'], b: LabelledPair['a']): { label: 'same' | 'distinct'; reason: string } | null {
  const sameAddress = plain(a.adresse) !== '' && plain(a.adresse) === plain(b.adresse) && a.code_postal === b.code_postal;
  if (sameAddress && a.pivot !== '' && a.pivot === b.pivot) return { label: 'same', reason: 'même SIRET et même adresse' };
  const cnfsFs =
    (a.key.startsWith('conseiller-numerique:') && b.key.startsWith('france-services:')) ||
    (b.key.startsWith('conseiller-numerique:') && a.key.startsWith('france-services:'));
  if (cnfsFs && sameAddress) return { label: 'same', reason: 'permanence CnFS à l’adresse d’une France Services' };
  const wa = streetWords(a.adresse);
  const wb = streetWords(b.adresse);
  const km = pointKm(a, b);
  if (wa.size > 0 && wb.size > 0 && ![...wa].some((w) => wb.has(w)) && km !== null && km > 0.3) {
    return { label: 'distinct', reason: 'voies sans mot commun et points à plus de 300 m' };
  }
  return null;
}

function buildFixture(): void {
  const records = loadRealRecords(SAMPLE_DEPARTEMENTS);
  const previous = existsSync(FIXTURE) ? readLabelledPairs() : [];
  const known = new Map(previous.map((p) => [`${p.a.key}|${p.b.key}`, p]));
  const byKey = new Map(records.map((r) => [r.key, r]));
  const pairs: LabelledPair[] = [];
  for (const s of scoreCandidates(records)) {
    const old = known.get(`${s.a}|${s.b}`);
    const a = side(byKey.get(s.a)!);
    const b = side(byKey.get(s.b)!);
    if (old && old.label !== '') {
      pairs.push({ ...old, a, b });
      continue;
    }
    const rule = ruleLabel(a, b);
    pairs.push(rule ? { label: rule.label, method: 'règle', reason: rule.reason, a, b } : { label: '', method: '', reason: '', a, b });
  }
  writeLabelledPairs(pairs);
  console.log(`${records.length} lieux, ${pairs.length} paires candidates → ${FIXTURE}`);
}

// ---------- Scoring the labelled set ----------
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  review: { same: number; distinct: number };
}

export function scoreLabelled(pairs: LabelledPair[], config: DedupConfig = defaultDedupConfig): Array<{ pair: LabelledPair; score: PairScore }> {
  return pairs
    .filter((p) => p.label === 'same' || p.label === 'distinct')
    .map((pair) => {
      const a = recordOf(pair.a);
      const b = recordOf(pair.b);
      const { pairs: found } = runDedup([a, b], [], config);
      const score =
        found[0] ??
        scoreCandidates([a, b], config)[0] ??
        ({ a: a.key, b: b.key, total: 0, verdict: 'distinct', features: [], explanation: 'hors blocage' } satisfies PairScore);
      return { pair, score };
    });
}

export function confusion(scored: Array<{ pair: LabelledPair; score: PairScore }>): Confusion {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0, review: { same: 0, distinct: 0 } };
  for (const { pair, score } of scored) {
    const same = pair.label === 'same';
    if (score.verdict === 'review') c.review[same ? 'same' : 'distinct'] += 1;
    if (score.verdict === 'duplicate') {
      if (same) c.tp += 1;
      else c.fp += 1;
    } else if (same) c.fn += 1;
    else c.tn += 1;
  }
  return c;
}

// ---------- Runtime on 100,000 synthetic records ----------

const WORDS = 'médiathèque centre social espace numérique mairie maison quartier association emploi bibliothèque jeunesse solidarités ccas pimms tiers lieu fablab atelier'.split(' ');
const STREETS = 'rue avenue place boulevard chemin allée'.split(' ');
const NAMES = 'Jean Moulin|Victor Hugo|de la République|Pasteur|Gambetta|Jean Jaurès|du Général de Gaulle|des Écoles|de la Gare|Carnot|Voltaire|de la Mairie|du Marché'.split('|');

/** 100,000 records over 12,000 communes with a heavy-tailed size (largest commune: about 1,000 records), 8 % duplicated. */
export function syntheticRecords(n: number, seed = 42): DedupRecord[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const communes = 12_000;
  const out: DedupRecord[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.min(communes - 1, Math.floor(communes * rand() ** 2)); // heavy tail towards commune 0
    const lat = 42 + (c % 100) * 0.08 + rand() * 0.02;
    const lon = -1 + Math.floor(c / 100) * 0.06 + rand() * 0.02;
    const duplicateOf = i > 0 && rand() < 0.08 ? out[Math.floor(rand() * out.length)] : undefined;
    const lieu = duplicateOf
      ? { ...duplicateOf.lieu, nom: `${duplicateOf.lieu.nom} `, latitude: (duplicateOf.lieu.latitude ?? 0) + 0.0001 }
      : {
          nom: `${pick(WORDS)} ${pick(WORDS)} ${pick(NAMES)}`,
          adresse: `${1 + Math.floor(rand() * 120)} ${pick(STREETS)} ${pick(NAMES)}`,
          commune: `Commune ${c}`,
          code_postal: String(10000 + c).padStart(5, '0'),
          code_insee: String(10000 + c).padStart(5, '0'),
          latitude: rand() < 0.1 ? null : lat,
          longitude: lon,
          telephone: rand() < 0.5 ? `+335${String(Math.floor(rand() * 1e8)).padStart(8, '0')}` : null,
        };
    out.push(makeRecord(rand() < 0.5 ? 'a' : 'b', String(i), lieu));
  }
  return out;
}

/** Wall-clock and CPU time (the CPU figure stays meaningful on a loaded machine). */
export function measureRuntime(n = 100_000): { n: number; ms: number; cpuMs: number; pairs: number; clusters: number } {
  const records = syntheticRecords(n);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = runDedup(records, []);
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  return { n, ms, cpuMs: (used.user + used.system) / 1000, pairs: result.pairs.length, clusters: result.clusters.length };
}

const pct = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

export async function benchDedupQuality(): Promise<{ markdown: string }> {
  const realFiles = existsSync(CNFS_FILE) && existsSync(FS_FILE);
  const pairs = readLabelledPairs();
  const scored = scoreLabelled(pairs);
  const c = confusion(scored);
  const precision = c.tp / (c.tp + c.fp);
  const recall = c.tp / (c.tp + c.fn);
  const recallWithReview = (c.tp + c.review.same) / (c.tp + c.fn);
  const same = scored.filter((s) => s.pair.label === 'same').length;
  const byRule = scored.filter((s) => s.pair.method === 'règle').length;
  const errors = scored
    .filter((s) => (s.pair.label === 'same') !== (s.score.verdict === 'duplicate'))
    .map(
      (s) =>
        `| ${s.pair.label === 'same' ? 'même lieu manqué' : 'fusion à tort'} | ${s.pair.a.nom} / ${s.pair.b.nom} | ${s.score.verdict} ${pct(s.score.total)} | ${s.pair.reason} |`,
    );
  const cfg = defaultDedupConfig;
  const runtime = measureRuntime();
  const markdown = `## Qualité du dédoublonnage

Paires étiquetées : \`bench/fixtures/dedup-pairs.csv\` (${scored.length} paires : ${same} même lieu, ${scored.length - same} distinctes ;
${byRule} étiquetées par règle, ${scored.length - byRule} revues à la main), toutes les paires candidates du blocage dans
les départements ${SAMPLE_DEPARTEMENTS.join(', ')} (permanences Conseiller numérique 2022-12 et France Services 2022-12-01).
Méthode : \`bench/dedup-labelled-pairs.md\`. ${realFiles ? 'Fichiers réels présents : le jeu peut être reconstruit (`--build`).' : 'Fichiers réels absents (/work/shared/data) : seul le jeu enregistré est noté.'}

Seuils par défaut : doublon ≥ ${cfg.duplicateThreshold} (même source ≥ ${cfg.sameSourceThreshold}), à vérifier ≥ ${cfg.reviewThreshold}.

| Mesure | Valeur |
|---|---|
| Précision (doublons automatiques) | ${pct(precision)} |
| Rappel (doublons automatiques) | ${pct(recall)} |
| Rappel en comptant les paires « à vérifier » | ${pct(recallWithReview)} |
| Vrais doublons / fusions à tort | ${c.tp} / ${c.fp} |
| Doublons manqués (dont envoyés en vérification) | ${c.fn} (${c.review.same}) |
| Distincts bien séparés (dont envoyés en vérification) | ${c.tn} (${c.review.distinct}) |

Durée de \`runDedup\` sur ${runtime.n.toLocaleString('fr-FR')} enregistrements synthétiques (communes de taille très inégale,
la plus grosse vers 1 000 lieux ; 8 % de doublons) : **${(runtime.ms / 1000).toFixed(1).replace('.', ',')} s**
(temps processeur ${(runtime.cpuMs / 1000).toFixed(1).replace('.', ',')} s ; charge de la machine ${loadavg()[0]!.toFixed(1).replace('.', ',')})
(${runtime.pairs.toLocaleString('fr-FR')} paires doublon ou à vérifier, ${runtime.clusters.toLocaleString('fr-FR')} groupes).

${errors.length > 0 ? `Erreurs :\n\n| Erreur | Noms | Verdict | Étiquette |\n|---|---|---|---|\n${errors.join('\n')}` : 'Aucune erreur.'}
`;
  return { markdown };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--build')) {
    if (!existsSync(CNFS_FILE) || !existsSync(FS_FILE)) console.log(`Fichiers réels absents de ${DATA_DIR} : reconstruction impossible.`);
    else buildFixture();
  } else console.log((await benchDedupQuality()).markdown);
}
