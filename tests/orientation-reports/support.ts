import { lieuxTables } from '../../src/lieux';
import type { Database } from '../../src/platform/db';

/** Two lieux: one in Poitiers (86066, département 86), one in Bordeaux (33063, département 33). */
export const POITIERS = 'lieu-poitiers';
export const BORDEAUX = 'lieu-bordeaux';

export async function insertLieux(db: Database): Promise<void> {
  const base = (id: string, nom: string, commune: string, codePostal: string, codeInsee: string, horaires: string) => ({
    id,
    nom,
    commune,
    code_postal: codePostal,
    code_insee: codeInsee,
    adresse: '1 rue de la Paix',
    telephone: '+33549000000',
    horaires,
    services: ['Prendre en main un smartphone ou une tablette'],
  });
  await db.insert(lieuxTables.lieux).values([
    {
      id: POITIERS,
      data: base(POITIERS, 'Médiathèque de Poitiers', 'Poitiers', '86000', '86066', 'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00') as never,
      provenance: {},
      codeInsee: '86066',
      departement: '86',
      searchText: 'mediatheque poitiers',
    },
    {
      id: BORDEAUX,
      data: base(BORDEAUX, 'France Services Bordeaux', 'Bordeaux', '33000', '33063', 'Tu,Th 14:00-18:00') as never,
      provenance: {},
      codeInsee: '33063',
      departement: '33',
      searchText: 'france services bordeaux',
    },
  ]);
}
