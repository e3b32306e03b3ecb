import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from './api';

/**
 * Loads a list from the API (`GET url` → `{ [key]: T[] }`). `items` is null while loading; on failure it is empty and
 * `error` holds the French message. `reload()` fetches it again after a change.
 */
export function useApiList<T>(url: string, key: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | undefined>();

  const fetchList = useCallback(async () => {
    const payload = await api<Record<string, T[] | undefined>>(url);
    return payload[key] ?? [];
  }, [url, key]);

  const reload = useCallback(async () => {
    try {
      setItems(await fetchList());
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
      setItems([]);
    }
  }, [fetchList]);

  useEffect(() => {
    let cancelled = false;
    fetchList()
      .then((list) => {
        if (!cancelled) setItems(list);
      })
      .catch((e: unknown) => {
        if (!cancelled) {
          setError(errorMessage(e));
          setItems([]);
        }
      });
    return () => {
      cancelled = true;
    };
  }, [fetchList]);

  return { items, error, reload };
}
