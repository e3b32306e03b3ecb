/**
 * Shape checks for official codes. INSEE codes are strings: keep leading zeros and the Corsican `2A`/`2B`.
 * A well-formed code may still be unknown: these helpers only say whether it could exist.
 */

/** Commune (COG): 5 digits, or 2A/2B followed by 3 digits. */
export const COMMUNE_CODE_PATTERN = /^(\d{5}|2[AB]\d{3})$/;
/** EPCI: SIREN, 9 digits. */
export const EPCI_SIREN_PATTERN = /^\d{9}$/;
/**
 * Département: 2 digits, 2A/2B, or 3 digits for overseas (97x = DROM and 975/977/978, 98x = other COM,
 * which the COG of @etalab/decoupage-administratif also lists as départements).
 */
export const DEPARTEMENT_CODE_PATTERN = /^(\d{2}|2[AB]|97\d|98\d)$/;
/** Région: 2 digits, or 3 digits for the COM the package lists as régions. */
export const REGION_CODE_PATTERN = /^(\d{2}|9[78]\d)$/;

export function isCommuneCode(value: string): boolean {
  return COMMUNE_CODE_PATTERN.test(value);
}

export function isEpciSiren(value: string): boolean {
  return EPCI_SIREN_PATTERN.test(value);
}

export function isDepartementCode(value: string): boolean {
  return DEPARTEMENT_CODE_PATTERN.test(value);
}

export function isRegionCode(value: string): boolean {
  return REGION_CODE_PATTERN.test(value);
}
