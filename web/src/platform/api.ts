/** Small client for the Maillage API: JSON in and out, French problem details on errors, CSRF header when signed in. */

export interface ProblemDetails {
  title: string;
  status: number;
  detail: string;
  champ?: string;
  erreurs?: Array<{ champ: string; message: string }>;
  /** Other members of the problem (e.g. a 409's `lieuActuel` and `versionActuelle`). */
  [member: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly champ: string | undefined;
  readonly erreurs: Array<{ champ: string; message: string }>;
  /** The whole problem as the server sent it. */
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail);
    this.problem = problem;
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.champ = problem.champ;
    this.erreurs = problem.erreurs ?? [];
  }

  /** The message to show next to a field, if the server named it. */
  fieldMessage(champ: string): string | undefined {
    const named = this.erreurs.find((e) => e.champ === champ)?.message;
    if (named) return named;
    return this.champ === champ ? this.detail : undefined;
  }

  /** True when the message is attached to one of these fields (so it need not be repeated in a general alert). */
  concernsOnly(champs: string[]): boolean {
    const named = [this.champ, ...this.erreurs.map((e) => e.champ)].filter(Boolean) as string[];
    return named.length > 0 && named.every((c) => champs.includes(c));
  }
}

let csrfToken: string | null = null;

/** Set by the session provider: every non-GET call then sends it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

const NETWORK_ERROR: ProblemDetails = {
  title: 'Serveur injoignable',
  status: 0,
  detail: 'Le service ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.',
};

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(NETWORK_ERROR);
  }

  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const isJson = type.includes('json');
  const payload: unknown = isJson ? await response.json().catch(() => undefined) : undefined;

  if (!response.ok) {
    const p = (payload ?? {}) as Partial<ProblemDetails>;
    throw new ApiError({
      ...p,
      title: p.title ?? 'Erreur',
      status: response.status,
      detail: p.detail ?? defaultDetail(response.status),
      ...(p.champ ? { champ: p.champ } : {}),
      ...(p.erreurs ? { erreurs: p.erreurs } : {}),
    });
  }
  return payload as T;
}

function defaultDetail(status: number): string {
  if (status === 401) return 'Vous devez être connecté pour continuer.';
  if (status === 403) return "Vous n'avez pas les droits nécessaires pour cette action.";
  if (status === 404) return "Ce service n'est pas disponible pour le moment.";
  if (status === 429) return 'Trop de demandes en peu de temps. Patientez quelques minutes, puis réessayez.';
  return 'Une erreur inattendue est survenue. Réessayez dans quelques instants.';
}

/** A readable message for any error thrown by `api`. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  return 'Une erreur inattendue est survenue. Réessayez dans quelques instants.';
}
