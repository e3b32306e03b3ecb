import type { DedupConfig } from './types';

/**
 * Default thresholds and weights, measured on the labelled pairs of `bench/fixtures/dedup-pairs.csv`
 * (`npx tsx bench/dedup-quality.ts`). Prefer a missed duplicate (sent to review) to a false merge.
 * The thresholds were chosen on that same set (no held-out set yet): 0.73 / 0.84 give no false merge and recall 0.91;
 * the first false merges appear at 0.70, so the margin is small — grow the labelled set before lowering them.
 */
export const defaultDedupConfig: DedupConfig = {
  duplicateThreshold: 0.73,
  reviewThreshold: 0.6,
  sameSourceThreshold: 0.84,
  maxDistanceKm: 1,
  closeKm: 0.05,
  neighbourKm: 1,
  weights: {
    nom: { match: 3, mismatch: 3 },
    adresse: { match: 3, mismatch: 3 },
    distance: { match: 2, mismatch: 2 },
    siret: { match: 1, mismatch: 0.5 },
    telephone: { match: 1.5, mismatch: 0.5 },
    courriel: { match: 1.5, mismatch: 0.5 },
    site_web: { match: 1, mismatch: 0.25 },
  },
  genericDomains: [
    'gmail.com',
    'yahoo.fr',
    'yahoo.com',
    'hotmail.fr',
    'hotmail.com',
    'outlook.fr',
    'outlook.com',
    'live.fr',
    'laposte.net',
    'orange.fr',
    'wanadoo.fr',
    'free.fr',
    'sfr.fr',
    'neuf.fr',
    'bbox.fr',
    'numericable.fr',
    'aol.com',
    'icloud.com',
    'protonmail.com',
    'france-services.gouv.fr',
    'conseiller-numerique.fr',
    'conseiller-numerique.gouv.fr',
    'facebook.com',
    'fr-fr.facebook.com',
    'sites.google.com',
    'wixsite.com',
    'jimdo.com',
    'over-blog.com',
    'business.site',
    'lapostegroupe.com',
    'laposte.fr',
  ],
};
