import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from './api';

export type Fetched<T> =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; data: T }
  | { kind: 'error'; message: string; status: number; champ: string | undefined };

type Settled<T> = { url: string } & ({ ok: true; data: T } | { ok: false; message: string; status: number; champ: string | undefined });

/**
 * GET `url` with the API client; a new url shows "loading" until its own answer arrives (older answers are ignored,
 * the request of a url left behind is aborted); a null url fetches nothing ("idle").
 * `update` changes the loaded data in place after an action the server has answered (a decision taking an item out of
 * a list), until the url changes.
 */
export function useFetched<T>(url: string | null): Fetched<T> & { update: (change: (data: T) => T) => void } {
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
  const update = useCallback(
    (change: (data: T) => T) => setSettled((s) => (s?.ok && s.url === url ? { ...s, data: change(s.data) } : s)),
    [url],
  );
  if (!url) return { kind: 'idle', update };
  if (!settled || settled.url !== url) return { kind: 'loading', update };
  return settled.ok
    ? { kind: 'ready', data: settled.data, update }
    : { kind: 'error', message: settled.message, status: settled.status, champ: settled.champ, update };
}
