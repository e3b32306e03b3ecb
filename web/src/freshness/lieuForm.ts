/**
 * The lieu edit form, without React: its sections (as a structure thinks of its lieu), the form's values ⇄ the
 * standard's fields, what changed, and the three-way comparison behind the conflict screen. Pure, unit-tested.
 */
import {
  DISPOSITIFS,
  FRAIS,
  ITINERANCES,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISES_EN_CHARGE,
  PUBLICS,
  SERVICES,
  TYPOLOGIES,
} from '../lieux/vocabulary';
import { describeTimetable, readOpeningHours } from './timetable';

export type Option = { value: string; label: string };
const options = (values: readonly string[]): Option[] => values.map((value) => ({ value, label: value }));

export type FieldInput =
  | { kind: 'text'; required?: boolean }
  | { kind: 'textarea'; maxLength?: number }
  | { kind: 'tel' }
  | { kind: 'url' }
  /** A list typed one item a line (several e-mails, several websites). */
  | { kind: 'lines'; split: RegExp }
  /** Checkboxes over one of the standard's vocabularies. */
  | { kind: 'choices'; options: Option[] }
  /** One value of a vocabulary, stored as a one-item list (typologie). */
  | { kind: 'choice'; options: readonly Option[] }
  | { kind: 'timetable' };

export interface FormField {
  /** The standard's field name, verbatim. */
  name: string;
  label: string;
  hint?: string;
  input: FieldInput;
}

export interface FormSection {
  id: string;
  title: string;
  fields: FormField[];
}

export const SECTIONS: FormSection[] = [
  {
    id: 'informations-generales',
    title: 'Informations générales',
    fields: [
      { name: 'nom', label: 'Nom du lieu', input: { kind: 'text', required: true } },
      { name: 'adresse', label: 'Adresse', hint: 'Numéro et nom de la voie.', input: { kind: 'text', required: true } },
      { name: 'complement_adresse', label: 'Complément d’adresse', hint: 'Bâtiment, étage, entrée…', input: { kind: 'text' } },
      { name: 'code_postal', label: 'Code postal', hint: '5 chiffres, par exemple 86000.', input: { kind: 'text', required: true } },
      { name: 'commune', label: 'Commune', input: { kind: 'text', required: true } },
      { name: 'typologie', label: 'Type de structure', input: { kind: 'choice', options: TYPOLOGIES } },
    ],
  },
  {
    id: 'description',
    title: 'Description',
    fields: [
      {
        name: 'presentation_resume',
        label: 'Présentation courte',
        hint: 'Ce que les habitants peuvent faire ici, en une ou deux phrases (280 caractères au plus).',
        input: { kind: 'textarea', maxLength: 280 },
      },
      { name: 'presentation_detail', label: 'Présentation détaillée', hint: 'Facultatif : ateliers, matériel, conditions…', input: { kind: 'textarea' } },
    ],
  },
  {
    id: 'horaires',
    title: 'Horaires',
    fields: [{ name: 'horaires', label: 'Horaires d’ouverture', input: { kind: 'timetable' } }],
  },
  {
    id: 'services',
    title: 'Services et accompagnement',
    fields: [
      { name: 'services', label: 'Services proposés', input: { kind: 'choices', options: options(SERVICES) } },
      { name: 'modalites_accompagnement', label: 'Comment les personnes sont accompagnées', input: { kind: 'choices', options: options(MODALITES_ACCOMPAGNEMENT) } },
      { name: 'frais_a_charge', label: 'Frais', input: { kind: 'choices', options: options(FRAIS) } },
      { name: 'itinerance', label: 'Le lieu est-il fixe ou itinérant ?', input: { kind: 'choices', options: options(ITINERANCES) } },
      { name: 'dispositif_programmes_nationaux', label: 'Dispositifs et programmes nationaux', input: { kind: 'choices', options: options(DISPOSITIFS) } },
    ],
  },
  {
    id: 'publics',
    title: 'Publics',
    fields: [
      { name: 'publics_specifiquement_adresses', label: 'Publics accueillis en particulier', hint: 'Laissez vide si le lieu accueille tout le monde.', input: { kind: 'choices', options: options(PUBLICS) } },
      { name: 'prise_en_charge_specifique', label: 'Accueil adapté', input: { kind: 'choices', options: options(PRISES_EN_CHARGE) } },
    ],
  },
  {
    id: 'acces',
    title: 'Modalités d’accès',
    fields: [
      { name: 'modalites_acces', label: 'Comment venir', input: { kind: 'choices', options: options(MODALITES_ACCES) } },
      { name: 'prise_rdv', label: 'Adresse de prise de rendez-vous en ligne', hint: 'Une adresse web commençant par https://', input: { kind: 'url' } },
      { name: 'fiche_acces_libre', label: 'Fiche Acceslibre (accessibilité du lieu)', hint: 'L’adresse de la fiche du lieu sur acceslibre.beta.gouv.fr.', input: { kind: 'url' } },
    ],
  },
  {
    id: 'contact',
    title: 'Contact',
    fields: [
      { name: 'telephone', label: 'Téléphone', hint: 'Un seul numéro, par exemple 05 49 00 00 00.', input: { kind: 'tel' } },
      {
        name: 'courriels',
        label: 'Adresses e-mail',
        hint: 'Une adresse par ligne. La première reçoit les liens de mise à jour.',
        input: { kind: 'lines', split: /[\n,;]+/ },
      },
      { name: 'site_web', label: 'Sites web', hint: 'Une adresse par ligne.', input: { kind: 'lines', split: /\n+/ } },
    ],
  },
];

export const FORM_FIELDS: FormField[] = SECTIONS.flatMap((s) => s.fields);
const FIELD_BY_NAME = new Map(FORM_FIELDS.map((f) => [f.name, f]));

export function formField(name: string): FormField | undefined {
  return FIELD_BY_NAME.get(name);
}

/** The lieu as the API gives it (the standard's fields). */
export type LieuValues = Record<string, unknown>;
/** What the inputs hold: text, or the checked values of a vocabulary. */
export type FormValues = Record<string, string | string[]>;

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const asText = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

export function toForm(lieu: LieuValues): FormValues {
  return Object.fromEntries(
    FORM_FIELDS.map((f) => {
      const value = lieu[f.name];
      if (f.input.kind === 'choices' || f.input.kind === 'choice') return [f.name, asStrings(value)];
      if (f.input.kind === 'lines') return [f.name, asStrings(value).join('\n')];
      return [f.name, asText(value)];
    }),
  );
}

/** The form as the standard's values: trimmed, blank → null (or an empty list). */
export function fromForm(form: FormValues): LieuValues {
  return Object.fromEntries(
    FORM_FIELDS.map((f) => {
      const value = form[f.name];
      if (f.input.kind === 'choices' || f.input.kind === 'choice') return [f.name, Array.isArray(value) ? value : []];
      const text = typeof value === 'string' ? value : '';
      if (f.input.kind === 'lines') return [f.name, text.split(f.input.split).map((v) => v.trim()).filter(Boolean)];
      const trimmed = text.trim();
      return [f.name, trimmed === '' ? null : trimmed];
    }),
  );
}

/** Null, empty text and empty list mean the same: nothing given. */
function normalised(value: unknown): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return 'null';
  return JSON.stringify(typeof value === 'string' ? value.trim() : value);
}

export const sameValue = (a: unknown, b: unknown): boolean => normalised(a) === normalised(b);

/** The fields the person changed, with their new values (what the API's `changes` takes). */
export function changesOf(base: LieuValues, form: FormValues): LieuValues {
  const values = fromForm(form);
  return Object.fromEntries(FORM_FIELDS.filter((f) => !sameValue(values[f.name], base[f.name])).map((f) => [f.name, values[f.name]]));
}

export interface FieldConflict {
  field: string;
  /** What the person typed. */
  mine: unknown;
  /** What was saved meanwhile. */
  theirs: unknown;
}

export interface ConflictAnalysis {
  /** Fields both changed, differently: the person chooses. */
  conflicts: FieldConflict[];
  /** The person's changes nobody else touched: kept as they are. */
  kept: LieuValues;
  /** Fields changed meanwhile that the person did not touch: the saved version stays. */
  theirsOnly: string[];
}

/**
 * Three-way comparison after a 409: `base` is the version the person started from, `mine` their changes, `current`
 * the version saved meanwhile. Nothing is lost: where both changed a field differently, the person chooses.
 */
export function analyseConflict(base: LieuValues, mine: LieuValues, current: LieuValues): ConflictAnalysis {
  const conflicts: FieldConflict[] = [];
  const kept: LieuValues = {};
  for (const [field, value] of Object.entries(mine)) {
    if (sameValue(current[field], value)) continue;
    if (sameValue(current[field], base[field])) kept[field] = value;
    else conflicts.push({ field, mine: value, theirs: current[field] });
  }
  const theirsOnly = FORM_FIELDS.map((f) => f.name).filter((f) => !(f in mine) && !sameValue(current[f], base[f]));
  return { conflicts, kept, theirsOnly };
}

export type Choice = 'mine' | 'theirs';

/** The changes to save against the current version once the person has chosen, field by field. */
export function resolveConflict(analysis: ConflictAnalysis, choices: Record<string, Choice>): LieuValues {
  const chosen = analysis.conflicts.filter((c) => choices[c.field] === 'mine').map((c) => [c.field, c.mine] as const);
  return { ...analysis.kept, ...Object.fromEntries(chosen) };
}

/** A field's value in words, for the conflict screen (hours in sentences, codes by their name). */
export function valueInWords(field: string, value: unknown): string {
  if (!sameValue(value, null) && field === 'horaires' && typeof value === 'string') {
    const read = readOpeningHours(value);
    return read.kind === 'table' ? describeTimetable(read.timetable).join(' ') : value;
  }
  if (sameValue(value, null)) return 'Non renseigné';
  const input = formField(field)?.input;
  const labelled = (v: string) => (input?.kind === 'choice' ? (input.options.find((o) => o.value === v)?.label ?? v) : v);
  if (Array.isArray(value)) return value.map((v) => labelled(String(v))).join(', ');
  return labelled(String(value));
}
