/**
 * The map view of the results, loaded on demand (maplibre-gl is only in this chunk). It is an extra, never the only
 * way: every lieu on it is also in the list beside it, with the same number.
 * - background: the shipped commune contours (no tile server needed); raster tiles only when the server names some;
 * - lieux as numbered buttons (HTML markers), grouped when close ("12 lieux ici : zoomer");
 * - each window (popup) takes the focus, Escape closes it and gives the focus back to whoever opened it;
 * - prefers-reduced-motion: the map jumps instead of gliding.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {
  AttributionControl,
  LngLatBounds,
  MapLibreMap,
  Marker,
  NavigationControl,
  Popup,
  setWorkerUrl,
  type GeoJSONSource,
  type StyleSpecification,
} from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../platform/api';
import { formatKm, formatMinutes, withAnswers } from './model';
import type { MapController } from './ResultsView';
import type { OrientationResult } from './types';
import './results-map.css';

setWorkerUrl(workerUrl);

export interface ResultsMapProps {
  /** The lieux, in the order of the list (marker n° i + 1 is the list's item i + 1). */
  results: OrientationResult[];
  /** The finder's answers: where the person starts from. */
  params: URLSearchParams;
  /** "Ouvert maintenant — jusqu'à 12 h": the same words as the list. */
  describe: (r: OrientationResult) => string;
  controller: MapController;
}

/** French words for maplibre's own controls. */
const FRENCH = {
  'AttributionControl.ToggleAttribution': 'Afficher ou masquer les sources de la carte',
  'AttributionControl.MapFeedback': 'Signaler une erreur de carte',
  'FullscreenControl.Enter': 'Afficher la carte en plein écran',
  'FullscreenControl.Exit': 'Quitter le plein écran',
  'GeolocateControl.FindMyLocation': 'Me localiser',
  'GeolocateControl.LocationNotAvailable': 'Position non disponible',
  'LogoControl.Title': 'Logo MapLibre',
  'Map.Title': 'Carte : flèches du clavier pour se déplacer, touches plus et moins pour zoomer',
  'Marker.Title': 'Repère',
  'NavigationControl.ResetBearing': 'Réorienter au nord',
  'NavigationControl.ZoomIn': 'Zoomer',
  'NavigationControl.ZoomOut': 'Dézoomer',
  'Popup.Close': 'Fermer',
  'ScaleControl.Feet': 'pi',
  'ScaleControl.Meters': 'm',
  'ScaleControl.Kilometers': 'km',
  'ScaleControl.Miles': 'mi',
  'ScaleControl.NauticalMiles': 'nm',
  'GlobeControl.Enable': 'Afficher le globe',
  'GlobeControl.Disable': 'Masquer le globe',
  'TerrainControl.Enable': 'Afficher le relief',
  'TerrainControl.Disable': 'Masquer le relief',
  'CooperativeGesturesHandler.WindowsHelpText': 'Ctrl + molette pour zoomer',
  'CooperativeGesturesHandler.MacHelpText': '⌘ + molette pour zoomer',
  'CooperativeGesturesHandler.MobileHelpText': 'Deux doigts pour déplacer la carte',
};

const CONTOURS_CREDIT = 'Contours des communes : IGN ADMIN EXPRESS';
/** Past this zoom no lieu is grouped ("Voir sur la carte" zooms at least to it); closer lieux are fanned out instead. */
const CLUSTER_MAX_ZOOM = 12;
const DETAIL_ZOOM = CLUSTER_MAX_ZOOM + 1;

interface MapConfig {
  tuiles: string | null;
  attribution: string | null;
}

type Geo = FeatureCollection;
const EMPTY: Geo = { type: 'FeatureCollection', features: [] };

/** "86194" → "86"; overseas "97411" → "974". */
export function departementOf(codeInsee: string): string {
  return codeInsee.startsWith('97') || codeInsee.startsWith('98') ? codeInsee.slice(0, 3) : codeInsee.slice(0, 2);
}

function baseStyle(lieux: Geo): StyleSpecification {
  return {
    version: 8,
    sources: {
      communes: { type: 'geojson', data: EMPTY },
      lieux: { type: 'geojson', data: lieux, cluster: true, clusterRadius: 44, clusterMaxZoom: CLUSTER_MAX_ZOOM },
    },
    layers: [
      { id: 'fond', type: 'background', paint: { 'background-color': '#f6f6f6' } },
      { id: 'communes-fond', type: 'fill', source: 'communes', paint: { 'fill-color': '#ececfe', 'fill-opacity': 0.85 } },
      { id: 'communes-limites', type: 'line', source: 'communes', paint: { 'line-color': '#6a6af4', 'line-width': 0.75 } },
      // Invisible: it only makes the clustered source load; the lieux are drawn as HTML buttons.
      { id: 'lieux', type: 'circle', source: 'lieux', paint: { 'circle-radius': 1, 'circle-opacity': 0 } },
    ],
  };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

export function ResultsMap({ results, params, describe, controller }: ResultsMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  // Read by the map's event handlers, which outlive a render: refreshed after each render.
  const latest = useRef({ describe, navigate, back: '' });
  const back = withAnswers(params).toString();
  useEffect(() => {
    latest.current = { describe, navigate, back };
  });

  const commune = params.get('commune');
  const lat = Number(params.get('lat'));
  const lon = Number(params.get('lon'));
  const startLabel = commune ? `centre de ${params.get('commune_nom') || `la commune ${commune}`}` : 'votre position';
  const startLat = commune ? null : Number.isFinite(lat) && params.get('lat') ? lat : null;
  const startLon = commune ? null : Number.isFinite(lon) && params.get('lon') ? lon : null;

  useEffect(() => {
    const host = container.current;
    if (!host || results.length === 0) return;
    const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const abort = new AbortController();
    const byId = new Map(results.map((r, i) => [r.id, { r, n: i + 1 }]));

    const bounds = new LngLatBounds();
    for (const r of results) bounds.extend([r.longitude, r.latitude]);
    if (startLat !== null && startLon !== null) bounds.extend([startLon, startLat]);

    const lieux: Geo = {
      type: 'FeatureCollection',
      features: results.map((r, i) => ({
        type: 'Feature',
        properties: { id: r.id, n: i + 1 },
        geometry: { type: 'Point', coordinates: [r.longitude, r.latitude] },
      })),
    };

    // Throws without WebGL: the error boundary around this chunk then says so, and the list stays.
    const map = new MapLibreMap({
      container: host,
      style: baseStyle(lieux),
      bounds,
      fitBoundsOptions: { padding: 48, maxZoom: 13 },
      locale: FRENCH,
      cooperativeGestures: false,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxZoom: 18,
      fadeDuration: reduceMotion ? 0 : 300,
      reduceMotion,
    });
    map.touchZoomRotate.disableRotation();
    map.keyboard.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    const attribution = new AttributionControl({ customAttribution: CONTOURS_CREDIT });
    map.addControl(attribution, 'bottom-right');

    const move = (camera: { center: [number, number]; zoom: number }, then?: () => void) => {
      if (reduceMotion) {
        map.jumpTo(camera);
        then?.();
        return;
      }
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        then?.();
      };
      map.once('moveend', finish);
      setTimeout(finish, 700);
      map.easeTo({ ...camera, duration: 400 });
    };

    // ---- Popups: one at a time; focus in on open, back to the opener on Escape or close ----------------------------
    let popup: Popup | null = null;
    let disposed = false;
    const openPopup = (id: string, opener: HTMLElement) => {
      const hit = byId.get(id);
      if (!hit) return;
      const { r, n } = hit;
      if (popup) {
        const previous = popup;
        popup = null;
        previous.remove();
      }
      const { describe: words, back: answers } = latest.current;
      const content = element('div', 'maillage-map-popup');
      const title = element('p', 'maillage-map-popup__title');
      const href = `/lieu/${encodeURIComponent(r.id)}${answers ? `?retour=${encodeURIComponent(answers)}` : ''}`;
      const link = element('a', '', r.nom);
      link.href = href;
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        latest.current.navigate(href);
      });
      title.append(element('span', 'maillage-map-popup__number', `${n}`), ' ', link);
      const address = element('p', '', r.commune && !r.adresse.includes(r.commune) ? `${r.adresse}, ${r.commune}` : r.adresse);
      const opening = element('p', 'maillage-map-popup__strong', words(r));
      const distance = element('p', '', `À ${formatKm(r.distance_km)} — environ ${formatMinutes(r.duree_estimee_min)} en voiture`);
      content.append(title, address, opening, distance);

      const current = new Popup({
        closeButton: true,
        closeOnClick: true,
        focusAfterOpen: false,
        // Always above its marker (which stays visible), then the map is moved so that the whole window shows.
        anchor: 'bottom',
        offset: [(offsets.get(r.id) ?? [0, 0])[0], (offsets.get(r.id) ?? [0, 0])[1] - 26],
        maxWidth: 'min(18rem, calc(100vw - 4rem))',
      })
        .setLngLat([r.longitude, r.latitude])
        .setDOMContent(content)
        .addTo(map);
      popup = current;
      const box = current.getElement();
      box.setAttribute('role', 'dialog');
      box.setAttribute('aria-label', `Lieu ${n} : ${r.nom}`);
      box.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        current.remove();
      });
      current.on('close', () => {
        if (popup === current) popup = null;
        if (disposed) return;
        // Back to the opener, unless the person has already moved elsewhere (a click on the page, another popup).
        const active = document.activeElement;
        if (!active || active === document.body || box.contains(active)) opener.focus();
      });
      // The window must fit in the map: on a small phone it could be cut by the map's edge.
      const outer = host.getBoundingClientRect();
      const inner = box.getBoundingClientRect();
      const margin = 8;
      const dx = inner.left < outer.left + margin ? inner.left - outer.left - margin : Math.max(0, inner.right - outer.right + margin);
      const dy = inner.top < outer.top + margin ? inner.top - outer.top - margin : Math.max(0, inner.bottom - outer.bottom + margin);
      if (dx !== 0 || dy !== 0) map.panBy([dx, dy], { animate: false });
      host.scrollIntoView({ block: 'nearest', behavior: 'auto' });
      link.focus({ preventScroll: true });
    };

    // ---- Markers: numbered buttons and groups, redrawn from the clustered source ------------------------------------
    const markers = new Map<string, Marker>();
    const offsets = new Map<string, [number, number]>();

    const lieuMarker = (id: string): Marker | null => {
      const hit = byId.get(id);
      if (!hit) return null;
      const { r, n } = hit;
      const button = element('button', 'maillage-map-marker', `${n}`);
      button.type = 'button';
      button.setAttribute('aria-label', `Lieu ${n} : ${r.nom} — ${lowerFirst(latest.current.describe(r))}`);
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        openPopup(r.id, button);
      });
      return new Marker({ element: button }).setLngLat([r.longitude, r.latitude]);
    };

    const clusterMarker = (clusterId: number, count: number, at: [number, number]): Marker => {
      const button = element('button', 'maillage-map-cluster', `${count}`);
      button.type = 'button';
      button.setAttribute('aria-label', `${count} lieux ici : zoomer`);
      button.addEventListener('click', async (event) => {
        event.stopPropagation();
        const source = map.getSource<GeoJSONSource>('lieux');
        if (!source) return;
        const [zoom, leaves] = await Promise.all([source.getClusterExpansionZoom(clusterId), source.getClusterLeaves(clusterId, 1, 0)]);
        const firstId = leaves[0]?.properties?.id as string | undefined;
        const hadFocus = document.activeElement === button;
        move({ center: at, zoom: Math.min(zoom, 18) }, () => {
          if (!hadFocus) return;
          // The group is gone: the focus goes to the first of its lieux, or to whatever group now holds it.
          map.once('idle', () => {
            const target = (firstId && markers.get(`l:${firstId}`)?.getElement()) || map.getCanvas();
            target.focus();
          });
          map.triggerRepaint();
        });
      });
      return new Marker({ element: button }).setLngLat(at);
    };

    const redraw = () => {
      if (!map.getSource('lieux') || !map.isSourceLoaded('lieux')) return;
      const wanted = new Map<string, () => Marker | null>();
      for (const feature of map.querySourceFeatures('lieux')) {
        const p = feature.properties ?? {};
        if (p.cluster) {
          const clusterId = Number(p.cluster_id);
          const at = (feature.geometry as Point).coordinates as [number, number];
          wanted.set(`c:${clusterId}`, () => clusterMarker(clusterId, Number(p.point_count), at));
        } else if (typeof p.id === 'string') {
          const id = p.id;
          wanted.set(`l:${id}`, () => lieuMarker(id));
        }
      }
      for (const [key, marker] of markers) {
        if (wanted.has(key)) continue;
        marker.remove();
        markers.delete(key);
      }
      // In the list's order, so that Tab goes 1, 2, 3… among the markers shown.
      const keys = [...wanted.keys()].sort((a, b) => order(a) - order(b));
      for (const key of keys) {
        if (markers.has(key)) continue;
        const marker = wanted.get(key)!();
        if (!marker) continue;
        marker.addTo(map);
        markers.set(key, marker);
      }
      spread();
    };

    /**
     * Lieux too close to be told apart (same building, same street) are set on a small circle around their middle,
     * in list order, so that every number can be read and pressed with a finger.
     */
    const spread = () => {
      const shown = [...markers.entries()].filter(([key]) => key.startsWith('l:')).map(([key, marker]) => ({ id: key.slice(2), marker, at: map.project(marker.getLngLat()) }));
      const parent = shown.map((_, i) => i);
      const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
      for (let i = 0; i < shown.length; i++) {
        for (let j = i + 1; j < shown.length; j++) {
          if (shown[i]!.at.dist(shown[j]!.at) < 46) parent[root(j)] = root(i);
        }
      }
      const groups = new Map<number, typeof shown>();
      shown.forEach((m, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), m]));
      for (const group of groups.values()) {
        group.sort((a, b) => (byId.get(a.id)?.n ?? 0) - (byId.get(b.id)?.n ?? 0));
        const cx = group.reduce((sum, m) => sum + m.at.x, 0) / group.length;
        const cy = group.reduce((sum, m) => sum + m.at.y, 0) / group.length;
        // Neighbours on the circle are 48 px apart: radius = 24 / sin(π / n).
        const radius = group.length === 1 ? 0 : 24 / Math.sin(Math.PI / group.length);
        group.forEach((m, k) => {
          const angle = -Math.PI / 2 + (2 * Math.PI * k) / group.length;
          const offset: [number, number] =
            group.length === 1 ? [0, 0] : [Math.round(cx + radius * Math.cos(angle) - m.at.x), Math.round(cy + radius * Math.sin(angle) - m.at.y)];
          const previous = offsets.get(m.id);
          if (previous && previous[0] === offset[0] && previous[1] === offset[1]) return;
          offsets.set(m.id, offset);
          m.marker.setOffset(offset);
        });
      }
    };
    const order = (key: string) => (key.startsWith('l:') ? (byId.get(key.slice(2))?.n ?? 0) : 1000);
    map.on('render', redraw);

    // ---- Where the person starts from ----------------------------------------------------------------------------------
    const startMarker = (at: [number, number]) => {
      const el = element('div', 'maillage-map-start', 'Départ');
      el.setAttribute('role', 'img');
      el.setAttribute('aria-label', `Point de départ : ${startLabel}`);
      new Marker({ element: el, anchor: 'bottom' }).setLngLat(at).addTo(map);
    };
    if (startLat !== null && startLon !== null) startMarker([startLon, startLat]);
    else if (commune) {
      api<{ centre: { lat: number; lon: number } }>(`/api/v1/territoires/communes/${encodeURIComponent(commune)}`, { signal: abort.signal }).then(
        ({ centre }) => {
          if (disposed) return;
          startMarker([centre.lon, centre.lat]);
          if (!map.getBounds().contains([centre.lon, centre.lat])) {
            map.fitBounds(bounds.extend([centre.lon, centre.lat]), { padding: 48, maxZoom: 13, animate: !reduceMotion });
          }
        },
        () => undefined,
      );
    }

    // ---- Background: commune contours of the départements shown, and tiles when the server has some -------------------
    const departements = new Set(results.map((r) => r.code_insee).filter((c): c is string => !!c).map(departementOf));
    if (commune) departements.add(departementOf(commune));
    const loaded = new Promise<void>((resolve) => (map.loaded() ? resolve() : map.once('load', () => resolve())));
    // One request per département: each is cached a day by the browser, and a missing file only leaves a gap.
    Promise.all(
      [...departements].slice(0, 10).map((d) =>
        api<Geo>(`/api/v1/territoires/contours?departement=${encodeURIComponent(d)}`, { signal: abort.signal }).catch(() => EMPTY),
      ),
    ).then(async (collections) => {
      await loaded;
      if (disposed) return;
      map.getSource<GeoJSONSource>('communes')?.setData({ type: 'FeatureCollection', features: collections.flatMap((c: Geo) => c.features) });
    });
    api<MapConfig>('/api/v1/carte/config', { signal: abort.signal }).then(
      async (config) => {
        if (!config.tuiles) return;
        await loaded;
        if (disposed) return;
        map.addSource('tuiles', { type: 'raster', tiles: [config.tuiles], tileSize: 256, attribution: config.attribution ?? undefined });
        map.addLayer({ id: 'tuiles', type: 'raster', source: 'tuiles' }, 'communes-fond');
        map.setPaintProperty('communes-fond', 'fill-opacity', 0.2);
      },
      () => undefined,
    );

    controller.attach({
      show(id, opener) {
        const hit = byId.get(id);
        if (!hit) return;
        move({ center: [hit.r.longitude, hit.r.latitude], zoom: Math.max(map.getZoom(), DETAIL_ZOOM) }, () => openPopup(id, opener));
      },
    });

    return () => {
      disposed = true;
      controller.attach(null);
      abort.abort();
      map.remove();
    };
  }, [results, controller, commune, startLabel, startLat, startLon]);

  return (
    <div className="maillage-map" role="region" aria-label="Carte des lieux trouvés">
      <p className="fr-text--sm fr-mb-1w">Chaque numéro sur la carte correspond au lieu de même numéro dans la liste.</p>
      <div ref={container} className="maillage-map__canvas" />
    </div>
  );
}
