/** The lieux domain: the standard v1 record, its vocabularies, validation, v0 mapping, opening hours and hash. Pure. */
export * from './lieu.js';
export * from './vocabulary.js';
export * from './services.js';
export * from './publics.js';
export * from './prise-en-charge.js';
export * from './frais.js';
export * from './itinerance.js';
export * from './modalites-acces.js';
export * from './modalites-accompagnement.js';
export * from './dispositifs.js';
export * from './formations-labels.js';
export * from './typologies.js';
export * from './freshness.js';
export {
  validateLieu,
  resolveVocabularyValue,
  looseKey,
  isInFrance,
  normaliseTelephone,
  normaliseUrl,
  parseDateMaj,
  REQUIRED_FIELDS,
  PRESENTATION_RESUME_MAX,
  PIVOT_PATTERN,
  CODE_POSTAL_PATTERN,
  CODE_INSEE_PATTERN,
  TELEPHONE_PATTERN,
  type ValidateOptions,
} from './validate.js';
export { mapV0ToV1, V0_SERVICES, V0_PUBLICS, V0_CONDITIONS_ACCES, V0_MODALITES_ACCOMPAGNEMENT, V0_LABELS_NATIONAUX } from './v0.js';
export {
  parseOpeningHours,
  createOpeningHours,
  frenchDayRangesToOsm,
  parseFrenchDay,
  FRENCH_DAYS,
  type OpeningHoursCheck,
  type FrenchDay,
  type FrenchWeek,
} from './horaires.js';
export { lieuHash, canonicalLieuJson } from './hash.js';
export { plainDecimal } from './decimal';
export { lieuToRaw } from './lieu-raw';
