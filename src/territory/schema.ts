import { doublePrecision, integer, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/** Official referential (COG via @etalab/decoupage-administratif), loaded at start when its version changes. */
export const regions = pgTable('regions', {
  code: varchar('code', { length: 3 }).primaryKey(),
  nom: text('nom').notNull(),
});

export const departements = pgTable('departements', {
  code: varchar('code', { length: 3 }).primaryKey(),
  nom: text('nom').notNull(),
  regionCode: varchar('region_code', { length: 3 }).notNull(),
});

export const epci = pgTable('epci', {
  siren: varchar('siren', { length: 9 }).primaryKey(),
  nom: text('nom').notNull(),
  type: text('type').notNull(),
});

export const communes = pgTable('communes', {
  codeInsee: varchar('code_insee', { length: 5 }).primaryKey(),
  nom: text('nom').notNull(),
  departementCode: varchar('departement_code', { length: 3 }).notNull(),
  regionCode: varchar('region_code', { length: 3 }).notNull(),
  epciSiren: varchar('epci_siren', { length: 9 }),
  population: integer('population'),
  codesPostaux: text('codes_postaux').array().notNull(),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
});

/** The territories this instance serves (the demo seeds Vienne, 86). */
export const servedTerritories = pgTable(
  'served_territories',
  {
    kind: text('kind', { enum: ['region', 'departement', 'epci', 'commune'] }).notNull(),
    code: varchar('code', { length: 9 }).notNull(),
    nom: text('nom').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.code] })],
);
