import { fr } from '@codegouvfr/react-dsfr';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from './labels';
import { Page } from './Page';
import { useSession } from './session';

/** Guards signed-in pages: waits for the session, sends signed-out visitors to the sign-in page. */
export function RequireAuth({ roles }: { roles?: Role[] }) {
  const session = useSession();
  const location = useLocation();

  if (session.status === 'loading') {
    return (
      <Page title="Chargement">
        <p role="status">Chargement de votre session…</p>
      </Page>
    );
  }
  if (!session.user) {
    if (session.signedOut) return <Navigate to="/connexion?deconnecte=1" replace />;
    const retour = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/connexion?retour=${retour}`} replace />;
  }
  if (roles && !roles.some((role) => session.hasRole(role))) {
    return (
      <Page title="Accès refusé" narrow>
        <p>Votre compte ne donne pas accès à cette page. Si vous pensez que c'est une erreur, contactez l'administrateur de votre territoire.</p>
        <p>
          <Link className={fr.cx('fr-link')} to="/compte">
            Retour à mon compte
          </Link>
        </p>
      </Page>
    );
  }
  return <Outlet />;
}
