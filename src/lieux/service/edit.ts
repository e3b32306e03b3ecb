/**
 * People changing a public lieu: edits (optimistic concurrency, stored as the lieu's `edition` source record so the
 * merge keeps per-field provenance and an edit beats older imports), reverts to an audited version, status changes.
 */
import { and, eq } from 'drizzle-orm';
import { auditLog, recordChange, type Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { lieuHash, validateLieu } from '../domain';
import {
  LIEU_FIELDS,
  LIST_FIELDS,
  type FieldIssue,
  type Lieu,
  type LieuField,
  type LieuStatus,
  type LocationFlags,
  type Provenance,
  type RawLieu,
} from '../domain/lieu';
import { locatorFor, type Location, type Locator } from '../import';
import { lieux, sourceRecords } from '../schema';
import {
  EDITION_SOURCE,
  NO_FLAGS,
  findLieuRow,
  findSourceRecord,
  recordKey,
  recordsOfLieux,
  territoryColumns,
  type LieuRow,
} from '../storage';
import { recomputeContext, toDedupRecord, writeMergedLieu, type RecomputeDeps } from './recompute';
import { voucherOf, vouchForLieu } from './vouch';

export interface EditDeps extends RecomputeDeps {
  clock?: () => Date;
  /** Audit source ('api' by default). */
  changeSource?: string;
  /**
   * Where the person may put a lieu (their territory): an edit or a revert that moves it to a commune this refuses is
   * refused as `outside-territory`. Unset: anywhere (a structure moving its own lieu, the CLI).
   */
  mayPlaceIn?: (codeInsee: string | null) => boolean;
}

export type LieuWriteOutcome =
  | { kind: 'ok'; lieu: Lieu; version: number; provenance: Provenance; status: LieuStatus }
  | { kind: 'not-found' }
  | { kind: 'conflict'; currentVersion: number; current: Lieu }
  | { kind: 'invalid'; errors: FieldIssue[] }
  | { kind: 'outside-territory'; codeInsee: string | null };

/** A move to a commune the person may not put a lieu in (see EditDeps.mayPlaceIn); null when the lieu stays allowed. */
function refusedMove(deps: EditDeps, before: Lieu, after: Lieu): LieuWriteOutcome | null {
  if (!deps.mayPlaceIn || after.code_insee === before.code_insee || deps.mayPlaceIn(after.code_insee)) return null;
  return { kind: 'outside-territory', codeInsee: after.code_insee };
}

const LISTS: ReadonlySet<string> = new Set(LIST_FIELDS);
const EDITABLE: ReadonlySet<string> = new Set(LIEU_FIELDS.filter((f) => f !== 'id' && f !== 'date_maj'));

/** A lieu back to the standard's text shape, for validation (lists `|`-joined, numbers as text, null as ''). */
export function lieuToRaw(lieu: Lieu): RawLieu {
  const raw: RawLieu = {};
  for (const field of LIEU_FIELDS) {
    const value = lieu[field] as unknown;
    if (value === null || value === undefined) raw[field] = '';
    else if (LISTS.has(field) && Array.isArray(value)) raw[field] = value.join('|');
    else raw[field] = String(value);
  }
  return raw;
}

/** Today in Paris, YYYY-MM-DD (the standard's date_maj). */
export function parisDate(now: Date): string {
  return new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

function parisDateTime(at: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(at);
}

const LOCATION_FIELDS: ReadonlySet<LieuField> = new Set<LieuField>(['adresse', 'code_postal', 'commune', 'code_insee', 'latitude', 'longitude']);

/**
 * Locates an edited lieu with the import's locator, so the commune's code and the point follow what people change:
 * - a new postcode or commune name, without a code_insee in the same edit: the code is derived again from them (the
 *   name must be a commune of that postcode, else a French error on `commune`);
 * - a change of commune, without coordinates in the same edit: the lieu goes to the new commune's centre, flagged as an
 *   approximate position (the old point was in the old commune).
 */
function relocate(raw: RawLieu, before: Lieu, given: readonly LieuField[], locate: Locator): Location {
  const pointGiven = given.includes('latitude') || given.includes('longitude');
  const rederive = (given.includes('commune') || given.includes('code_postal')) && !given.includes('code_insee');
  const warnings: FieldIssue[] = [];
  let input = raw;
  let codeInseeDerived: LocationFlags['codeInseeDerived'] = null;
  if (rederive) {
    // From the postcode and the name only: the lieu's current point is the old address's.
    const derived = locate({ ...raw, code_insee: '', ...(pointGiven ? {} : { latitude: '', longitude: '' }) });
    const code = derived.raw.code_insee?.trim() ?? '';
    if (code === '') {
      const reason = `« ${raw.commune ?? ''} » n'est pas une commune du code postal ${raw.code_postal ?? ''} : vérifiez l'orthographe de la commune et le code postal`;
      return { raw, flags: derived.flags, warnings: [], errors: [{ field: 'commune', value: raw.commune ?? '', reason }] };
    }
    input = { ...raw, code_insee: code };
    codeInseeDerived = derived.flags.codeInseeDerived;
    if (code !== (before.code_insee ?? '')) {
      warnings.push({ field: 'code_insee', value: code, reason: `Commune changée : code INSEE ${code}, déduit du code postal et du nom de la commune` });
    }
  }
  // The old point was in the old commune: the new commune's centre, until someone gives the exact point.
  const centre = !pointGiven && (input.code_insee?.trim() ?? '') !== (before.code_insee ?? '');
  const located = locate(centre ? { ...input, latitude: '', longitude: '' } : input);
  if (located.errors.length > 0) return located;
  const centreWarning: FieldIssue = {
    field: 'latitude',
    value: '',
    reason: "Commune changée sans coordonnées : le lieu est placé au centre de la commune, position approximative",
  };
  return {
    ...located,
    flags: { ...located.flags, codeInseeDerived: codeInseeDerived ?? located.flags.codeInseeDerived },
    warnings: [...warnings, ...(centre ? [...located.warnings.filter((w) => w.field !== 'latitude'), centreWarning] : located.warnings)],
  };
}

const done = (row: LieuRow): LieuWriteOutcome => ({
  kind: 'ok',
  lieu: row.data,
  version: row.version,
  provenance: row.provenance,
  status: row.status,
});

/**
 * Applies a person's changes to a public lieu. `version` must be the lieu's current version, else a `conflict`
 * carrying the current version and data. Invalid values come back as French field errors.
 */
export async function editLieu(
  db: Database,
  id: string,
  input: { version: number; changes: Partial<Lieu> },
  actor: Actor,
  deps: EditDeps,
): Promise<LieuWriteOutcome> {
  const unknown = Object.keys(input.changes).filter((f) => !EDITABLE.has(f));
  if (unknown.length > 0) {
    return {
      kind: 'invalid',
      errors: unknown.map((f) => ({
        field: f,
        value: String((input.changes as Record<string, unknown>)[f] ?? ''),
        reason:
          f === 'id' || f === 'date_maj'
            ? 'ce champ ne se modifie pas (date_maj prend la date du jour)'
            : "ce champ n'existe pas dans le standard des lieux de médiation numérique",
      })),
    };
  }
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const now = (deps.clock ?? (() => new Date()))();
    const row = await findLieuRow(tx, id, true);
    if (!row) return { kind: 'not-found' } as const;
    if (row.version !== input.version) return { kind: 'conflict', currentVersion: row.version, current: row.data } as const;
    const next: Lieu = { ...row.data, ...input.changes, id, date_maj: parisDate(now) };
    const given = Object.keys(input.changes) as LieuField[];
    // The commune's code and the point follow a change of address; a malformed value is reported before where it leads.
    const location = given.some((f) => LOCATION_FIELDS.has(f)) ? relocate(lieuToRaw(next), row.data, given, locatorFor(deps.referential)) : null;
    const validation = validateLieu(location?.raw ?? lieuToRaw(next));
    if (!validation.ok) return { kind: 'invalid', errors: validation.errors } as const;
    if (location && location.errors.length > 0) return { kind: 'invalid', errors: location.errors } as const;
    const lieu = { ...validation.lieu, id };
    const refused = refusedMove(deps, row.data, lieu);
    if (refused) return refused;
    // What the edit gave, and the location it implied (the commune's code, the point): the edition speaks for all of it.
    const implied = location ? [...LOCATION_FIELDS].filter((f) => lieu[f] !== next[f]) : [];
    const edited = [...new Set([...given, ...implied])];
    const changed = Object.fromEntries(edited.map((f) => [f, { avant: row.data[f], apres: lieu[f] }]));
    const warnings = [...(location?.warnings ?? []), ...validation.warnings];
    await writeEdition(tx, row, lieu, warnings, actor, deps, now, 'edit', { champs: changed, lieu }, edited, location?.flags);
    return done((await findLieuRow(tx, id))!);
  });
}

/**
 * Brings a lieu back to the data it had after one of its audit entries (entity 'lieu'); the revert goes through the
 * edition record and is audited ("retour à la version du …"). date_maj becomes today's.
 */
export async function revertLieu(
  db: Database,
  id: string,
  auditEntryId: number,
  actor: Actor,
  deps: EditDeps,
): Promise<LieuWriteOutcome> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const now = (deps.clock ?? (() => new Date()))();
    const row = await findLieuRow(tx, id, true);
    if (!row) return { kind: 'not-found' } as const;
    const [entry] = await tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.id, auditEntryId), eq(auditLog.entity, 'lieu'), eq(auditLog.entityId, id)));
    const target = entry?.after as Lieu | null | undefined;
    if (!entry || !target || typeof target !== 'object' || typeof target.nom !== 'string') {
      return {
        kind: 'invalid',
        errors: [
          {
            field: 'entree',
            value: String(auditEntryId),
            reason: "cette entrée de l'historique ne décrit pas une version de ce lieu",
          },
        ],
      } as const;
    }
    const lieu: Lieu = { ...target, id, date_maj: parisDate(now) };
    const refused = refusedMove(deps, row.data, lieu);
    if (refused) return refused;
    const message = `retour à la version du ${parisDateTime(entry.at)}`;
    // Every field the version differs in from the sources is the people's again.
    await writeEdition(tx, row, lieu, [], actor, deps, now, 'revert', { message, entree: entry.id, lieu }, LIEU_FIELDS, NO_FLAGS);
    return done((await findLieuRow(tx, id))!);
  });
}

async function writeEdition(
  tx: Database,
  row: LieuRow,
  lieu: Lieu,
  warnings: FieldIssue[],
  actor: Actor,
  deps: EditDeps,
  now: Date,
  action: 'edit' | 'revert',
  auditAfter: unknown,
  edited: readonly LieuField[],
  /** How the lieu was located; unset for an edit that did not touch its address (the edition keeps its flags). */
  flags?: LocationFlags,
): Promise<void> {
  const changeSource = deps.changeSource ?? 'api';
  const territory = territoryColumns(deps.referential, lieu.code_insee);
  const previous = await findSourceRecord(tx, EDITION_SOURCE, row.id);
  const columns = {
    data: lieu,
    hash: lieuHash(lieu),
    flags: flags ?? previous?.flags ?? NO_FLAGS,
    warnings,
    codeInsee: territory.codeInsee,
    departement: territory.departement,
    lat: lieu.latitude,
    lon: lieu.longitude,
    lieuId: row.id,
    absentSince: null,
    updatedAt: now,
  };
  if (previous) await tx.update(sourceRecords).set(columns).where(eq(sourceRecords.id, previous.id));
  else await tx.insert(sourceRecords).values({ source: EDITION_SOURCE, sourceId: row.id, ...columns, createdAt: now });
  await recordChange(
    tx,
    {
      actor,
      entity: 'source_record',
      entityId: recordKey(EDITION_SOURCE, row.id),
      action,
      before: previous?.data ?? null,
      after: auditAfter,
      source: changeSource,
    },
    now,
  );
  const members = (await recordsOfLieux(tx, [row.id])).map(toDedupRecord);
  await writeMergedLieu(tx, row.id, members, row, recomputeContext(deps, actor, changeSource, now), action, edited);
  await vouch(tx, row.id, actor, now);
}

/** A person's save vouches for the lieu (the structure's own, or a gestionnaire's). */
async function vouch(tx: Database, lieuId: string, actor: Actor, now: Date): Promise<void> {
  const by = voucherOf(actor);
  if (by) await vouchForLieu(tx, { lieuId, kind: 'modification', by, at: now });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function statusErrors(status: LieuStatus): FieldIssue[] {
  const bad = (field: string, value: string | null, reason: string): FieldIssue[] => [{ field, value: value ?? '', reason }];
  if (status.kind === 'ferme_temporairement') {
    if (!ISO_DATE.test(status.du)) return bad('du', status.du, 'date de début attendue au format AAAA-MM-JJ');
    if (status.au !== null && !ISO_DATE.test(status.au)) return bad('au', status.au, 'date de fin attendue au format AAAA-MM-JJ');
    if (status.au !== null && status.au < status.du) return bad('au', status.au, 'la date de fin précède la date de début');
  }
  if (status.kind === 'ferme_definitivement' && !ISO_DATE.test(status.depuis)) {
    return bad('depuis', status.depuis, 'date de fermeture attendue au format AAAA-MM-JJ');
  }
  return [];
}

/** Opens or closes a lieu (temporarily from…to, or for good): audited, version + 1. */
export async function setLieuStatus(
  db: Database,
  id: string,
  status: LieuStatus,
  actor: Actor,
  deps: { clock?: () => Date; changeSource?: string; version?: number } = {},
): Promise<LieuWriteOutcome> {
  const errors = statusErrors(status);
  if (errors.length > 0) return { kind: 'invalid', errors };
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const now = (deps.clock ?? (() => new Date()))();
    const row = await findLieuRow(tx, id, true);
    if (!row) return { kind: 'not-found' } as const;
    if (deps.version !== undefined && deps.version !== row.version) {
      return { kind: 'conflict', currentVersion: row.version, current: row.data } as const;
    }
    await tx
      .update(lieux)
      .set({ status, version: row.version + 1, updatedAt: now })
      .where(eq(lieux.id, id));
    await recordChange(
      tx,
      { actor, entity: 'lieu', entityId: id, action: 'status', before: row.status, after: status, source: deps.changeSource ?? 'api' },
      now,
    );
    await vouch(tx, id, actor, now);
    return done((await findLieuRow(tx, id))!);
  });
}
