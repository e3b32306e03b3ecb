/** The territory module's only public door. */
import type { TerritoryContainment } from '../platform/auth/principal';
import { containsIn as bindContainment } from './domain/referential';
import type { Referential } from './domain/referential';
import type { CommuneSearchResult, SearchOptions } from './domain/search';

export type { Commune, Departement, Epci, Referential, Region } from './domain/referential';
export { contains } from './domain/referential';
export type { CommuneSearchIndex, CommuneSearchResult, SearchOptions } from './domain/search';
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, normalizeWords, searchKey } from './domain/search';
export {
  COMMUNE_CODE_PATTERN,
  DEPARTEMENT_CODE_PATTERN,
  EPCI_SIREN_PATTERN,
  REGION_CODE_PATTERN,
  isCommuneCode,
  isDepartementCode,
  isEpciSiren,
  isRegionCode,
} from './domain/codes';
export type { GeoPoint, TravelEstimate } from './domain/travel-time';
export { EARTH_RADIUS_KM, estimateTravel, estimateTravelFromDistance, haversineKm } from './domain/travel-time';
export { buildReferential, getReferential, loadReferential } from './referential-loader';
export { territoryModule } from './routes';
export { contoursModule } from './contours';
export {
  atMostOneTerritory,
  exactlyOneTerritory,
  ONE_TERRITORY_MESSAGE,
  selectedTerritory,
  territoryFields,
  type SelectableKind,
  type SelectedTerritory,
  type TerritorySelection,
} from './selection';
export type { SyncProgress, SyncResult, SyncStep } from './storage';
export { REFERENTIAL_VERSION_SETTING, seedServedTerritory, syncReferential, territoryName } from './storage';
export { describeTerritory, registerTerritoryCommands } from './cli';
export * as territoryTables from './schema';

/** Communes matching what a person typed (name, prefix, small typos, postcode), best first. */
export function searchCommunes(referential: Referential, query: string, options?: SearchOptions): CommuneSearchResult[] {
  return referential.searchIndex.search(query, options);
}

/** "Is `inner` inside `outer`?" answered from the referential, for the platform's access policy. */
export function containsIn(referential: Referential): TerritoryContainment {
  return bindContainment(referential);
}
