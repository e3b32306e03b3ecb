import type { TerritoryContainment, TerritoryRef } from '../../platform/auth/principal';
import type { CommuneSearchIndex } from './search';

export interface Commune {
  /** INSEE code, 5 characters (leading zero kept, 2A/2B). */
  code: string;
  nom: string;
  departement: string;
  region: string;
  /** SIREN of the EPCI à fiscalité propre, null for the few communes outside any (islands, COM). */
  epci: string | null;
  /** Population municipale (INSEE); null for uninhabited territories. */
  population: number | null;
  codesPostaux: string[];
  lat: number;
  lon: number;
}

export interface Epci {
  siren: string;
  nom: string;
  /** CC, CA, CU, METRO, MET69. */
  type: string;
  /** INSEE codes of the member communes, by name. */
  communes: string[];
  /** Every département where it has communes (an EPCI may straddle several). */
  departements: string[];
  /** Sum of the members' population municipale. */
  population: number;
}

export interface Departement {
  code: string;
  nom: string;
  region: string;
  /** SIRENs of the EPCI with at least one commune here, by name. */
  epci: string[];
  communes: string[];
  population: number;
}

export interface Region {
  code: string;
  nom: string;
  departements: string[];
  population: number;
}

/** The official referential, in memory. Built once per process (see referential-loader.ts). */
export interface Referential {
  /** Package version + hash of the centres CSV: changes when the data change (database sync key). */
  version: string;
  communes: ReadonlyMap<string, Commune>;
  epci: ReadonlyMap<string, Epci>;
  departements: ReadonlyMap<string, Departement>;
  regions: ReadonlyMap<string, Region>;
  searchIndex: CommuneSearchIndex;
  /** How long building it took, ms (measured, for benchmarks). */
  loadMs: number;
}

/** The parts of the referential containment needs. */
export type ReferentialMaps = Pick<Referential, 'communes' | 'epci' | 'departements'>;

/**
 * Is `inner` inside `outer`? Every territory contains itself; a commune is in its EPCI, département and région;
 * an EPCI is in a département or région only when ALL its communes are; a département is in its région.
 * Unknown codes are inside nothing but themselves.
 */
export function contains(referential: ReferentialMaps, outer: TerritoryRef, inner: TerritoryRef): boolean {
  if (outer.kind === inner.kind) return outer.code === inner.code;
  switch (inner.kind) {
    case 'commune': {
      const commune = referential.communes.get(inner.code);
      if (!commune) return false;
      if (outer.kind === 'epci') return commune.epci === outer.code;
      if (outer.kind === 'departement') return commune.departement === outer.code;
      return commune.region === outer.code;
    }
    case 'epci': {
      const epci = referential.epci.get(inner.code);
      if (!epci || epci.communes.length === 0) return false;
      if (outer.kind === 'departement') return epci.departements.length === 1 && epci.departements[0] === outer.code;
      if (outer.kind === 'region') {
        return epci.departements.every((code) => referential.departements.get(code)?.region === outer.code);
      }
      return false;
    }
    case 'departement':
      return outer.kind === 'region' && referential.departements.get(inner.code)?.region === outer.code;
    case 'region':
      return false;
  }
}

/** The containment the access policy needs, bound to a referential. */
export function containsIn(referential: ReferentialMaps): TerritoryContainment {
  return (outer, inner) => contains(referential, outer, inner);
}
