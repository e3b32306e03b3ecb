import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useNavigate } from 'react-router';
import { perimeterLabel, roleLabel } from '../platform/labels';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';

export function AccountPage() {
  const session = useSession();
  const navigate = useNavigate();
  const user = session.user;
  if (!user) return null;

  return (
    <Page title="Mon compte" narrow>
      <h2 className={fr.cx('fr-h4')}>Mes informations</h2>
      <dl>
        <dt className={fr.cx('fr-text--bold', 'fr-mb-0')}>Adresse e-mail</dt>
        <dd className={fr.cx('fr-mb-2w', 'fr-ml-0')}>
          <span className="maillage-break" data-testid="compte-email">
            {user.email}
          </span>
        </dd>
        <dt className={fr.cx('fr-text--bold', 'fr-mb-0')}>Nom</dt>
        <dd className={fr.cx('fr-mb-2w', 'fr-ml-0')}>{user.nom ?? 'Non renseigné'}</dd>
      </dl>

      <h2 className={fr.cx('fr-h4')}>Mes rôles</h2>
      {user.roles.length === 0 ? (
        <p>Aucun rôle ne vous est attribué pour le moment. Contactez l'administrateur de votre territoire.</p>
      ) : (
        <ul>
          {user.roles.map((r) => (
            <li key={`${r.role}-${r.perimetre}`}>
              <strong>{roleLabel(r.role, r.libelle)}</strong> — périmètre : {perimeterLabel(r.perimetre)}
            </li>
          ))}
        </ul>
      )}

      <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Session</h2>
      <p>Sur un ordinateur partagé, pensez à vous déconnecter quand vous avez terminé.</p>
      <Button
        priority="secondary"
        iconId="fr-icon-logout-box-r-line"
        onClick={() =>
          void session.signOut().then(
            () => navigate('/connexion?deconnecte=1'),
            () => undefined,
          )
        }
      >
        Se déconnecter
      </Button>
    </Page>
  );
}
