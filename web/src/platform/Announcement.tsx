import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/**
 * The outcome of an action on a list whose items leave it (a decision, a report handled): said in a polite live region,
 * then the focus goes to the element given (the next item's heading), or to the message itself when none is left.
 */
export function useAnnouncement() {
  const [message, setMessage] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const focusTarget = useRef<string | null>(null);
  useEffect(() => {
    const id = focusTarget.current;
    if (id === null) return;
    focusTarget.current = null;
    (id === '' ? statusRef.current : document.getElementById(id))?.focus();
  });
  /** `focusOn`: an element id, '' for the message, undefined to leave the focus where it is. */
  const announce = useCallback((text: string, focusOn?: string) => {
    setMessage(text);
    if (focusOn !== undefined) focusTarget.current = focusOn;
  }, []);
  return { message, statusRef, announce };
}

/** The live region of useAnnouncement (focusable, so the focus can land on it). */
export function Announcement({ message, statusRef, testId }: { message: string; statusRef: RefObject<HTMLParagraphElement | null>; testId: string }) {
  return (
    <p ref={statusRef} tabIndex={-1} role="status" aria-live="polite" data-testid={testId}>
      {message}
    </p>
  );
}
