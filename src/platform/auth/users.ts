import { asc, eq, inArray } from 'drizzle-orm';
import { recordChange, type Actor } from '../audit';
import { isUniqueViolation, type Database } from '../db';
import {
  ROLE_LABELS,
  ROLES,
  parseScope,
  scopeLabel,
  type Principal,
  type Role,
  type RoleAssignment,
  type Scope,
  type TerritoryContainment,
  type TerritoryRef,
} from './principal';
import { loadAssignments } from './resolve';
import { roleAssignments, users } from './schema';

/** A validation error: a French message and the field at fault (`email`, `role`, `perimetre`, `nom`). */
export interface FieldError {
  champ: 'email' | 'role' | 'perimetre' | 'nom';
  message: string;
  /** 'conflict' when the value is valid but already taken. */
  code?: 'invalid' | 'conflict';
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: FieldError };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (champ: FieldError['champ'], message: string, code: FieldError['code'] = 'invalid'): Result<never> => ({
  ok: false,
  error: { champ, message, code },
});

export interface UserView {
  id: string;
  email: string;
  displayName: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  assignments: RoleAssignment[];
}

/* ------------------------------------------------------------------ e-mail */

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** Trims and lower-cases; undefined when the address is not plausible. */
export function normalizeEmail(value: string): string | undefined {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !EMAIL_RE.test(email)) return undefined;
  return email;
}

function validEmail(value: string): Result<string> {
  const email = normalizeEmail(value);
  if (!email) return fail('email', `L'adresse électronique « ${value.trim()} » n'est pas valide (exemple : prenom.nom@exemple.fr).`);
  return ok(email);
}

/* ------------------------------------------------------------------ roles and scopes */

const CODE_PATTERNS: Record<TerritoryRef['kind'], { re: RegExp; example: string; name: string }> = {
  region: { re: /^\d{2}$/, example: 'region:75', name: 'région (code INSEE à 2 chiffres)' },
  departement: { re: /^(\d{2}|2[AB]|97\d)$/, example: 'departement:86', name: 'département (code à 2 ou 3 caractères)' },
  epci: { re: /^\d{9}$/, example: 'epci:200069854', name: 'EPCI (SIREN à 9 chiffres)' },
  commune: { re: /^(\d{5}|2[AB]\d{3})$/, example: 'commune:86066', name: 'commune (code INSEE à 5 caractères)' },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Validates "departement:86", "national", "lieu:<id>"… for a role. */
export function validateAssignment(role: string, perimetre: string | undefined): Result<RoleAssignment> {
  if (!isRole(role)) {
    return fail('role', `Rôle inconnu « ${role} ». Rôles possibles : ${ROLES.join(', ')}.`);
  }
  const raw = (perimetre ?? '').trim();
  if (role === 'admin') {
    if (raw !== '' && raw !== 'national') {
      return fail('perimetre', 'Un administrateur a toujours le périmètre « national ».');
    }
    return ok({ role, scope: { kind: 'national' } });
  }
  if (raw === '') {
    return fail(
      'perimetre',
      role === 'structure'
        ? 'Le périmètre est obligatoire pour une structure : « lieu:<identifiant du lieu> ».'
        : `Le périmètre est obligatoire pour le rôle ${ROLE_LABELS[role].toLowerCase()} (exemple : departement:86).`,
    );
  }
  const scope = parseScope(raw);
  if (!scope) {
    return fail(
      'perimetre',
      `Périmètre « ${raw} » non reconnu. Formats acceptés : region:75, departement:86, epci:200069854, commune:86066, lieu:<identifiant>.`,
    );
  }
  if (role === 'structure') {
    if (scope.kind !== 'lieu') return fail('perimetre', 'Une structure est rattachée à un lieu : périmètre « lieu:<identifiant du lieu> ».');
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(scope.code)) return fail('perimetre', `Identifiant de lieu « ${scope.code} » invalide.`);
    return ok({ role, scope });
  }
  if (scope.kind === 'national') {
    return fail('perimetre', `Le périmètre national est réservé aux administrateurs ; le rôle ${ROLE_LABELS[role].toLowerCase()} s'exerce sur un territoire.`);
  }
  if (scope.kind === 'lieu') {
    return fail('perimetre', `Le rôle ${ROLE_LABELS[role].toLowerCase()} s'exerce sur un territoire (région, département, EPCI ou commune), pas sur un lieu.`);
  }
  const pattern = CODE_PATTERNS[scope.kind];
  const code = scope.code.toUpperCase();
  if (!pattern.re.test(code)) {
    return fail('perimetre', `Code « ${scope.code} » invalide pour un ${pattern.name}, exemple : ${pattern.example}.`);
  }
  return ok({ role, scope: { kind: scope.kind, code } });
}

/**
 * Reads a territory written loosely, for the CLI: "departement:86", "86" or "2A" or "971" (département),
 * "200069854" (EPCI, 9-digit SIREN), "86066" (commune), "national", "lieu:<id>".
 */
export function parseLooseScope(value: string): string {
  const v = value.trim();
  if (v.includes(':') || v === 'national') return v;
  if (/^\d{9}$/.test(v)) return `epci:${v}`;
  if (/^(\d{5}|2[AaBb]\d{3})$/.test(v)) return `commune:${v.toUpperCase()}`;
  if (/^(\d{2}|2[AaBb]|97\d)$/.test(v)) return `departement:${v.toUpperCase()}`;
  return v;
}

/* ------------------------------------------------------------------ reads */

export async function findUserByEmail(db: Database, email: string): Promise<UserView | undefined> {
  const normalized = normalizeEmail(email);
  if (!normalized) return undefined;
  const [row] = await db.select().from(users).where(eq(users.email, normalized));
  return row ? withAssignments(db, row) : undefined;
}

export async function findUserById(db: Database, id: string): Promise<UserView | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ? withAssignments(db, row) : undefined;
}

async function withAssignments(db: Database, row: typeof users.$inferSelect): Promise<UserView> {
  return { ...toView(row), assignments: await loadAssignments(db, row.id) };
}

function toView(row: typeof users.$inferSelect): Omit<UserView, 'assignments'> {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
  };
}

function sameTerritory(a: TerritoryRef, b: TerritoryRef) {
  return a.kind === b.kind && a.code === b.code;
}

/** True when `outer` covers `inner` (equality included). */
export function covers(contains: TerritoryContainment, outer: TerritoryRef, inner: TerritoryRef): boolean {
  return sameTerritory(outer, inner) || contains(outer, inner);
}

function isTerritory(scope: Scope): scope is TerritoryRef {
  return scope.kind !== 'national' && scope.kind !== 'lieu';
}

/** Territories on which the principal is gestionnaire. */
export function managedTerritories(principal: Principal): TerritoryRef[] {
  if (principal.kind !== 'user') return [];
  return principal.assignments.filter((a) => a.role === 'gestionnaire').map((a) => a.scope).filter(isTerritory);
}

export function isAdmin(principal: Principal | null): boolean {
  return principal?.kind === 'user' && principal.assignments.some((a) => a.role === 'admin' && a.scope.kind === 'national');
}

/**
 * Users the principal may see: an admin sees everyone; a gestionnaire sees the users holding at least one role
 * on a territory inside one of theirs; anyone else sees nobody.
 */
export async function listUsers(db: Database, principal: Principal, contains: TerritoryContainment): Promise<UserView[]> {
  const admin = isAdmin(principal);
  const managed = managedTerritories(principal);
  if (!admin && managed.length === 0) return [];
  const rows = await db.select().from(users).orderBy(asc(users.email));
  if (rows.length === 0) return [];
  const assignmentRows = await db
    .select()
    .from(roleAssignments)
    .where(inArray(roleAssignments.userId, rows.map((r) => r.id)))
    .orderBy(asc(roleAssignments.createdAt));
  const byUser = new Map<string, RoleAssignment[]>();
  for (const r of assignmentRows) {
    const scope: Scope = r.scopeKind === 'national' ? { kind: 'national' } : { kind: r.scopeKind, code: r.scopeCode };
    const list = byUser.get(r.userId) ?? [];
    list.push({ role: r.role, scope });
    byUser.set(r.userId, list);
  }
  const all = rows.map((row) => ({ ...toView(row), assignments: byUser.get(row.id) ?? [] }));
  if (admin) return all;
  return all.filter((u) =>
    u.assignments.some((a) => isTerritory(a.scope) && managed.some((m) => covers(contains, m, a.scope as TerritoryRef))),
  );
}

/* ------------------------------------------------------------------ writes */

export interface NewUser {
  email: string;
  nom?: string | null;
  role?: string;
  perimetre?: string;
}

function validName(nom: string | null | undefined): Result<string | null> {
  const name = nom?.trim() ?? '';
  if (name.length > 200) return fail('nom', 'Le nom ne doit pas dépasser 200 caractères.');
  return ok(name === '' ? null : name);
}

function assignmentJson(a: RoleAssignment) {
  return { role: a.role, perimetre: scopeLabel(a.scope) };
}

/**
 * Creates a person, with one role when `role` is given. Audited (entity 'user').
 * A taken address gives `{ champ: 'email', code: 'conflict' }`.
 */
export async function createUser(
  db: Database,
  input: NewUser,
  actor: Actor,
  source = 'api',
): Promise<Result<UserView>> {
  const email = validEmail(input.email);
  if (!email.ok) return email;
  const name = validName(input.nom);
  if (!name.ok) return name;
  let assignment: RoleAssignment | undefined;
  if (input.role !== undefined) {
    const a = validateAssignment(input.role, input.perimetre);
    if (!a.ok) return a;
    assignment = a.value;
  }
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(users).values({ email: email.value, displayName: name.value }).returning();
      if (!row) throw new Error('insert users returned nothing');
      if (assignment) await insertAssignment(tx as unknown as Database, row.id, assignment);
      const view = { ...toView(row), assignments: assignment ? [assignment] : [] };
      await recordChange(tx as unknown as Database, {
        actor,
        entity: 'user',
        entityId: row.id,
        action: 'create',
        before: null,
        after: { email: view.email, nom: view.displayName, roles: view.assignments.map(assignmentJson) },
        source,
      });
      return ok(view);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail('email', `Un compte existe déjà pour l'adresse ${email.value}.`, 'conflict');
    throw error;
  }
}

async function insertAssignment(tx: Database, userId: string, a: RoleAssignment) {
  await tx
    .insert(roleAssignments)
    .values({ userId, role: a.role, scopeKind: a.scope.kind, scopeCode: a.scope.kind === 'national' ? '' : a.scope.code })
    .onConflictDoNothing();
}

/** Gives a role to an existing person (no-op when already held). Audited (entity 'user', action 'add_role'). */
export async function addRole(
  db: Database,
  userId: string,
  role: string,
  perimetre: string | undefined,
  actor: Actor,
  source = 'api',
): Promise<Result<UserView>> {
  const a = validateAssignment(role, perimetre);
  if (!a.ok) return a;
  const user = await findUserById(db, userId);
  if (!user) return fail('email', 'Utilisateur introuvable.');
  const held = user.assignments.some(
    (x) => x.role === a.value.role && scopeLabel(x.scope) === scopeLabel(a.value.scope),
  );
  if (held) return ok(user);
  return db.transaction(async (tx) => {
    await insertAssignment(tx as unknown as Database, userId, a.value);
    const after = [...user.assignments, a.value];
    await recordChange(tx as unknown as Database, {
      actor,
      entity: 'user',
      entityId: userId,
      action: 'add_role',
      before: { roles: user.assignments.map(assignmentJson) },
      after: { roles: after.map(assignmentJson) },
      source,
    });
    return ok({ ...user, assignments: after });
  });
}

/**
 * Idempotent by e-mail (demo seed, CLI): creates the person if missing, then adds every missing role.
 * Throws on invalid input (programmer or operator error).
 */
export async function ensureUser(
  db: Database,
  input: { email: string; nom?: string | null; roles: Array<{ role: string; perimetre?: string }> },
  actor: Actor = { kind: 'system' },
  source = 'seed',
): Promise<UserView> {
  let user = await findUserByEmail(db, input.email);
  if (!user) {
    const created = await createUser(db, { email: input.email, nom: input.nom ?? null }, actor, source);
    if (!created.ok) throw new Error(created.error.message);
    user = created.value;
  }
  for (const r of input.roles) {
    const added = await addRole(db, user.id, r.role, r.perimetre, actor, source);
    if (!added.ok) throw new Error(added.error.message);
    user = added.value;
  }
  return user;
}

/* ------------------------------------------------------------------ API shape */

export interface UtilisateurDto {
  id: string;
  email: string;
  nom: string | null;
  roles: Array<{ role: Role; libelle: string; perimetre: string }>;
}

export function rolesDto(assignments: RoleAssignment[]): UtilisateurDto['roles'] {
  return assignments.map((a) => ({ role: a.role, libelle: ROLE_LABELS[a.role], perimetre: scopeLabel(a.scope) }));
}

export function utilisateurDto(user: { id: string; email: string; displayName: string | null; assignments: RoleAssignment[] }): UtilisateurDto {
  return { id: user.id, email: user.email, nom: user.displayName, roles: rolesDto(user.assignments) };
}
