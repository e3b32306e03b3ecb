/**
 * The "Liste / Carte" choice of the results page and the map's door. The map itself (maplibre-gl, hundreds of
 * kilobytes) lives in ResultsMap.tsx and is downloaded only when the person opens the map view.
 */
import { fr } from '@codegouvfr/react-dsfr';
import { Component, lazy, Suspense, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ResultsMapProps } from './ResultsMap';
import './results-view.css';

const ResultsMap = lazy(() => import('./ResultsMap').then((m) => ({ default: m.ResultsMap })));

/** The id of the results list (the map's "skip" button and the list share it). */
export const RESULTS_LIST_ID = 'lieux-trouves';

export const MAP_UNAVAILABLE = "La carte ne peut pas s'afficher sur cet appareil ; la liste contient les mêmes lieux.";

/** What the list can ask of the map once it is drawn. */
export interface MapActions {
  /** Centres the map on the lieu and opens its window; focus goes into it and back to `opener` on Escape. */
  show(id: string, opener: HTMLElement): void;
}

/** Links the list's "Voir sur la carte" buttons to the map, which attaches itself once drawn (and detaches on unmount). */
export class MapController {
  private actions: MapActions | null = null;
  private readonly listeners = new Set<() => void>();

  attach(actions: MapActions | null): void {
    this.actions = actions;
    for (const listener of this.listeners) listener();
  }

  show(id: string, opener: HTMLElement): void {
    this.actions?.show(id, opener);
  }

  readonly isReady = (): boolean => this.actions !== null;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
}

/** The view chosen in the URL (`vue=carte`), so the back button and a shared link give the same view. */
export function useMapView(params: URLSearchParams): { on: boolean; controller: MapController } {
  const [controller] = useState(() => new MapController());
  return { on: params.get('vue') === 'carte', controller };
}

function viewHref(params: URLSearchParams, carte: boolean): string {
  const next = new URLSearchParams(params);
  if (carte) next.set('vue', 'carte');
  else next.delete('vue');
  return `/orientation/resultats?${next.toString()}`;
}

/** Two links, the current one filled and ticked (never shown by colour alone). */
export function ViewChoice({ params }: { params: URLSearchParams }) {
  const on = params.get('vue') === 'carte';
  const item = (carte: boolean, label: string) => {
    const current = carte === on;
    return (
      <li>
        <Link
          to={viewHref(params, carte)}
          aria-current={current ? 'true' : undefined}
          className={current ? fr.cx('fr-btn', 'fr-btn--icon-left', 'fr-icon-check-line') : fr.cx('fr-btn', 'fr-btn--secondary')}
        >
          {label}
        </Link>
      </li>
    );
  };
  return (
    <nav aria-label="Affichage des lieux" className="maillage-view-choice maillage-no-print">
      <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--icon-left')}>
        {item(false, 'Liste')}
        {item(true, 'Carte')}
      </ul>
    </nav>
  );
}

/** In the map view, each lieu of the list gets this button (once the map is drawn: never a button that does nothing). */
export function ShowOnMapButton({ controller, id, nom }: { controller: MapController; id: string; nom: string }) {
  const ready = useSyncExternalStore(controller.subscribe, controller.isReady);
  if (!ready) return null;
  return (
    <p className="fr-mb-0 fr-mt-1w maillage-no-print">
      <button
        type="button"
        className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--icon-left', 'fr-icon-search-line')}
        aria-label={`Voir sur la carte : ${nom}`}
        onClick={(event) => controller.show(id, event.currentTarget)}
      >
        Voir sur la carte
      </button>
    </p>
  );
}

class MapErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <MapUnavailable /> : this.props.children;
  }
}

export function MapUnavailable() {
  return (
    <div className={fr.cx('fr-alert', 'fr-alert--info', 'fr-alert--sm', 'fr-mb-3w')}>
      <p>{MAP_UNAVAILABLE}</p>
    </div>
  );
}

/**
 * The map, loaded on demand. Without WebGL, or if its code cannot be downloaded, a sentence says so: the list below
 * holds the same lieux, so the page is never blank.
 */
export function MapPanel(props: ResultsMapProps) {
  return (
    <div className="maillage-map-panel maillage-no-print">
      <p className="fr-mb-1w">
        <button
          type="button"
          className={fr.cx('fr-btn', 'fr-btn--tertiary-no-outline', 'fr-btn--sm')}
          onClick={() => document.getElementById(RESULTS_LIST_ID)?.querySelector<HTMLElement>('h3 a')?.focus()}
        >
          Passer la carte et aller à la liste
        </button>
      </p>
      <MapErrorBoundary>
        <Suspense fallback={<p role="status">Chargement de la carte…</p>}>
          <ResultsMap {...props} />
        </Suspense>
      </MapErrorBoundary>
    </div>
  );
}
