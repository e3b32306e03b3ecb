import { Link } from 'react-router';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';

export function SiteMapPage() {
  const session = useSession();
  return (
    <Page title="Plan du site" narrow>
      <ul>
        <li>
          <Link to="/">Accueil</Link>
        </li>
        <li>
          <Link to="/lieux">Lieux de médiation numérique</Link>
          <ul>
            <li>
              <Link to="/lieux/export">Télécharger les données (open data)</Link>
            </li>
          </ul>
        </li>
        <li>
          <Link to="/integrer">Intégrer la recherche sur votre site</Link>
        </li>
        {(session.hasRole('admin') || session.hasRole('gestionnaire')) && (
          <li>
            Gestion du registre des lieux
            <ul>
              <li>
                <Link to="/gestion/imports">Importer des lieux</Link>
              </li>
              <li>
                <Link to="/gestion/doublons">Doublons à examiner</Link>
              </li>
              <li>
                <Link to="/gestion/rappels">Relances envoyées et lieux à vérifier</Link>
              </li>
              <li>
                <Link to="/gestion/conflits">Conflits d'import à examiner</Link>
              </li>
              <li>
                <Link to="/gestion/signalements">Signalements à traiter</Link>
              </li>
              <li>
                <Link to="/gestion/invitations">Inviter les structures à mettre à jour leurs lieux</Link>
              </li>
            </ul>
          </li>
        )}
        {(session.hasRole('admin') || session.hasRole('gestionnaire') || session.hasRole('coordinateur')) && (
          <li>
            Pilotage
            <ul>
              <li>
                <Link to="/pilotage/fiabilite">Fiabilité de la carte</Link>
              </li>
            </ul>
          </li>
        )}
        {!session.user && (
          <li>
            <Link to="/connexion">Se connecter</Link>
          </li>
        )}
        {session.user && (
          <li>
            <Link to="/compte">Mon compte</Link>
          </li>
        )}
        {session.hasRole('admin') && (
          <li>
            Administration
            <ul>
              <li>
                <Link to="/admin/utilisateurs">Utilisateurs</Link>
              </li>
              <li>
                <Link to="/admin/jetons">Jetons d'API</Link>
              </li>
            </ul>
          </li>
        )}
        {session.hasRole('gestionnaire') && (
          <li>
            <Link to="/territoire/utilisateurs">Utilisateurs de mon territoire</Link>
          </li>
        )}
        <li>
          <Link to="/accessibilite">Accessibilité</Link>
        </li>
        <li>
          <Link to="/mentions-legales">Mentions légales</Link>
        </li>
        <li>
          <Link to="/donnees-personnelles">Données personnelles</Link>
        </li>
        <li>
          <Link to="/plan-du-site">Plan du site</Link>
        </li>
      </ul>
    </Page>
  );
}
