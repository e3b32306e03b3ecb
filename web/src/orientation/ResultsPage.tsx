import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../platform/Page';
import {
  apiQuery,
  formatKm,
  formatMinutes,
  formatPhone,
  frenchWhen,
  hasPlace,
  needOf,
  openingText,
  ouvertA,
  placeLabel,
  radiusOf,
  RADII,
  withAnswers,
} from './model';
import type { OrientationAnswer, OrientationResult } from './types';
import { useFetched } from '../platform/useFetched';
import { MapPanel, RESULTS_LIST_ID, ShowOnMapButton, ViewChoice, useMapView } from './ResultsView';
import './orientation.css';

type State = { kind: 'loading' } | { kind: 'ready'; answer: OrientationAnswer; reference: Date } | { kind: 'error'; message: string; champ?: string };

const STEP_OF_FIELD: Record<string, string> = {
  commune: 'localisation',
  lat: 'localisation',
  lon: 'localisation',
  rayon_km: 'localisation',
  services: 'besoin',
  ouvert_a: 'disponibilite',
  publics: 'accessibilite',
  prise_en_charge: 'accessibilite',
  modalites_acces: 'accessibilite',
};

function stepLink(params: URLSearchParams, etape: string): string {
  const q = withAnswers(params);
  q.set('etape', etape);
  return `/orientation?${q.toString()}`;
}

function ResultItem({ r, params, reference, asked, now, number, children }: { r: OrientationResult; params: URLSearchParams; reference: Date; asked: 'maintenant' | 'creneau' | null; now: Date; number?: number; children?: ReactNode }) {
  const { telephone, prise_rdv: priseRdv, modalites_acces: modalites, frais_a_charge: frais } = r;
  const itinerant = r.itinerance.includes('Itinérant');
  const needLabel = needOf(params.get('besoin'))?.label;
  const back = withAnswers(params).toString();
  return (
    <li>
      <h3 className={fr.cx('fr-h5')}>
        {number !== undefined && <span className="maillage-map-number" aria-hidden="true">{number}</span>}
        <Link to={`/lieu/${encodeURIComponent(r.id)}${back ? `?retour=${encodeURIComponent(back)}` : ''}`}>{r.nom}</Link>
      </h3>
      <ul className="maillage-facts">
        <li>
          {r.adresse}
          {r.commune && !r.adresse.includes(r.commune) ? `, ${r.commune}` : ''}
        </li>
        <li>
          <strong>
            À {formatKm(r.distance_km)} — environ {formatMinutes(r.duree_estimee_min)} en voiture
          </strong>{' '}
          <a href="#comment-c-est-calcule" className={fr.cx('fr-text--sm')}>
            Comment c'est calculé ?
          </a>
        </li>
        <li>
          <strong>{openingText(r, reference, asked, now)}</strong>
        </li>
        {itinerant && <li>Lieu itinérant : vérifiez le jour de passage avant d'y aller.</li>}
        {modalites.length > 0 && (
          <li>
            Comment y aller :{' '}
            {modalites
              .map((m) =>
                m === 'Se présenter' ? 'se présenter sur place' : m === 'Téléphoner' ? 'téléphoner avant' : m === 'Prendre un RDV en ligne' ? 'prendre rendez-vous sur Internet' : m.toLowerCase(),
              )
              .join(', ')}
          </li>
        )}
        {frais.length > 0 && <li>{frais.includes('Gratuit') ? 'Gratuit' : frais.includes('Gratuit sous condition') ? 'Gratuit sous condition' : 'Payant'}</li>}
      </ul>
      <p className="maillage-links fr-mb-0">
        {telephone && <a href={`tel:${telephone.replace(/\s/g, '')}`}>Téléphoner : {formatPhone(telephone)}</a>}
        {priseRdv && (
          <a href={priseRdv} target="_blank" rel="noopener noreferrer" title={`Prendre rendez-vous en ligne — ${r.nom} (nouvelle fenêtre)`}>
            Prendre rendez-vous en ligne
          </a>
        )}
        <Link to={`/lieu/${encodeURIComponent(r.id)}`} aria-label={`Horaires, contact et itinéraire : ${r.nom}`}>
          Horaires, contact et itinéraire
        </Link>
        <Link
          to={`/orientation/fiche?lieux=${encodeURIComponent(r.id)}${needLabel ? `&besoin=${encodeURIComponent(needLabel)}` : ''}`}
          aria-label={`Préparer une fiche d'orientation vers ${r.nom}`}
        >
          Préparer une fiche d'orientation
        </Link>
      </p>
      {children}
    </li>
  );
}

export function ResultsPage() {
  const [params] = useSearchParams();
  // "Maintenant" is the moment the page opened: the address of the request then stays the same while it is shown.
  const [now] = useState(() => new Date());
  const mapView = useMapView(params);
  const query = hasPlace(params) ? apiQuery(params, { limite: 20, now }) : '';
  const fetched = useFetched<OrientationAnswer>(query ? `/api/v1/orientation?${query}` : null);
  const state: State =
    fetched.kind === 'ready'
      ? { kind: 'ready', answer: fetched.data, reference: new Date(new URLSearchParams(query).get('ouvert_a') ?? now) }
      : fetched.kind === 'error'
        ? { kind: 'error', message: fetched.message, champ: fetched.champ }
        : { kind: 'loading' };

  const radius = radiusOf(params);
  const wider = RADII.find((r) => r > radius);
  const need = needOf(params.get('besoin'));
  const quand = params.get('quand');
  const asked = quand === 'maintenant' ? 'maintenant' : quand === 'creneau' && ouvertA(params) ? 'creneau' : null;

  if (!query) {
    return (
      <Page title="Lieux d'aide au numérique" crumbs={[{ label: "Trouver de l'aide", to: '/orientation' }]}>
        <Alert
          severity="info"
          as="h2"
          title="Indiquez d'abord votre commune"
          description={
            <Link to={stepLink(params, 'localisation')}>Indiquer ma commune</Link>
          }
        />
      </Page>
    );
  }

  const summary = [
    need && need.key !== 'tout' ? `pour « ${need.label} »` : null,
    `à moins de ${radius} km de ${placeLabel(params)}`,
    asked === 'maintenant' ? 'ouverts maintenant' : null,
    asked === 'creneau' ? `ouverts ${frenchWhen(new Date(ouvertA(params)!), now)}` : null,
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <Page title="Lieux d'aide au numérique" crumbs={[{ label: "Trouver de l'aide", to: '/orientation' }]}>
      <p>Lieux {summary}. Les plus rapides à rejoindre en premier.</p>
      <p className="maillage-links maillage-no-print">
        <Link to={stepLink(params, 'besoin')}>Modifier ma recherche</Link>
        <Link to={stepLink(params, 'localisation')}>Changer de commune ou de distance</Link>
      </p>

      {state.kind === 'loading' && <p role="status">Recherche des lieux…</p>}
      {state.kind === 'error' && (
        <Alert
          severity="error"
          as="h2"
          title="La recherche n'a pas abouti"
          description={
            <>
              {state.message}{' '}
              <Link to={stepLink(params, (state.champ && STEP_OF_FIELD[state.champ]) || 'besoin')}>Corriger ma recherche</Link>
            </>
          }
        />
      )}
      {state.kind === 'ready' && (
        <>
          <p role="status" className="maillage-count">
            {state.answer.total === 0
              ? 'Aucun lieu trouvé.'
              : state.answer.total > state.answer.resultats.length
                ? `${state.answer.total} lieux trouvés. Voici les ${state.answer.resultats.length} plus proches.`
                : `${state.answer.total} ${state.answer.total > 1 ? 'lieux trouvés' : 'lieu trouvé'}.`}
          </p>
          {state.answer.total === 0 ? (
            <NoResult params={params} wider={wider} radius={radius} />
          ) : (
            <>
              <ViewChoice params={params} />
              <h2 className={fr.cx('fr-h4')}>Les lieux</h2>
              <div className={mapView.on ? 'maillage-map-layout' : undefined}>
                {mapView.on && (
                  <MapPanel results={state.answer.resultats} params={params} describe={(r) => openingText(r, state.reference, asked, now)} controller={mapView.controller} />
                )}
                <ol className="maillage-lieux" aria-label="Lieux trouvés" id={RESULTS_LIST_ID}>
                  {state.answer.resultats.map((r, i) => (
                    <ResultItem key={r.id} r={r} params={params} reference={state.reference} asked={asked} now={now} number={mapView.on ? i + 1 : undefined}>
                      {mapView.on && <ShowOnMapButton controller={mapView.controller} id={r.id} nom={r.nom} />}
                    </ResultItem>
                  ))}
                </ol>
              </div>
              {wider && state.answer.total < 3 && (
                <p className="fr-mt-2w">
                  <Link to={`/orientation/resultats?${withAnswers(params, { rayon: String(wider) }).toString()}`}>Chercher plus loin, jusqu'à {wider} km</Link>
                </p>
              )}
            </>
          )}
        </>
      )}
      <RemoteHelp />
      <section aria-labelledby="comment-c-est-calcule" className={fr.cx('fr-mt-4w')}>
        <h2 id="comment-c-est-calcule" className={fr.cx('fr-h5')} tabIndex={-1}>
          Comment c'est calculé ?
        </h2>
        <p>
          La distance est mesurée à vol d'oiseau depuis le centre de votre commune (ou depuis votre position). Le temps de
          trajet est une estimation : cette distance est allongée pour tenir compte des détours de la route, puis divisée
          par une vitesse moyenne en voiture (plus lente pour les petits trajets en ville). Le temps réel peut être
          différent, surtout en bus ou à pied.
        </p>
      </section>
    </Page>
  );
}

function NoResult({ params, wider, radius }: { params: URLSearchParams; wider: number | undefined; radius: number }) {
  return (
    <div className={fr.cx('fr-callout', 'fr-mb-4w')}>
      <h2 className={fr.cx('fr-callout__title', 'fr-h5')}>Aucun lieu ne correspond à moins de {radius} km</h2>
      <p className={fr.cx('fr-callout__text', 'fr-text--md')}>Vous pouvez :</p>
      <ul>
        {wider && (
          <li>
            <Link to={`/orientation/resultats?${withAnswers(params, { rayon: String(wider) }).toString()}`}>Chercher plus loin, jusqu'à {wider} km</Link>
          </li>
        )}
        {params.get('quand') && params.get('quand') !== 'peu-importe' && (
          <li>
            <Link to={`/orientation/resultats?${withAnswers(params, { quand: 'peu-importe', jour: null, moment: null }).toString()}`}>
              Voir aussi les lieux fermés à ce moment-là
            </Link>
          </li>
        )}
        <li>
          <Link to={stepLink(params, 'besoin')}>Modifier ma recherche</Link>
        </li>
      </ul>
    </div>
  );
}

/** A real national helpline, for people far from every lieu. */
function RemoteHelp() {
  return (
    <section aria-labelledby="aide-a-distance" className={fr.cx('fr-mt-4w')}>
      <h2 id="aide-a-distance" className={fr.cx('fr-h5')}>
        Être aidé à distance, par téléphone
      </h2>
      <p>
        Solidarité Numérique est la ligne nationale d'aide au numérique : un conseiller vous aide par téléphone pour vos
        démarches en ligne et l'usage de vos appareils.
      </p>
      <p className="maillage-links">
        <a href="tel:+33170772372">Appeler Solidarité Numérique : 01 70 772 372</a>
        <a href="https://www.solidarite-numerique.fr/" target="_blank" rel="noopener noreferrer" title="Site de Solidarité Numérique (nouvelle fenêtre)">
          solidarite-numerique.fr
        </a>
      </p>
    </section>
  );
}
