import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, errorMessage } from '../platform/api';
import { Page } from '../platform/Page';
import { useSession, type User } from '../platform/session';
import { MagicLinkRequestForm } from './MagicLinkRequestForm';

type State = { kind: 'idle' } | { kind: 'verifying' } | { kind: 'expired' } | { kind: 'error'; message: string };

/** Landing page of the e-mailed link: the token is only used when the person clicks (mail scanners open links too). */
export function MagicLinkPage() {
  const [params] = useSearchParams();
  const token = params.get('jeton') ?? '';
  const navigate = useNavigate();
  const session = useSession();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.kind === 'expired' || state.kind === 'error') alertRef.current?.focus();
  }, [state.kind]);

  async function signIn() {
    setState({ kind: 'verifying' });
    try {
      await api<{ utilisateur: User }>('/api/v1/auth/lien-magique/verifier', { method: 'POST', body: { jeton: token } });
      await session.refresh();
      navigate('/compte', { replace: true });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 410 || error.status === 404)) setState({ kind: 'expired' });
      else setState({ kind: 'error', message: errorMessage(error) });
    }
  }

  if (!token) {
    return (
      <Page title="Lien de connexion incomplet" narrow>
        <Alert
          className={fr.cx('fr-mb-4w')}
          severity="warning"
          as="h2"
          title="Ce lien est incomplet"
          description="Il manque une partie du lien reçu par e-mail. Copiez le lien en entier dans votre navigateur, ou demandez-en un nouveau ci-dessous."
        />
        <MagicLinkRequestForm />
      </Page>
    );
  }

  const expired = state.kind === 'expired';
  return (
    <Page title={expired ? 'Lien de connexion expiré' : 'Se connecter'} narrow>
      <div ref={alertRef} tabIndex={-1}>
        {expired && (
          <Alert
            className={fr.cx('fr-mb-4w')}
            severity="error"
            as="h2"
            title="Ce lien ne fonctionne plus"
            description="Ce lien de connexion a expiré ou a déjà été utilisé : chaque lien n'est valable que quelques minutes, et une seule fois. Demandez un nouveau lien ci-dessous."
          />
        )}
        {state.kind === 'error' && (
          <Alert className={fr.cx('fr-mb-4w')} severity="error" as="h2" title="La connexion n'a pas abouti" description={state.message} />
        )}
      </div>
      {expired ? (
        <MagicLinkRequestForm />
      ) : (
        <>
          <p>Vous avez demandé à vous connecter à Maillage. Cliquez sur le bouton ci-dessous pour ouvrir votre session.</p>
          <Button onClick={() => void signIn()} disabled={state.kind === 'verifying'} size="large">
            {state.kind === 'verifying' ? 'Connexion en cours…' : 'Me connecter'}
          </Button>
        </>
      )}
    </Page>
  );
}
