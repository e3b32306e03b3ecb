import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { ProConnectButton } from '@codegouvfr/react-dsfr/ProConnectButton';
import { useEffect, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';
import { MagicLinkRequestForm } from './MagicLinkRequestForm';

const ERRORS: Record<string, { title: string; description: string }> = {
  oidc: {
    title: "La connexion avec ProConnect n'a pas abouti",
    description:
      'ProConnect ne nous a pas transmis votre identité, ou la demande a expiré. Réessayez, ou demandez un lien de connexion par e-mail ci-dessous.',
  },
  'compte-inconnu': {
    title: 'Aucun compte Maillage pour cette identité',
    description:
      "Vous êtes bien identifié, mais aucun compte Maillage n'est associé à votre adresse e-mail. Demandez à l'administrateur ou au gestionnaire de votre territoire de vous créer un compte.",
  },
};

const UNKNOWN_ERROR = {
  title: "La connexion n'a pas abouti",
  description: 'Une erreur est survenue pendant la connexion. Réessayez dans quelques instants.',
};

/** True outside production: the development outbox (/dev/outbox) shows the e-mails that were "sent". */
function useDevOutbox(): boolean {
  const [available, setAvailable] = useState(import.meta.env.DEV);
  useEffect(() => {
    if (import.meta.env.DEV) return;
    const controller = new AbortController();
    fetch('/api/v1/dev/outbox', { signal: controller.signal, headers: { accept: 'application/json' } })
      .then((response) => setAvailable(response.ok))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return available;
}

export function SignInPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const devOutbox = useDevOutbox();
  const errorCode = params.get('erreur');
  const error = errorCode ? (ERRORS[errorCode] ?? UNKNOWN_ERROR) : undefined;
  const signedOut = params.get('deconnecte') === '1';

  if (session.user) {
    const retour = params.get('retour');
    return <Navigate to={retour && retour.startsWith('/') && !retour.startsWith('//') ? retour : '/compte'} replace />;
  }

  return (
    <Page title="Se connecter" narrow lead="Maillage est réservé aux professionnels de l'inclusion numérique qui ont un compte.">
      {signedOut && (
        <Alert className={fr.cx('fr-mb-4w')} severity="success" as="h2" small description="Vous êtes déconnecté. À bientôt !" role="status" />
      )}
      {error && <Alert className={fr.cx('fr-mb-4w')} severity="error" as="h2" title={error.title} description={error.description} />}

      {session.oidc && (
        <section className={fr.cx('fr-mb-6w')} aria-labelledby="proconnect-titre">
          <h2 id="proconnect-titre" className={fr.cx('fr-h4')}>
            Se connecter avec {session.oidc.fournisseur}
          </h2>
          <p>Si vous travaillez dans une administration ou une structure partenaire, utilisez votre compte professionnel.</p>
          <ProConnectButton url="/auth/oidc/connexion" />
          <p className={fr.cx('fr-hr-or', 'fr-mt-4w')}>ou</p>
        </section>
      )}

      <MagicLinkRequestForm />

      {devOutbox && (
        <div className={fr.cx('fr-callout', 'fr-mt-6w')}>
          <h2 className={fr.cx('fr-callout__title', 'fr-h6')}>Environnement de test</h2>
          <p className={fr.cx('fr-callout__text', 'fr-text--md')}>
            Aucun e-mail n'est réellement envoyé ici. Consultez les e-mails dans la <a href="/dev/outbox">boîte d'envoi de développement</a>.
          </p>
        </div>
      )}
    </Page>
  );
}
