import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { Lieu, LieuStatus, LocationFlags, Provenance, FieldIssue } from './domain/lieu';

/** One import run of one file for one source; its report keeps every rejected row so it can be fixed and re-imported. */
export const lieuxImports = pgTable('lieux_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  source: text('source').notNull(),
  format: text('format').notNull(),
  fileName: text('file_name'),
  /** A full import flags the source's records absent from the file for review. */
  full: boolean('full').notNull().default(true),
  actorKind: text('actor_kind').notNull(),
  actorId: text('actor_id'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  total: integer('total').notNull(),
  accepted: integer('accepted').notNull(),
  rejected: integer('rejected').notNull(),
  created: integer('created').notNull(),
  updated: integer('updated').notNull(),
  unchanged: integer('unchanged').notNull(),
  absent: integer('absent').notNull().default(0),
  report: jsonb('report').notNull(),
});

/** A lieu as one source gave it (one row per source and source id), validated and located. */
export const sourceRecords = pgTable(
  'lieux_source_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    /** The record's id in its source file (`id`, `id_fs`, …). */
    sourceId: text('source_id').notNull(),
    data: jsonb('data').$type<Lieu>().notNull(),
    /** sha256 of the normalised record: an unchanged row writes nothing. */
    hash: text('hash').notNull(),
    flags: jsonb('flags').$type<LocationFlags>().notNull(),
    warnings: jsonb('warnings').$type<FieldIssue[]>().notNull().default(sql`'[]'::jsonb`),
    codeInsee: varchar('code_insee', { length: 5 }),
    departement: varchar('departement', { length: 3 }),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    /** The public lieu (cluster) this record belongs to. */
    lieuId: text('lieu_id'),
    lastImportId: uuid('last_import_id'),
    /** Set when a full re-import of the source no longer contains it: flagged for review, never deleted. */
    absentSince: timestamp('absent_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('lieux_source_records_source_id_key').on(t.source, t.sourceId),
    index('lieux_source_records_commune_idx').on(t.codeInsee),
    index('lieux_source_records_lieu_idx').on(t.lieuId),
  ],
);

/** The public lieu: the merge of its cluster's source records, with per-field provenance. */
export const lieux = pgTable(
  'lieux',
  {
    /** Short stable id (never a concatenation of source ids). */
    id: text('id').primaryKey(),
    data: jsonb('data').$type<Lieu>().notNull(),
    provenance: jsonb('provenance').$type<Provenance>().notNull(),
    status: jsonb('status').$type<LieuStatus>().notNull().default(sql`'{"kind":"ouvert"}'::jsonb`),
    /** Optimistic concurrency: every write bumps it; a write based on an older version is refused. */
    version: integer('version').notNull().default(1),
    codeInsee: varchar('code_insee', { length: 5 }),
    departement: varchar('departement', { length: 3 }),
    region: varchar('region', { length: 3 }),
    epci: varchar('epci', { length: 9 }),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    /** Lower-cased, accent-free name + commune + address, for `q`. */
    searchText: text('search_text').notNull(),
    /** Last time someone (the structure, a gestionnaire) said the lieu's information is right: saved or confirmed. */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** Last save or confirmation by the lieu's own structure (through its invitation link). */
    structureUpdatedAt: timestamp('structure_updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('lieux_departement_idx').on(t.departement),
    index('lieux_commune_idx').on(t.codeInsee),
    index('lieux_epci_idx').on(t.epci),
    index('lieux_updated_idx').on(t.updatedAt),
  ],
);

/** A person's decision on a pair of source records; survives re-imports and re-runs. Keys are `source:sourceId`. */
export const dedupDecisions = pgTable(
  'lieux_dedup_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The smaller key of the pair (pairs are stored ordered). */
    recordA: text('record_a').notNull(),
    recordB: text('record_b').notNull(),
    decision: text('decision', { enum: ['distinct', 'same'] }).notNull(),
    authorId: text('author_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('lieux_dedup_decisions_pair_key').on(t.recordA, t.recordB)],
);

/** Pairs found by the last deduplication run: duplicates (with their explanation) and pairs to review. */
export const dedupPairs = pgTable(
  'lieux_dedup_pairs',
  {
    recordA: text('record_a').notNull(),
    recordB: text('record_b').notNull(),
    score: real('score').notNull(),
    verdict: text('verdict', { enum: ['duplicate', 'review'] }).notNull(),
    explanation: jsonb('explanation').notNull(),
    departement: varchar('departement', { length: 3 }),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('lieux_dedup_pairs_pair_key').on(t.recordA, t.recordB), index('lieux_dedup_pairs_dep_idx').on(t.departement)],
);

export const FIELD_CONFLICT_STATUSES = ['ouvert', 'garde', 'remplace'] as const;
export type FieldConflictStatus = (typeof FIELD_CONFLICT_STATUSES)[number];

/**
 * A re-import that brought another value for a field people (the structure, a gestionnaire) changed: the edited value
 * stays until a gestionnaire decides; the same incoming value never comes back once decided.
 */
export const lieuFieldConflicts = pgTable(
  'lieu_field_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    lieuId: text('lieu_id').notNull(),
    field: text('field').notNull(),
    /** The import source and record that brought the value. */
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    importId: uuid('import_id'),
    keptValue: jsonb('kept_value'),
    incomingValue: jsonb('incoming_value'),
    /** sha256 of the incoming value: one conflict per lieu, field, source and value. */
    incomingHash: text('incoming_hash').notNull(),
    /** When people last changed the field (the edition's date). */
    editedAt: timestamp('edited_at', { withTimezone: true }),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
    departement: varchar('departement', { length: 3 }),
    status: text('status', { enum: FIELD_CONFLICT_STATUSES }).notNull().default('ouvert'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('lieu_field_conflicts_value_key').on(t.lieuId, t.field, t.source, t.incomingHash),
    index('lieu_field_conflicts_open_idx').on(t.departement, t.status),
  ],
);

export const FRESHNESS_EVENT_KINDS = ['confirmation', 'modification'] as const;
export type FreshnessEventKind = (typeof FRESHNESS_EVENT_KINDS)[number];
/** Who vouched for the lieu: its own structure (through its link) or a gestionnaire of the territory. */
export const FRESHNESS_ACTORS = ['structure', 'gestionnaire'] as const;
export type FreshnessActor = (typeof FRESHNESS_ACTORS)[number];

/**
 * Every time someone said a lieu's information is right (confirmed or saved it): the history behind the reliability
 * dashboard's month-by-month figures. `simulated` marks the demo's generated year, never real activity.
 */
export const lieuFreshnessEvents = pgTable(
  'lieu_freshness_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    lieuId: text('lieu_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind', { enum: FRESHNESS_EVENT_KINDS }).notNull(),
    by: text('by', { enum: FRESHNESS_ACTORS }).notNull(),
    simulated: boolean('simulated').notNull().default(false),
  },
  (t) => [index('lieu_freshness_events_lieu_idx').on(t.lieuId, t.at), index('lieu_freshness_events_at_idx').on(t.at)],
);
