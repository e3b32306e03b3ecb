export type Role = 'admin' | 'gestionnaire' | 'coordinateur' | 'mediateur' | 'structure';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  gestionnaire: 'Gestionnaire de territoire',
  coordinateur: 'Coordinateur',
  mediateur: 'Médiateur numérique',
  structure: 'Structure',
};

const KIND_LABELS: Record<string, string> = {
  region: 'Région',
  departement: 'Département',
  epci: 'Intercommunalité (EPCI)',
  commune: 'Commune',
  lieu: 'Lieu',
};

/** "national" → "Tout le territoire national"; "departement:86" → "Département 86". */
export function perimeterLabel(perimetre: string): string {
  if (perimetre === 'national') return 'Tout le territoire national';
  const [kind, code] = perimetre.split(':');
  const label = KIND_LABELS[kind ?? ''];
  if (!label || !code) return perimetre;
  return `${label} ${code}`;
}

export function roleLabel(role: string, libelle?: string): string {
  return libelle || ROLE_LABELS[role as Role] || role;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short' });
}
