/** Checks an e-mail address before sending it; returns a French message, or undefined when it looks right. */
export function emailProblem(value: string): string | undefined {
  const email = value.trim();
  if (email === '') return 'Saisissez votre adresse e-mail.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    return "Cette adresse e-mail n'est pas valide. Format attendu : nom@domaine.fr";
  }
  return undefined;
}
