import { desc, eq } from 'drizzle-orm';
import { recordChange, type Actor } from '../audit';
import type { Database } from '../db';
import { parseScope } from './principal';
import { apiTokens } from './schema';
import { hashSecret, newSecret } from './secrets';

/** Every API token starts with this, so a leaked one is easy to recognise (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'mlg_';
const PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  territories: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export type TokenInputError = { champ: 'nom' | 'portees' | 'territoires'; message: string };

const SCOPE_RE = /^[a-z][a-z0-9_-]*:[a-z][a-z0-9_-]*$/;

export function validateTokenInput(input: {
  nom: string;
  portees: string[];
  territoires: string[];
}): { ok: true; value: { name: string; scopes: string[]; territories: string[] } } | { ok: false; error: TokenInputError } {
  const name = input.nom.trim();
  if (name === '' || name.length > 100) {
    return { ok: false, error: { champ: 'nom', message: 'Le nom du jeton est obligatoire (100 caractères au plus).' } };
  }
  if (input.portees.length === 0) {
    return { ok: false, error: { champ: 'portees', message: 'Indiquez au moins une portée, par exemple « territoires:lecture ».' } };
  }
  for (const p of input.portees) {
    if (!SCOPE_RE.test(p)) {
      return { ok: false, error: { champ: 'portees', message: `Portée « ${p} » invalide : attendu ressource:action, par exemple « territoires:lecture ».` } };
    }
  }
  for (const t of input.territoires) {
    const scope = parseScope(t);
    if (!scope || scope.kind === 'national' || scope.kind === 'lieu') {
      return {
        ok: false,
        error: { champ: 'territoires', message: `Territoire « ${t} » invalide : attendu par exemple « departement:86 » ou « epci:200069854 ».` },
      };
    }
  }
  return { ok: true, value: { name, scopes: [...new Set(input.portees)], territories: [...new Set(input.territoires)] } };
}

/** Creates a token; the secret is returned once and only its SHA-256 is stored. Audited (entity 'api_token'). */
export async function createApiToken(
  db: Database,
  input: { name: string; scopes: string[]; territories: string[]; createdBy: string | null },
  actor: Actor,
  now: Date,
  source = 'api',
): Promise<{ id: string; secret: string }> {
  const secret = API_TOKEN_PREFIX + newSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        prefix: secret.slice(0, PREFIX_LENGTH),
        tokenHash: hashSecret(secret),
        scopes: input.scopes,
        territories: input.territories,
        createdBy: input.createdBy,
        createdAt: now,
      })
      .returning();
    if (!row) throw new Error('insert api_tokens returned nothing');
    await recordChange(tx as unknown as Database, {
      actor,
      entity: 'api_token',
      entityId: row.id,
      action: 'create',
      before: null,
      after: { nom: row.name, prefixe: row.prefix, portees: row.scopes, territoires: row.territories },
      source,
    });
    return { id: row.id, secret };
  });
}

export async function listApiTokens(db: Database): Promise<ApiTokenView[]> {
  const rows = await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    territories: r.territories,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
  }));
}

/** Revokes a token (idempotent). False when no token has this id. Audited on the first revocation. */
export async function revokeApiToken(db: Database, id: string, actor: Actor, now: Date, source = 'api'): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for('update');
    if (!row) return false;
    if (row.revokedAt) return true;
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
    await recordChange(tx as unknown as Database, {
      actor,
      entity: 'api_token',
      entityId: id,
      action: 'revoke',
      before: { revoqueLe: null },
      after: { revoqueLe: now.toISOString() },
      source,
    });
    return true;
  });
}
