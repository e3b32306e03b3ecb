import { distance as levenshtein } from 'fastest-levenshtein';
import { haversineKm } from '../../territory/index';
import type { PreparedRecord } from './normalize';
import type { DedupConfig, DedupFeature, FeatureScore, PairScore, PairVerdict } from './types';

/** 0,93 */
export function frenchNumber(x: number, digits = 2): string {
  return x.toFixed(digits).replace('.', ',');
}

/** 1 − edit distance / longer length (fastest-levenshtein). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - levenshtein(a, b) / longer;
}

/**
 * Best of whole-string and word-set similarity (as fuzzball's token_set_ratio): word order and an extra word cost
 * little ("Médiathèque Jean Moulin" / "Jean Moulin médiathèque"), but an unmatched word on each side costs more.
 */
export function wordsSimilarity(a: string, b: string, wa?: ReadonlySet<string>, wb?: ReadonlySet<string>): number {
  const direct = similarity(a, b);
  if (direct === 1) return 1;
  const setA = wa ?? new Set(a.split(' '));
  const setB = wb ?? new Set(b.split(' '));
  const common: string[] = [];
  for (const w of setA) if (setB.has(w)) common.push(w);
  if (common.length === 0) return direct;
  common.sort();
  const onlyA = [...setA].filter((w) => !setB.has(w)).sort();
  const onlyB = [...setB].filter((w) => !setA.has(w)).sort();
  const base = common.join(' ');
  const ra = [base, ...onlyA].join(' ');
  const rb = [base, ...onlyB].join(' ');
  const both = similarity(ra, rb);
  const setScore = Math.max(similarity(base, ra), similarity(base, rb), both);
  const penalty = onlyA.length > 0 && onlyB.length > 0 ? 0.15 : onlyA.length + onlyB.length > 0 ? 0.08 : 0;
  return Math.max(direct, Math.min(setScore, both + 0.25) - penalty);
}

/** Feature order in a PairScore. */
const FEATURES: readonly DedupFeature[] = ['nom', 'adresse', 'distance', 'siret', 'telephone', 'courriel', 'site_web'];

/** Why a score is what it is, enough to write the detail afterwards without recomputing. */
interface Raw {
  score: number | null;
  note: string;
}
const NULL = (note: string): Raw => ({ score: null, note });

function nameRaw(a: PreparedRecord, b: PreparedRecord): Raw {
  if (a.nameFull === '' || b.nameFull === '') return NULL('absent');
  // "France services de Gençay" / "Mairie annexe de Gençay": a name made only of the kind of place and the commune
  // says nothing about which place it is (a France services is often hosted by the mairie): not comparable.
  if (a.nameCore === '' && b.nameCore === '') return NULL('generic2');
  if (a.nameCore === '' || b.nameCore === '') return NULL('generic1');
  const acronym =
    (a.nameCoreWords.size === 1 && a.nameCore.length >= 3 && a.nameCore === b.nameInitials) ||
    (b.nameCoreWords.size === 1 && b.nameCore.length >= 3 && b.nameCore === a.nameInitials);
  if (acronym) return { score: 0.9, note: 'acronym' };
  return { score: wordsSimilarity(a.nameCore, b.nameCore, a.nameCoreWords, b.nameCoreWords), note: '' };
}

/** Street number ranges overlap with the same suffix (or one side has no number). */
function numbersAgree(a: PreparedRecord, b: PreparedRecord): boolean {
  if (!a.number || !b.number) return true;
  return a.number.from <= b.number.to && b.number.from <= a.number.to && a.number.suffix === b.number.suffix;
}

/** Both points given and within `closeKm` of each other. */
function samePosition(a: PreparedRecord, b: PreparedRecord, config: DedupConfig): boolean {
  return a.lat !== null && a.lon !== null && b.lat !== null && b.lon !== null && pointKm(a, b) <= config.closeKm;
}

/**
 * Scores as numbers, NaN = not comparable: no allocation on the hot path. Different street numbers are strong evidence
 * of two places, unless both points stand at the same position: then the number is more likely mistyped (half credit).
 */
function addressScore(a: PreparedRecord, b: PreparedRecord, config: DedupConfig): number {
  if (a.street === '' || b.street === '') return NaN;
  if (!numbersAgree(a, b)) return samePosition(a, b, config) ? similarity(a.street, b.street) * 0.5 : 0;
  const streets = similarity(a.street, b.street);
  return (a.number === null) !== (b.number === null) ? streets * 0.9 : streets;
}

const KM_PER_DEGREE = 111.195;
function pointKm(a: PreparedRecord, b: PreparedRecord): number {
  return haversineKm({ lat: a.lat!, lon: a.lon! }, { lat: b.lat!, lon: b.lon! });
}
function distanceScore(a: PreparedRecord, b: PreparedRecord, config: DedupConfig): number {
  // Missing coordinates are NOT close: not comparable.
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) return NaN;
  if (Math.abs(a.lat - b.lat) * KM_PER_DEGREE >= config.maxDistanceKm) return 0; // cheap bound
  const km = pointKm(a, b);
  return km <= config.closeKm ? 1 : km >= config.maxDistanceKm ? 0 : 1 - (km - config.closeKm) / (config.maxDistanceKm - config.closeKm);
}

function siretScore(a: PreparedRecord, b: PreparedRecord): number {
  if (a.siret === null || b.siret === null) return NaN;
  if (a.siret === b.siret) return 1;
  return a.siret.slice(0, 9) === b.siret.slice(0, 9) ? 0.5 : 0;
}

function phoneScore(a: PreparedRecord, b: PreparedRecord): number {
  if (a.phone === null || b.phone === null) return NaN;
  return a.phone === b.phone ? 1 : 0;
}

function sharedEmailDomain(a: PreparedRecord, b: PreparedRecord): string | undefined {
  return a.emailDomains.find((d) => b.emailDomains.includes(d));
}
function emailScore(a: PreparedRecord, b: PreparedRecord): number {
  if (a.emails.length === 0 || b.emails.length === 0) return NaN;
  if (a.emails.some((e) => b.emails.includes(e))) return 1;
  return sharedEmailDomain(a, b) ? 0.6 : 0;
}

function sharedWebDomain(a: PreparedRecord, b: PreparedRecord): string | undefined {
  return a.webDomains.find((d) => b.webDomains.includes(d));
}
function webScore(a: PreparedRecord, b: PreparedRecord): number {
  if (a.webDomains.length === 0 || b.webDomains.length === 0) return NaN;
  return sharedWebDomain(a, b) ? 1 : 0;
}

function band(score: number, plural: string, n: string): string {
  return score >= 0.9 ? `${plural} très proches (${n})` : score >= 0.7 ? `${plural} proches (${n})` : score >= 0.4 ? `${plural} assez différents (${n})` : `${plural} différents (${n})`;
}

export function distanceLabel(km: number): string {
  return km < 1 ? `à ${Math.round(km * 1000)} m` : `à ${frenchNumber(km, 1)} km`;
}

function numberLabel(p: PreparedRecord): string {
  const n = p.number!;
  return `${n.from}${n.to !== n.from ? `-${n.to}` : ''}${n.suffix}`;
}

/** The French detail of one feature, written only for pairs that are reported. */
function detail(feature: DedupFeature, raw: Raw, a: PreparedRecord, b: PreparedRecord): string {
  const s = raw.score;
  switch (feature) {
    case 'nom':
      if (s === null) return raw.note === 'absent' ? 'nom absent' : raw.note === 'generic2' ? 'noms génériques, non comparables' : 'nom générique d’un côté, non comparable';
      if (raw.note === 'acronym') return 'sigle de l’autre nom';
      return s >= 0.999 ? 'mêmes noms' : band(s, 'noms', frenchNumber(s));
    case 'adresse': {
      if (s === null) return 'adresse absente';
      if (!numbersAgree(a, b)) {
        const where = s > 0 ? ', au même endroit (numéro probablement mal saisi)' : '';
        return `numéros différents (${numberLabel(a)} / ${numberLabel(b)})${where}`;
      }
      const oneNumber = (a.number === null) !== (b.number === null);
      const streets = oneNumber ? s / 0.9 : s;
      if (streets >= 0.999) return oneNumber ? 'même voie, numéro absent d’un côté' : 'même adresse';
      const n = frenchNumber(streets);
      return streets >= 0.8 ? `adresses très proches (${n})` : streets >= 0.5 ? `adresses assez différentes (${n})` : `adresses différentes (${n})`;
    }
    case 'distance':
      return s === null ? 'coordonnées absentes' : distanceLabel(pointKm(a, b));
    case 'siret':
      if (s === null) return 'SIRET inconnu';
      return s === 1 ? `même SIRET ${a.siret}` : s === 0.5 ? `même SIREN ${a.siret!.slice(0, 9)}, établissements différents` : 'SIRET différents';
    case 'telephone':
      return s === null ? 'téléphone absent' : s === 1 ? 'même téléphone' : 'téléphones différents';
    case 'courriel':
      return s === null ? 'courriel absent' : s === 1 ? 'même courriel' : s > 0 ? `courriels du même domaine ${sharedEmailDomain(a, b)}` : 'courriels différents';
    case 'site_web':
      return s === null ? 'site web absent ou générique' : s === 1 ? `même site ${sharedWebDomain(a, b)}` : 'sites différents';
  }
}

const VERDICT_LABEL: Record<PairVerdict, string> = {
  duplicate: 'Probablement le même lieu',
  review: 'À vérifier',
  distinct: 'Lieux distincts',
};

/**
 * Scores one pair; `a` and `b` are ordered by key in the result. With `onlyReported`, a pair under the review
 * threshold returns null before any text is written (the fast path for large runs).
 */
export function scorePair(a: PreparedRecord, b: PreparedRecord, config: DedupConfig): PairScore;
export function scorePair(a: PreparedRecord, b: PreparedRecord, config: DedupConfig, onlyReported: true): PairScore | null;
export function scorePair(a: PreparedRecord, b: PreparedRecord, config: DedupConfig, onlyReported = false): PairScore | null {
  // Cheap features first; the name (the costliest) only when the pair can still reach the review threshold.
  const scores = [
    NaN,
    addressScore(a, b, config),
    distanceScore(a, b, config),
    siretScore(a, b),
    phoneScore(a, b),
    emailScore(a, b),
    webScore(a, b),
  ];
  let sum = 0;
  let weights = 0;
  const weightOf = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 1; i < 7; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) continue;
    const w = config.weights[FEATURES[i]!];
    const weight = s >= 0.5 ? w.match : w.mismatch;
    weightOf[i] = weight;
    sum += s * weight;
    weights += weight;
  }
  const nameWeight = config.weights.nom;
  // Upper bound: the name matching perfectly can only raise the mean.
  if (onlyReported && (sum + nameWeight.match) / (weights + nameWeight.match) < config.reviewThreshold) return null;
  const name = nameRaw(a, b);
  if (name.score !== null) {
    weightOf[0] = name.score >= 0.5 ? nameWeight.match : nameWeight.mismatch;
    sum += name.score * weightOf[0];
    weights += weightOf[0];
  }
  const raws: Raw[] = [name, ...scores.slice(1).map((x) => ({ score: Number.isNaN(x) ? null : x, note: '' }))];
  const total = weights === 0 ? 0 : sum / weights;
  if (onlyReported && total < config.reviewThreshold) return null;

  const sameSource = a.record.source === b.record.source;
  const threshold = sameSource ? config.sameSourceThreshold : config.duplicateThreshold;
  const located = raws[1]!.score !== null || raws[2]!.score !== null;
  const named = raws[0]!.score !== null || raws[1]!.score !== null;
  let verdict: PairVerdict = total >= threshold ? 'duplicate' : total >= config.reviewThreshold ? 'review' : 'distinct';
  let caveat = '';
  if (verdict === 'duplicate' && !(located && named)) {
    verdict = 'review';
    caveat = ' ; ni adresse ni position comparables, une personne doit confirmer';
  }
  const kindsA = [...a.nameKinds];
  if (verdict === 'duplicate' && kindsA.length > 0 && b.nameKinds.size > 0 && !kindsA.some((k) => b.nameKinds.has(k))) {
    verdict = 'review';
    caveat += ' ; les noms désignent des lieux de types différents';
  }
  if (verdict === 'duplicate' && (a.itinerance === 'Itinérant') !== (b.itinerance === 'Itinérant')) {
    // A France services bus parked at its home PIMMS is not the PIMMS itself.
    verdict = 'review';
    caveat += ' ; l’un est itinérant, l’autre fixe';
  }
  if (verdict === 'duplicate' && sameSource) caveat += ' (même source, seuil plus strict)';

  const features: FeatureScore[] = FEATURES.map((feature, i) => ({
    feature,
    score: raws[i]!.score,
    weight: weightOf[i]!,
    detail: detail(feature, raws[i]!, a, b),
  }));
  const said = features
    .filter((f) => f.score !== null)
    .sort((x, y) => y.weight * Math.abs((y.score ?? 0) - 0.5) - x.weight * Math.abs((x.score ?? 0) - 0.5))
    .map((f) => f.detail);
  const explanation = `${VERDICT_LABEL[verdict]} (score ${frenchNumber(total)}) : ${said.length > 0 ? said.join(', ') : 'rien de comparable'}${caveat}.`;
  const [first, second] = a.record.key < b.record.key ? [a, b] : [b, a];
  return { a: first.record.key, b: second.record.key, total, verdict, features, explanation };
}
