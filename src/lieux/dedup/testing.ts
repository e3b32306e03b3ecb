import type { Lieu } from '../domain/lieu';
import type { DedupRecord } from './types';

/** A complete Lieu with empty optional fields, for tests and benchmarks. */
export function makeLieu(fields: Partial<Lieu> = {}): Lieu {
  return {
    id: '',
    pivot: null,
    nom: '',
    commune: '',
    code_postal: '',
    code_insee: null,
    adresse: '',
    complement_adresse: null,
    latitude: null,
    longitude: null,
    typologie: [],
    telephone: null,
    courriels: [],
    site_web: [],
    horaires: null,
    presentation_resume: null,
    presentation_detail: null,
    source: null,
    itinerance: [],
    structure_parente: null,
    date_maj: '2024-01-01',
    services: [],
    publics_specifiquement_adresses: [],
    prise_en_charge_specifique: [],
    frais_a_charge: [],
    dispositif_programmes_nationaux: [],
    formations_labels: [],
    autres_formations_labels: [],
    modalites_acces: [],
    modalites_accompagnement: [],
    fiche_acces_libre: null,
    prise_rdv: null,
    ...fields,
  };
}

export function makeRecord(
  source: string,
  sourceId: string,
  fields: Partial<Lieu> = {},
  extra: Partial<Pick<DedupRecord, 'lieuId' | 'kind'>> = {},
): DedupRecord {
  return {
    key: `${source}:${sourceId}`,
    source,
    sourceId,
    lieu: makeLieu({ id: sourceId, source, ...fields }),
    lieuId: extra.lieuId ?? null,
    kind: extra.kind ?? 'import',
  };
}
