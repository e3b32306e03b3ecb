/** Roles of the platform. A role is always held on a scope (see RoleAssignment). */
export const ROLES = ['admin', 'gestionnaire', 'coordinateur', 'mediateur', 'structure'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  gestionnaire: 'Gestionnaire de territoire',
  coordinateur: 'Coordinateur',
  mediateur: 'Médiateur numérique',
  structure: 'Structure',
};

export const TERRITORY_KINDS = ['region', 'departement', 'epci', 'commune'] as const;
export type TerritoryKind = (typeof TERRITORY_KINDS)[number];
export interface TerritoryRef {
  kind: TerritoryKind;
  code: string;
}

export type Scope = { kind: 'national' } | TerritoryRef | { kind: 'lieu'; code: string };

export interface RoleAssignment {
  role: Role;
  scope: Scope;
}

/** Who is calling: a signed-in person or a machine client. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      email: string;
      displayName: string | null;
      sessionId: string;
      csrfToken: string;
      assignments: RoleAssignment[];
    }
  | {
      kind: 'api_token';
      tokenId: string;
      name: string;
      scopes: string[];
      /** Territories the token may act on; empty means national. */
      territories: TerritoryRef[];
    };

/** Answers "is `inner` inside `outer`?" from the territory referential (injected: the platform knows no communes). */
export type TerritoryContainment = (outer: TerritoryRef, inner: TerritoryRef) => boolean;

export function scopeLabel(scope: Scope): string {
  switch (scope.kind) {
    case 'national':
      return 'national';
    case 'lieu':
      return `lieu:${scope.code}`;
    default:
      return `${scope.kind}:${scope.code}`;
  }
}

/** Parses "departement:86", "epci:200069854", "national", "lieu:…" */
export function parseScope(value: string): Scope | undefined {
  if (value === 'national') return { kind: 'national' };
  const [kind, code] = value.split(':');
  if (!code) return undefined;
  if (kind === 'lieu') return { kind, code };
  if ((TERRITORY_KINDS as readonly string[]).includes(kind ?? '')) return { kind: kind as TerritoryKind, code };
  return undefined;
}
