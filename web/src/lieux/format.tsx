import { fr } from '@codegouvfr/react-dsfr';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { ReactNode } from 'react';
import { api, ApiError, errorMessage } from '../platform/api';
import { closurePhase, statusText } from './status';
import type { LieuStatus } from './types';

export { closurePhase, formatDay, parisToday, statusText, type ClosurePhase } from './status';

export function StatusBadge({ status }: { status: LieuStatus | null | undefined }) {
  const phase = closurePhase(status);
  const severity = phase === 'en-cours' ? (status?.kind === 'ferme_definitivement' ? 'error' : 'warning') : phase === 'a-venir' ? 'info' : 'success';
  return (
    <Badge as="span" small severity={severity}>
      {statusText(status)}
    </Badge>
  );
}

/** A standard field's value as readable text: lists become bullet lists, URLs links, empty values "Non renseigné". */
export function FieldValue({ value }: { value: unknown }): ReactNode {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <span className={fr.cx('fr-text--sm', 'fr-mb-0')}>Non renseigné</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 1) return <Scalar value={value[0]} />;
    return (
      <ul className={fr.cx('fr-mb-0')}>
        {value.map((v, i) => (
          <li key={i}>
            <Scalar value={v} />
          </li>
        ))}
      </ul>
    );
  }
  return <Scalar value={value} />;
}

function Scalar({ value }: { value: unknown }) {
  const text = typeof value === 'number' ? value.toLocaleString('fr-FR', { maximumFractionDigits: 6 }) : String(value);
  if (/^https?:\/\//.test(text)) {
    return (
      <a href={text} target="_blank" rel="noopener noreferrer" title={`${text} — nouvelle fenêtre`} className="maillage-break">
        {text}
      </a>
    );
  }
  return <span className="maillage-break">{text}</span>;
}

/** Short text for before/after values in the history. */
export function shortValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(vide)';
  if (Array.isArray(value)) return value.length === 0 ? '(vide)' : value.join(' | ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

let csrfCache: string | null = null;

/** The session's CSRF token (stable for a session), for the multipart upload that `api()` cannot send. */
async function csrf(): Promise<string | null> {
  if (csrfCache) return csrfCache;
  const session = await api<{ csrf: string | null }>('/api/v1/session');
  csrfCache = session.csrf;
  return csrfCache;
}

/** POST multipart/form-data with the CSRF header; French problem details on error, like `api()`. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  const token = await csrf();
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', ...(token ? { 'x-csrf-token': token } : {}) },
    });
  } catch {
    throw new ApiError({ title: 'Serveur injoignable', status: 0, detail: 'Le service ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.' });
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 403) csrfCache = null;
    const p = (payload ?? {}) as { title?: string; detail?: string; champ?: string; erreurs?: Array<{ champ: string; message: string }> };
    throw new ApiError({
      title: p.title ?? 'Erreur',
      status: response.status,
      detail: p.detail ?? errorMessage(undefined),
      ...(p.champ ? { champ: p.champ } : {}),
      ...(p.erreurs ? { erreurs: p.erreurs } : {}),
    });
  }
  return payload as T;
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;
}
