/**
 * The public finder's state: every answer lives in the URL query, so the back button, a bookmark or a shared link give
 * the same page. This module turns that query into API parameters and plain French.
 */

/** Plain-language needs, each mapped onto services of the national standard (web/src/lieux/vocabulary.ts). */
export const NEEDS: Array<{ key: string; label: string; hint?: string; services: string[] }> = [
  {
    key: 'demarches',
    label: 'Faire une démarche en ligne',
    hint: 'CAF, impôts, santé, retraite, carte grise…',
    services: ['Aide aux démarches administratives'],
  },
  {
    key: 'appareils',
    label: 'Apprendre à utiliser mon téléphone, ma tablette ou mon ordinateur',
    services: ['Maîtrise des outils numériques du quotidien'],
  },
  {
    key: 'securite',
    label: 'Me protéger des arnaques et des virus sur Internet',
    services: ['Utilisation sécurisée du numérique'],
  },
  {
    key: 'emploi',
    label: 'Chercher un emploi ou une formation sur Internet',
    services: ['Insertion professionnelle via le numérique'],
  },
  {
    key: 'famille',
    label: 'Accompagner mes enfants ou petits-enfants sur Internet',
    services: ['Parentalité et éducation avec le numérique'],
  },
  {
    key: 'loisirs',
    label: 'Photos, vidéos, appels en vidéo avec mes proches',
    services: ['Loisirs et créations numériques'],
  },
  {
    key: 'comprendre',
    label: 'Comprendre le numérique',
    hint: 'réseaux sociaux, intelligence artificielle, informations en ligne…',
    services: ['Compréhension du monde numérique'],
  },
  {
    key: 'acces',
    label: 'Utiliser un ordinateur ou Internet sur place, imprimer ou scanner un papier',
    services: ['Accès internet et matériel informatique'],
  },
  {
    key: 'materiel',
    label: 'Acheter un ordinateur ou un téléphone à petit prix',
    services: ['Acquisition de matériel informatique à prix solidaire'],
  },
  { key: 'tout', label: "Je ne sais pas, je veux en parler avec quelqu'un", services: [] },
];

export function needOf(key: string | null | undefined) {
  return NEEDS.find((n) => n.key === key);
}

export const MOMENTS: Array<{ key: string; label: string; time: string }> = [
  { key: 'matin', label: 'Le matin (vers 10 h)', time: '10:00' },
  { key: 'midi', label: 'À midi (vers 12 h 30)', time: '12:30' },
  { key: 'apres-midi', label: "L'après-midi (vers 15 h)", time: '15:00' },
  { key: 'soir', label: 'En fin de journée (vers 18 h)', time: '18:00' },
];

export const RADII = [5, 10, 20, 30, 50, 100] as const;
export const DEFAULT_RADIUS = 30;

/** Publics (standard values) in plain words. */
export const PUBLICS: Array<{ value: string; label: string }> = [
  { value: 'Seniors', label: 'Personnes âgées' },
  { value: 'Jeunes', label: 'Jeunes' },
  { value: 'Étudiants', label: 'Étudiants' },
  { value: 'Familles et/ou enfants', label: 'Familles et enfants' },
  { value: 'Femmes', label: 'Femmes' },
];

/** Prise en charge spécifique (standard values) in plain words. */
export const PRISES_EN_CHARGE: Array<{ value: string; label: string }> = [
  { value: 'Surdité', label: 'Je suis sourd ou malentendant' },
  { value: 'Déficience visuelle', label: 'Je vois mal ou je suis aveugle' },
  { value: 'Handicaps moteurs', label: 'Je me déplace difficilement ou en fauteuil' },
  { value: 'Handicaps mentaux', label: 'Handicap mental ou psychique' },
  { value: 'Illettrisme', label: "J'ai du mal à lire ou à écrire" },
  { value: 'Langues étrangères (anglais)', label: 'Je parle anglais' },
  { value: 'Langues étrangères (autres)', label: 'Je parle une autre langue étrangère' },
];

/** Modalités d'accès (standard values) in plain words. */
export const MODALITES: Array<{ value: string; label: string }> = [
  { value: 'Se présenter', label: "Y aller sans rendez-vous" },
  { value: 'Téléphoner', label: "Téléphoner avant d'y aller" },
  { value: 'Prendre un RDV en ligne', label: 'Prendre rendez-vous sur Internet' },
  { value: 'Contacter par mail', label: 'Écrire un e-mail' },
];

export const STEPS = [
  { key: 'besoin', title: 'Votre besoin' },
  { key: 'disponibilite', title: 'Quand pouvez-vous y aller ?' },
  { key: 'localisation', title: 'Où êtes-vous ?' },
  { key: 'accessibilite', title: 'Vos besoins particuliers' },
] as const;
export type StepKey = (typeof STEPS)[number]['key'];

export function stepIndex(key: string | null): number {
  const i = STEPS.findIndex((s) => s.key === key);
  return i < 0 ? 0 : i;
}

/** Every query parameter that carries an answer (the step itself, `etape`, is not one). */
export const STATE_KEYS = ['besoin', 'quand', 'jour', 'moment', 'commune', 'commune_nom', 'lat', 'lon', 'rayon', 'publics', 'prise_en_charge', 'modalites'] as const;

/** The answers of a query, without the navigation keys. */
export function answersOf(params: URLSearchParams, without: string[] = []): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of params) {
    if ((STATE_KEYS as readonly string[]).includes(k) && !without.includes(k) && v !== '') out.push([k, v]);
  }
  return out;
}

export function withAnswers(params: URLSearchParams, changes: Record<string, string | string[] | null> = {}): URLSearchParams {
  const next = new URLSearchParams(answersOf(params, Object.keys(changes)));
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) if (item !== '') next.append(k, item);
  }
  return next;
}

export function radiusOf(params: URLSearchParams): number {
  const r = Number(params.get('rayon'));
  return Number.isFinite(r) && r >= 5 && r <= 100 ? Math.round(r) : DEFAULT_RADIUS;
}

export function hasPlace(params: URLSearchParams): boolean {
  return !!params.get('commune') || (!!params.get('lat') && !!params.get('lon'));
}

export function placeLabel(params: URLSearchParams): string {
  if (params.get('commune')) return params.get('commune_nom') || `la commune ${params.get('commune')}`;
  if (params.get('lat')) return 'votre position';
  return '';
}

/** "+01:00" or "+02:00": the offset of Paris time on that day. */
export function parisOffset(date: Date): string {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '');
    if (m?.[1]) return m[1];
  } catch {
    /* old browser: fall through */
  }
  return date.getUTCMonth() >= 3 && date.getUTCMonth() <= 9 ? '+02:00' : '+01:00';
}

/** The moment the person wants to go, as an ISO date-time in Paris time, or null for "peu importe". */
export function ouvertA(params: URLSearchParams, now: Date = new Date()): string | null {
  const quand = params.get('quand');
  if (quand === 'maintenant') return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (quand === 'creneau') {
    const jour = params.get('jour');
    const moment = MOMENTS.find((m) => m.key === params.get('moment')) ?? MOMENTS[0]!;
    if (!jour || !/^\d{4}-\d{2}-\d{2}$/.test(jour)) return null;
    return `${jour}T${moment.time}:00${parisOffset(new Date(`${jour}T12:00:00Z`))}`;
  }
  return null;
}

/** The orientation API query for these answers. */
export function apiQuery(params: URLSearchParams, options: { limite?: number; now?: Date } = {}): string {
  const q = new URLSearchParams();
  const commune = params.get('commune');
  if (commune) q.set('commune', commune);
  else if (params.get('lat') && params.get('lon')) {
    q.set('lat', params.get('lat')!);
    q.set('lon', params.get('lon')!);
  }
  for (const s of needOf(params.get('besoin'))?.services ?? []) q.append('services', s);
  const at = ouvertA(params, options.now);
  if (at) q.set('ouvert_a', at);
  q.set('rayon_km', String(radiusOf(params)));
  for (const v of params.getAll('publics')) q.append('publics', v);
  for (const v of params.getAll('prise_en_charge')) q.append('prise_en_charge', v);
  for (const v of params.getAll('modalites')) q.append('modalites_acces', v);
  if (options.limite) q.set('limite', String(options.limite));
  return q.toString();
}

// ——— Words ———

const PARIS = 'Europe/Paris';
const dayKey = new Intl.DateTimeFormat('fr-CA', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' });
const weekday = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, weekday: 'long' });
const longDay = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, weekday: 'long', day: 'numeric', month: 'long' });
const hourParts = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });

/** "9 h", "12 h 30" (Paris time). */
export function frenchHour(date: Date): string {
  const parts = hourParts.formatToParts(date);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const m = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return m === '00' ? `${h} h` : `${h} h ${m}`;
}

/** "aujourd'hui", "demain", "mardi" (within 6 days) or "le mardi 18 mars". */
export function frenchDay(date: Date, reference: Date): string {
  const a = Date.parse(`${dayKey.format(date)}T00:00:00Z`);
  const b = Date.parse(`${dayKey.format(reference)}T00:00:00Z`);
  const days = Math.round((a - b) / 86_400_000);
  if (days === 0) return "aujourd'hui";
  if (days === 1) return 'demain';
  if (days > 1 && days < 7) return weekday.format(date);
  return `le ${longDay.format(date)}`;
}

/** "mardi à 9 h", "aujourd'hui à 14 h". */
export function frenchWhen(date: Date, reference: Date): string {
  return `${frenchDay(date, reference)} à ${frenchHour(date)}`;
}

export function formatDayLabel(isoDay: string): string {
  return longDay.format(new Date(`${isoDay}T12:00:00Z`));
}

/** The next 14 days as YYYY-MM-DD (Paris), for the "un jour et un créneau" choice. */
export function nextDays(now: Date = new Date(), count = 14): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(dayKey.format(new Date(now.getTime() + i * 86_400_000)));
  return [...new Set(out)];
}

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
export function formatKm(km: number): string {
  return `${decimal.format(km)} km`;
}

export function formatMinutes(min: number): string {
  const m = Math.max(1, Math.round(min));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const r = m % 60;
  return r === 0 ? `${h} h` : `${h} h ${String(r).padStart(2, '0')}`;
}

/** "+33549000000" → "05 49 00 00 00" (French numbers), anything else unchanged. */
export function formatPhone(tel: string): string {
  const m = /^\+33(\d{9})$/.exec(tel.replace(/\s/g, ''));
  if (!m?.[1]) return tel;
  return `0${m[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}

export function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (typeof value === 'string' && value !== '') return value.split('|').map((s) => s.trim()).filter(Boolean);
  return [];
}

export function plainLabel(list: Array<{ value: string; label: string }>, value: string): string {
  return list.find((i) => i.value === value)?.label ?? value;
}

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/**
 * "Ouvert maintenant — jusqu'à 12 h", "Fermé maintenant — ouvre mardi à 9 h": words, never a colour alone.
 * `prochaine_ouverture` is the engine's phrase ("Ouvert jusqu'à 12 h", "Ouvre mardi à 9 h"), relative to the moment asked.
 */
export function openingText(
  r: { ouvert: boolean | null; prochaine_ouverture: string | null },
  reference: Date,
  asked: 'maintenant' | 'creneau' | null,
  now: Date,
): string {
  const when = asked === 'creneau' ? frenchWhen(reference, now) : 'maintenant';
  const phrase = r.prochaine_ouverture?.trim() ?? '';
  if (r.ouvert === true) {
    const until = phrase.replace(/^Ouvert\s+/i, '');
    return until && until !== phrase ? `Ouvert ${when} — ${until}` : `Ouvert ${when}`;
  }
  if (r.ouvert === false) return phrase ? `Fermé ${when} — ${lowerFirst(phrase)}` : `Fermé ${when}`;
  return 'Horaires non renseignés : téléphonez avant de vous déplacer';
}
