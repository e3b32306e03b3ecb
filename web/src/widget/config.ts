/**
 * The widget's configuration lives in its address (/widget?territoire=86&services=…&titre=…&rayon=…), set by the site
 * that embeds it (docs/widget.md). Anything wrong is reported in plain French and ignored: the widget always works.
 */
import { DEFAULT_RADIUS, NEEDS } from '../orientation/model';

export const DEFAULT_TITLE = "Trouver de l'aide avec le numérique près de chez moi";
/** The iframe's title, for screen readers (the same in both snippets and in the loader, web/public/widget.js). */
export const FRAME_TITLE = "Trouver de l'aide numérique près de chez vous";
export const MAX_TITLE_LENGTH = 120;
export const MIN_RADIUS = 5;
export const MAX_RADIUS = 100;

/** The 9 services of the national standard, each with the plain words of the finder (web/src/orientation/model.ts). */
export const WIDGET_SERVICES: Array<{ value: string; label: string; need: string }> = NEEDS.filter((n) => n.services.length === 1).map((n) => ({
  value: n.services[0]!,
  label: n.label,
  need: n.key,
}));

export type Territory =
  | { kind: 'none' }
  | { kind: 'commune'; code: string }
  | { kind: 'epci'; siren: string }
  | { kind: 'departement'; code: string };

export interface WidgetConfig {
  territory: Territory;
  /** Valid standard values, in the order given, without repeats; empty = every service. */
  services: string[];
  title: string;
  radius: number;
  /** What was wrong in the address, in French (shown to everyone: the widget still works). */
  problems: string[];
}

const COMMUNE = /^(\d{5}|2[AB]\d{3})$/;
const EPCI = /^\d{9}$/;
const DEPARTEMENT = /^(\d{2}|2[AB]|97\d|98\d)$/;

export function territoryOf(raw: string): Territory | null {
  const code = raw.trim().toUpperCase();
  if (code === '') return { kind: 'none' };
  if (COMMUNE.test(code)) return { kind: 'commune', code };
  if (EPCI.test(code)) return { kind: 'epci', siren: code };
  if (DEPARTEMENT.test(code)) return { kind: 'departement', code };
  return null;
}

export const TERRITORY_HELP =
  'un code de département (ex. 86), le SIREN d’un EPCI (9 chiffres) ou le code Insee d’une commune (ex. 86194)';

const quoted = (values: string[]) => values.map((v) => `« ${v} »`).join(', ');

export function parseWidgetConfig(params: URLSearchParams): WidgetConfig {
  const problems: string[] = [];

  const rawTerritory = params.get('territoire') ?? '';
  let territory = territoryOf(rawTerritory);
  if (!territory) {
    problems.push(`Territoire « ${rawTerritory.trim().slice(0, 30)} » non reconnu : attendu ${TERRITORY_HELP}. Il est ignoré.`);
    territory = { kind: 'none' };
  }

  const known = new Set(WIDGET_SERVICES.map((s) => s.value));
  const asked = params
    .getAll('services')
    .flatMap((v) => v.split('|'))
    .map((v) => v.trim())
    .filter(Boolean);
  const services = [...new Set(asked.filter((v) => known.has(v)))];
  const unknown = [...new Set(asked.filter((v) => !known.has(v)))].map((v) => v.slice(0, 60));
  if (unknown.length > 0) {
    problems.push(
      `${unknown.length > 1 ? 'Services inconnus' : 'Service inconnu'} : ${quoted(unknown)}. ` +
        (services.length > 0 ? 'La recherche porte sur les autres services demandés.' : 'La recherche porte sur tous les services.') +
        ` Services reconnus : ${quoted(WIDGET_SERVICES.map((s) => s.value))}.`,
    );
  }

  const rawTitle = (params.get('titre') ?? '').replace(/\s+/g, ' ').trim();
  const title = rawTitle === '' ? DEFAULT_TITLE : rawTitle.slice(0, MAX_TITLE_LENGTH);

  let radius = DEFAULT_RADIUS;
  const rawRadius = params.get('rayon');
  if (rawRadius !== null && rawRadius.trim() !== '') {
    const r = Number(rawRadius.replace(',', '.'));
    if (Number.isFinite(r) && r >= MIN_RADIUS && r <= MAX_RADIUS) radius = Math.round(r);
    else problems.push(`Rayon « ${rawRadius.slice(0, 20)} » non valide : un nombre de kilomètres entre ${MIN_RADIUS} et ${MAX_RADIUS} est attendu. La recherche se fait à ${DEFAULT_RADIUS} km.`);
  }

  return { territory, services, title, radius, problems };
}

export interface WidgetSettings {
  territoire: string;
  services: string[];
  titre: string;
  rayon: number;
}

/** The widget's address query for these settings (what the /integrer configurator produces). */
export function widgetQuery(s: WidgetSettings): string {
  const q = new URLSearchParams();
  if (s.territoire.trim()) q.set('territoire', s.territoire.trim().toUpperCase());
  for (const v of s.services) q.append('services', v);
  if (s.titre.trim()) q.set('titre', s.titre.trim());
  if (s.rayon !== DEFAULT_RADIUS) q.set('rayon', String(s.rayon));
  return q.toString();
}

const attribute = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `<script src="…/widget.js" data-…>`: the loader inserts the iframe and keeps its height right. */
export function scriptSnippet(origin: string, s: WidgetSettings): string {
  const attrs = [`src="${attribute(`${origin}/widget.js`)}"`];
  if (s.territoire.trim()) attrs.push(`data-territoire="${attribute(s.territoire.trim().toUpperCase())}"`);
  if (s.services.length > 0) attrs.push(`data-services="${attribute(s.services.join('|'))}"`);
  if (s.titre.trim()) attrs.push(`data-titre="${attribute(s.titre.trim())}"`);
  if (s.rayon !== DEFAULT_RADIUS) attrs.push(`data-rayon="${s.rayon}"`);
  return `<script ${attrs.join(' ')} async></script>`;
}

/** The iframe alone (no script on the host page; fixed height). */
export function iframeSnippet(origin: string, s: WidgetSettings): string {
  const query = widgetQuery(s);
  const src = `${origin}/widget${query ? `?${query}` : ''}`;
  return `<iframe src="${attribute(src)}" title="${attribute(FRAME_TITLE)}" style="width: 100%; height: 720px; border: 0;" loading="lazy"></iframe>`;
}
