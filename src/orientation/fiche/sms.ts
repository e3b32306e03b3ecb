/** Sends text messages. A real provider (an SMS gateway's HTTP API) implements this; none is bundled yet. */
export interface SmsProvider {
  readonly kind: string;
  send(to: string, text: string): Promise<void>;
}

export interface LoggedSms {
  to: string;
  text: string;
}

/**
 * Development provider: sends nothing, writes the message to the log (the number masked) and keeps the last ones in
 * memory. Never used in production (sending by SMS then answers 503 until a provider is configured).
 */
export class LoggingSmsProvider implements SmsProvider {
  readonly kind = 'journal';
  readonly sent: LoggedSms[] = [];

  constructor(private readonly log: (entry: { to: string; text: string }) => void = () => {}) {}

  async send(to: string, text: string): Promise<void> {
    this.sent.push({ to, text });
    if (this.sent.length > 50) this.sent.shift();
    this.log({ to: maskPhone(to), text });
  }
}

/** "+33612345678" → "+336••••••78". */
export function maskPhone(phone: string): string {
  return phone.length <= 6 ? '••••' : `${phone.slice(0, 4)}${'•'.repeat(phone.length - 6)}${phone.slice(-2)}`;
}

/** French phone numbers as typed ("06 12 34 56 78", "+33 6…", "0033…") → E.164, or null. */
export function normalizeFrenchPhone(value: string): string | null {
  const compact = value.replace(/[\s.\-()]/g, '');
  const national = compact.replace(/^(\+33|0033)/, '0');
  if (/^0[1-9]\d{8}$/.test(national)) return `+33${national.slice(1)}`;
  if (/^\+\d{8,15}$/.test(compact)) return compact;
  return null;
}
