import { useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../platform/api';

export type Fetched<T> =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; data: T }
  | { kind: 'error'; message: string; status: number; champ: string | undefined };

type Settled<T> = { url: string } & ({ ok: true; data: T } | { ok: false; message: string; status: number; champ: string | undefined });

/** GET `url` with the API client; a new url shows "loading" until its own answer arrives (older answers are ignored). */
export function useFetched<T>(url: string | null): Fetched<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    api<T>(url, { signal: controller.signal }).then(
      (data) => setSettled({ url, ok: true, data }),
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        setSettled({
          url,
          ok: false,
          message: errorMessage(error),
          status: error instanceof ApiError ? error.status : 0,
          champ: error instanceof ApiError ? error.champ : undefined,
        });
      },
    );
    return () => controller.abort();
  }, [url]);
  if (!url) return { kind: 'idle' };
  if (!settled || settled.url !== url) return { kind: 'loading' };
  return settled.ok ? { kind: 'ready', data: settled.data } : { kind: 'error', message: settled.message, status: settled.status, champ: settled.champ };
}
