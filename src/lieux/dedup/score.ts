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

/** Best of whole-string and word-set similarity: word order and an extra word cost little ("Médiathèque Jean Moulin" / "Jean Moulin médiathèque"). */
export function wordsSimilarity(a: string, b: string): number {
  const direct = similarity(a, b);
  if (direct === 1) return 1;
  const wa = new Set(a.split(' '));
  const wb = new Set(b.split(' '));
  const common = [...wa].filter((w) => wb.has(w)).sort();
  const onlyA = [...wa].filter((w) => !wb.has(w)).sort();
  const onlyB = [...wb].filter((w) => !wa.has(w)).sort();
  if (common.length === 0) return direct;
  const base = common.join(' ');
  const ra = [base, ...onlyA].join(' ');
  const rb = [base, ...onlyB].join(' ');
  // As fuzzball's token_set_ratio, but an unmatched extra word still costs a little.
  const setScore = Math.max(similarity(base, ra), similarity(base, rb), similarity(ra, rb));
  const penalty = onlyA.length > 0 && onlyB.length > 0 ? 0.15 : onlyA.length + onlyB.length > 0 ? 0.08 : 0;
  return Math.max(direct, Math.min(setScore, similarity(ra, rb) + 0.25) - penalty);
}

type Partial = Omit<FeatureScore, 'weight'>;

function nameFeature(a: PreparedRecord, b: PreparedRecord): Partial {
  if (a.nameFull === '' || b.nameFull === '') return { feature: 'nom', score: null, detail: 'nom absent' };
  if (a.nameCore === '' || b.nameCore === '') {
    // "France services de Gençay" / "Mairie annexe de Gençay": a name made only of the kind of place and the commune
    // says nothing about which place it is (a France services is often hosted by the mairie): not comparable.
    return {
      feature: 'nom',
      score: null,
      detail: a.nameCore === '' && b.nameCore === '' ? 'noms génériques, non comparables' : 'nom générique d’un côté, non comparable',
    };
  }
  const acronym =
    (!a.nameCore.includes(' ') && a.nameCore.length >= 3 && a.nameCore === b.nameInitials) ||
    (!b.nameCore.includes(' ') && b.nameCore.length >= 3 && b.nameCore === a.nameInitials);
  if (acronym) return { feature: 'nom', score: 0.9, detail: 'sigle de l’autre nom' };
  const score = wordsSimilarity(a.nameCore, b.nameCore);
  const n = frenchNumber(score);
  const detail =
    score >= 0.999
      ? 'mêmes noms'
      : score >= 0.9
        ? `noms très proches (${n})`
        : score >= 0.7
          ? `noms proches (${n})`
          : score >= 0.4
            ? `noms assez différents (${n})`
            : `noms différents (${n})`;
  return { feature: 'nom', score, detail };
}

function numberLabel(p: PreparedRecord): string {
  const n = p.number!;
  return `${n.from}${n.to !== n.from ? `-${n.to}` : ''}${n.suffix}`;
}

function addressFeature(a: PreparedRecord, b: PreparedRecord): Partial {
  if (a.street === '' || b.street === '') return { feature: 'adresse', score: null, detail: 'adresse absente' };
  const streets = similarity(a.street, b.street);
  if (a.number && b.number) {
    const overlap = a.number.from <= b.number.to && b.number.from <= a.number.to && a.number.suffix === b.number.suffix;
    if (!overlap) {
      return { feature: 'adresse', score: 0, detail: `numéros différents (${numberLabel(a)} / ${numberLabel(b)})` };
    }
  }
  const oneNumber = (a.number === null) !== (b.number === null);
  const score = oneNumber ? streets * 0.9 : streets;
  const n = frenchNumber(streets);
  const detail =
    streets >= 0.999
      ? oneNumber
        ? 'même voie, numéro absent d’un côté'
        : 'même adresse'
      : streets >= 0.8
        ? `adresses très proches (${n})`
        : streets >= 0.5
          ? `adresses assez différentes (${n})`
          : `adresses différentes (${n})`;
  return { feature: 'adresse', score, detail };
}

export function distanceLabel(km: number): string {
  return km < 1 ? `à ${Math.round(km * 1000)} m` : `à ${frenchNumber(km, 1)} km`;
}

function distanceFeature(a: PreparedRecord, b: PreparedRecord, config: DedupConfig): Partial {
  // Missing coordinates are NOT close: not comparable.
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) {
    return { feature: 'distance', score: null, detail: 'coordonnées absentes' };
  }
  const km = haversineKm({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon });
  const score =
    km <= config.closeKm ? 1 : km >= config.maxDistanceKm ? 0 : 1 - (km - config.closeKm) / (config.maxDistanceKm - config.closeKm);
  return { feature: 'distance', score, detail: distanceLabel(km) };
}

function siretFeature(a: PreparedRecord, b: PreparedRecord): Partial {
  if (a.siret === null || b.siret === null) return { feature: 'siret', score: null, detail: 'SIRET inconnu' };
  if (a.siret === b.siret) return { feature: 'siret', score: 1, detail: `même SIRET ${a.siret}` };
  if (a.siret.slice(0, 9) === b.siret.slice(0, 9)) {
    return { feature: 'siret', score: 0.5, detail: `même SIREN ${a.siret.slice(0, 9)}, établissements différents` };
  }
  return { feature: 'siret', score: 0, detail: 'SIRET différents' };
}

function phoneFeature(a: PreparedRecord, b: PreparedRecord): Partial {
  if (a.phone === null || b.phone === null) return { feature: 'telephone', score: null, detail: 'téléphone absent' };
  return a.phone === b.phone
    ? { feature: 'telephone', score: 1, detail: 'même téléphone' }
    : { feature: 'telephone', score: 0, detail: 'téléphones différents' };
}

function emailFeature(a: PreparedRecord, b: PreparedRecord): Partial {
  if (a.emails.length === 0 || b.emails.length === 0) return { feature: 'courriel', score: null, detail: 'courriel absent' };
  if (a.emails.some((e) => b.emails.includes(e))) return { feature: 'courriel', score: 1, detail: 'même courriel' };
  const domain = a.emailDomains.find((d) => b.emailDomains.includes(d));
  if (domain) return { feature: 'courriel', score: 0.6, detail: `courriels du même domaine ${domain}` };
  return { feature: 'courriel', score: 0, detail: 'courriels différents' };
}

function webFeature(a: PreparedRecord, b: PreparedRecord): Partial {
  if (a.webDomains.length === 0 || b.webDomains.length === 0) {
    return { feature: 'site_web', score: null, detail: 'site web absent ou générique' };
  }
  const domain = a.webDomains.find((d) => b.webDomains.includes(d));
  return domain
    ? { feature: 'site_web', score: 1, detail: `même site ${domain}` }
    : { feature: 'site_web', score: 0, detail: 'sites différents' };
}

const VERDICT_LABEL: Record<PairVerdict, string> = {
  duplicate: 'Probablement le même lieu',
  review: 'À vérifier',
  distinct: 'Lieux distincts',
};

/** Scores one pair; `a` and `b` are ordered by key in the result. */
export function scorePair(a: PreparedRecord, b: PreparedRecord, config: DedupConfig): PairScore {
  const parts = [
    nameFeature(a, b),
    addressFeature(a, b),
    distanceFeature(a, b, config),
    siretFeature(a, b),
    phoneFeature(a, b),
    emailFeature(a, b),
    webFeature(a, b),
  ];
  let sum = 0;
  let weights = 0;
  const features: FeatureScore[] = parts.map((p) => {
    const w = config.weights[p.feature as DedupFeature];
    const weight = p.score === null ? 0 : p.score >= 0.5 ? w.match : w.mismatch;
    sum += (p.score ?? 0) * weight;
    weights += weight;
    return { ...p, weight };
  });
  const total = weights === 0 ? 0 : sum / weights;
  const sameSource = a.record.source === b.record.source;
  const threshold = sameSource ? config.sameSourceThreshold : config.duplicateThreshold;
  const located = features.some((f) => (f.feature === 'adresse' || f.feature === 'distance') && f.score !== null);
  const named = features.some((f) => (f.feature === 'nom' || f.feature === 'adresse') && f.score !== null);
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
  const said = features
    .filter((f) => f.score !== null)
    .sort((x, y) => y.weight * Math.abs((y.score ?? 0) - 0.5) - x.weight * Math.abs((x.score ?? 0) - 0.5))
    .map((f) => f.detail);
  const explanation = `${VERDICT_LABEL[verdict]} (score ${frenchNumber(total)}) : ${said.length > 0 ? said.join(', ') : 'rien de comparable'}${caveat}.`;
  const [first, second] = a.record.key < b.record.key ? [a, b] : [b, a];
  return { a: first.record.key, b: second.record.key, total, verdict, features, explanation };
}
