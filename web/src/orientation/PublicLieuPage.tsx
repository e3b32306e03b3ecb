import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Link, useParams, useSearchParams } from 'react-router';
import { confirmationText } from '../freshness/Confirmation';
import { closurePhase, statusText } from '../lieux/status';
import type { LieuDetail } from '../lieux/types';
import { Page } from '../platform/Page';
import { asList, formatPhone, MODALITES, openingText, plainLabel, PRISES_EN_CHARGE, PUBLICS } from './model';
import { SignalerErreur } from './signalement/SignalerErreur';
import { useFetched } from '../platform/useFetched';
import './orientation.css';

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string; notFound: boolean } | { kind: 'ready'; detail: LieuDetail };
/** GET /api/v1/lieux/{id}/horaires: the Paris week, computed on the server (no opening_hours in the browser). */
interface LieuWeek {
  horaires: string | null;
  lisibles: boolean;
  ouvert: boolean | null;
  prochaine_ouverture: string | null;
  semaine: Array<{ jour: string; date: string; aujourdhui: boolean; creneaux: string }>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The lieu for the public: everything needed to go there, in plain words, printable on one page. */
export function PublicLieuPage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const retour = search.get('retour');
  const fetched = useFetched<LieuDetail>(`/api/v1/lieux/${encodeURIComponent(id)}`);
  const state: Loaded =
    fetched.kind === 'ready'
      ? { kind: 'ready', detail: fetched.data }
      : fetched.kind === 'error'
        ? { kind: 'error', message: fetched.message, notFound: fetched.status === 404 }
        : { kind: 'loading' };
  const horaires = state.kind === 'ready' ? text(state.detail.lieu.horaires) : '';
  // Asked for every lieu, hours or not: this request is also how the page's views are counted (no cookie, nothing kept).
  const week = useFetched<LieuWeek>(`/api/v1/lieux/${encodeURIComponent(id)}/horaires`);

  const crumbs = [{ label: "Trouver de l'aide", to: retour ? `/orientation/resultats?${retour}` : '/orientation' }];

  if (state.kind === 'loading') {
    return (
      <Page title="Lieu d'aide au numérique" crumbs={crumbs}>
        <p role="status">Chargement du lieu…</p>
      </Page>
    );
  }
  if (state.kind === 'error') {
    return (
      <Page title={state.notFound ? 'Lieu introuvable' : "Lieu d'aide au numérique"} crumbs={crumbs}>
        <Alert
          severity="error"
          as="h2"
          title={state.notFound ? "Ce lieu n'existe pas ou n'est plus publié" : "Ce lieu n'a pas pu être affiché"}
          description={
            <>
              {state.message} <Link to="/orientation">Chercher un autre lieu</Link>
            </>
          }
        />
      </Page>
    );
  }

  const { detail } = state;
  const lieu = detail.lieu;
  const nom = text(lieu.nom) || 'Lieu sans nom';
  const adresse = [text(lieu.adresse), text(lieu.complement_adresse)].filter(Boolean).join(', ');
  const ville = `${text(lieu.code_postal)} ${text(lieu.commune)}`.trim();
  const lat = typeof lieu.latitude === 'number' ? lieu.latitude : Number(lieu.latitude);
  const lon = typeof lieu.longitude === 'number' ? lieu.longitude : Number(lieu.longitude);
  const hasPoint = Number.isFinite(lat) && Number.isFinite(lon) && lieu.latitude != null && lieu.longitude != null;
  const telephone = text(lieu.telephone);
  const courriels = asList(lieu.courriels);
  const sites = asList(lieu.site_web);
  const rdv = text(lieu.prise_rdv);
  const acceslibre = text(lieu.fiche_acces_libre);
  const services = asList(lieu.services);
  const publics = asList(lieu.publics_specifiquement_adresses);
  const prises = asList(lieu.prise_en_charge_specifique);
  const modalites = asList(lieu.modalites_acces);
  const frais = asList(lieu.frais_a_charge);
  const itinerant = asList(lieu.itinerance).includes('Itinérant');
  const closure = closurePhase(detail.statut);

  return (
    <div className="maillage-lieu-page">
      <Page title={nom} crumbs={crumbs}>
        <p className={fr.cx('fr-text--lead', 'fr-mb-2w')}>
          {adresse}
          {adresse && ville ? ', ' : ''}
          {ville}
        </p>
        <p className={fr.cx('fr-text--sm', 'fr-mb-2w')} data-testid="confirmation">
          {confirmationText(detail)}
          {detail.aVerifier ? ' Téléphonez avant de vous déplacer.' : ''}
        </p>
        {closure === 'en-cours' && (
          <Alert severity="warning" as="h2" small className={fr.cx('fr-mb-2w')} description={`${statusText(detail.statut)}. Téléphonez avant de vous déplacer.`} />
        )}
        {closure === 'a-venir' && <Alert severity="info" as="h2" small className={fr.cx('fr-mb-2w')} description={`${statusText(detail.statut)}.`} />}
        {itinerant && <p><strong>Lieu itinérant : vérifiez le jour de passage avant d'y aller.</strong></p>}

        <section aria-labelledby="horaires" className={fr.cx('fr-mb-4w')}>
          <h2 id="horaires" className={fr.cx('fr-h4')}>
            Horaires
          </h2>
          {!horaires && <p>Les horaires ne sont pas renseignés. Téléphonez avant de vous déplacer.</p>}
          {horaires && week.kind === 'loading' && <p role="status">Calcul des horaires…</p>}
          {horaires && (week.kind === 'error' || (week.kind === 'ready' && !week.data.lisibles)) && (
            <p>
              Horaires indiqués par le lieu : <span className="maillage-break">{horaires}</span>
            </p>
          )}
          {week.kind === 'ready' && week.data.lisibles && (
            <>
              <p className="maillage-open-state" role="status">
                {openingText(week.data, new Date(), 'maintenant', new Date())}
              </p>
              <table className="maillage-hours">
                <caption className={fr.cx('fr-sr-only')}>Horaires de la semaine</caption>
                <thead>
                  <tr>
                    <th scope="col">Jour</th>
                    <th scope="col">Horaires</th>
                  </tr>
                </thead>
                <tbody>
                  {week.data.semaine.map((d) => (
                    <tr key={d.date} className={d.aujourdhui ? 'maillage-today' : undefined} aria-current={d.aujourdhui ? 'date' : undefined}>
                      <th scope="row">
                        {d.jour.charAt(0).toUpperCase() + d.jour.slice(1)}
                        {d.aujourdhui ? " (aujourd'hui)" : ''}
                      </th>
                      <td>{d.creneaux}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className={fr.cx('fr-text--sm', 'fr-mt-1w')}>Les jours fériés, le lieu peut être fermé.</p>
            </>
          )}
        </section>

        <section aria-labelledby="y-aller" className={fr.cx('fr-mb-4w')}>
          <h2 id="y-aller" className={fr.cx('fr-h4')}>
            Comment y aller
          </h2>
          {modalites.length > 0 && (
            <p>
              {modalites
                .map((m) => plainLabel(MODALITES, m))
                .join(' ; ')}
              .
            </p>
          )}
          {frais.length > 0 && <p>{frais.includes('Gratuit') ? 'Gratuit.' : frais.includes('Gratuit sous condition') ? 'Gratuit sous condition.' : 'Payant.'}</p>}
          <p className="maillage-links">
            {hasPoint && (
              <a
                href={`https://www.openstreetmap.org/directions?to=${lat}%2C${lon}`}
                target="_blank"
                rel="noopener noreferrer"
                title={`Itinéraire vers ${nom} sur OpenStreetMap (nouvelle fenêtre)`}
              >
                Voir l'itinéraire
              </a>
            )}
            {hasPoint && <a href={`geo:${lat},${lon}`}>Ouvrir dans l'application de cartes du téléphone</a>}
          </p>
        </section>

        <section aria-labelledby="contact" className={fr.cx('fr-mb-4w')}>
          <h2 id="contact" className={fr.cx('fr-h4')}>
            Contact
          </h2>
          {!telephone && courriels.length === 0 && sites.length === 0 && !rdv && <p>Aucun moyen de contact n'est renseigné.</p>}
          <ul className="maillage-facts maillage-links">
            {telephone && (
              <li>
                <a href={`tel:${telephone.replace(/\s/g, '')}`}>Téléphoner : {formatPhone(telephone)}</a>
              </li>
            )}
            {courriels.map((c) => (
              <li key={c}>
                <a href={`mailto:${c}`} className="maillage-break">
                  Écrire à {c}
                </a>
              </li>
            ))}
            {rdv && (
              <li>
                <a href={rdv} target="_blank" rel="noopener noreferrer" title="Prendre rendez-vous en ligne (nouvelle fenêtre)">
                  Prendre rendez-vous en ligne
                </a>
              </li>
            )}
            {sites.map((s) => (
              <li key={s}>
                <a href={s} target="_blank" rel="noopener noreferrer" title={`${s} (nouvelle fenêtre)`} className="maillage-break">
                  Site internet : {s.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                </a>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="services" className={fr.cx('fr-mb-4w')}>
          <h2 id="services" className={fr.cx('fr-h4')}>
            Ce que vous pouvez y faire
          </h2>
          {services.length === 0 ? <p>Non renseigné.</p> : <ul>{services.map((s) => <li key={s}>{s}</li>)}</ul>}
          {publics.length > 0 && (
            <p>
              Accueille spécialement : {publics.map((p) => plainLabel(PUBLICS, p).toLowerCase()).join(', ')}.
            </p>
          )}
        </section>

        <section aria-labelledby="accessibilite-lieu" className={fr.cx('fr-mb-4w')}>
          <h2 id="accessibilite-lieu" className={fr.cx('fr-h4')}>
            Accessibilité et accueil adapté
          </h2>
          {prises.length > 0 ? (
            <>
              <p>Le lieu dit savoir accompagner :</p>
              <ul>
                {prises.map((p) => (
                  <li key={p}>{p === plainLabel(PRISES_EN_CHARGE, p) ? p : `${p} (${plainLabel(PRISES_EN_CHARGE, p).toLowerCase()})`}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>Aucun accueil adapté n'est renseigné.</p>
          )}
          {acceslibre ? (
            <p>
              <a href={acceslibre} target="_blank" rel="noopener noreferrer" title="Accessibilité du bâtiment sur acceslibre (nouvelle fenêtre)">
                Accessibilité du bâtiment (marches, entrée, stationnement) sur acceslibre
              </a>
            </p>
          ) : (
            <p>L'accessibilité du bâtiment n'est pas décrite. Téléphonez au lieu pour la connaître.</p>
          )}
        </section>

        <div className="maillage-no-print fr-mb-4w">
          <Button type="button" priority="secondary" iconId="fr-icon-printer-line" onClick={() => window.print()}>
            Imprimer cette page
          </Button>
        </div>

        <div className="maillage-no-print">
          <SignalerErreur lieuId={detail.id} lieuNom={nom} />
        </div>
      </Page>
    </div>
  );
}
