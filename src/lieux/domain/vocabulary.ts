/** One value of a national vocabulary: `value` is the standard's exact string, `label` the French text shown in the UI. */
export interface VocabularyEntry<V extends string = string> {
  readonly value: V;
  readonly label: string;
}

/** The set of exact values of a vocabulary, for O(1) membership checks. */
export function valuesOf<E extends VocabularyEntry>(entries: readonly E[]): ReadonlySet<string> {
  return new Set(entries.map((entry) => entry.value));
}

/** value → label lookup; unknown values come back unchanged. */
export function labeller<E extends VocabularyEntry>(entries: readonly E[]): (value: string) => string {
  const labels = new Map(entries.map((entry) => [entry.value, entry.label]));
  return (value) => labels.get(value) ?? value;
}
