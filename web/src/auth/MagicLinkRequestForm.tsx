import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../platform/api';
import { emailProblem } from './email';

type State =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; email: string; message: string }
  | { kind: 'error'; message: string };

/** E-mail field + "Recevoir un lien de connexion". */
export function MagicLinkRequestForm({ id = 'lien-magique', headingLevel = 'h2' }: { id?: string; headingLevel?: 'h2' | 'h3' }) {
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.kind === 'sent' || state.kind === 'error') alertRef.current?.focus();
  }, [state.kind]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = emailProblem(email);
    setFieldError(problem);
    if (problem) {
      inputRef.current?.focus();
      return;
    }
    setState({ kind: 'sending' });
    try {
      const answer = await api<{ message?: string }>('/api/v1/auth/lien-magique', {
        method: 'POST',
        body: { email: email.trim() },
      });
      setState({
        kind: 'sent',
        email: email.trim(),
        message:
          answer?.message ??
          'Si un compte existe pour cette adresse, un e-mail contenant un lien de connexion vient de lui être envoyé.',
      });
    } catch (error) {
      const onField = error instanceof ApiError ? error.fieldMessage('email') : undefined;
      if (onField) {
        setFieldError(onField);
        setState({ kind: 'idle' });
        inputRef.current?.focus();
      } else {
        setState({ kind: 'error', message: errorMessage(error) });
      }
    }
  }

  return (
    <form id={id} onSubmit={submit} noValidate aria-labelledby={`${id}-titre`}>
      {headingLevel === 'h2' ? (
        <h2 id={`${id}-titre`} className={fr.cx('fr-h4')}>
          Recevoir un lien de connexion par e-mail
        </h2>
      ) : (
        <h3 id={`${id}-titre`} className={fr.cx('fr-h5')}>
          Recevoir un lien de connexion par e-mail
        </h3>
      )}
      <p>Saisissez l'adresse e-mail de votre compte Maillage. Vous recevrez un lien : cliquez dessus pour vous connecter, sans mot de passe.</p>

      <div ref={alertRef} tabIndex={-1} aria-live="polite">
        {state.kind === 'sent' && (
          <Alert
            className={fr.cx('fr-mb-3w')}
            severity="success"
            as="h3"
            title="E-mail envoyé"
            role="status"
            description={
              <>
                {state.message} Adresse saisie : <strong className="maillage-break">{state.email}</strong>. Pensez à regarder
                dans vos courriers indésirables. Le lien n'est valable que quelques minutes et une seule fois.
              </>
            }
          />
        )}
        {state.kind === 'error' && (
          <Alert className={fr.cx('fr-mb-3w')} severity="error" as="h3" title="Le lien n'a pas pu être envoyé" description={state.message} />
        )}
      </div>

      <Input
        label="Adresse e-mail"
        hintText="Format attendu : nom@domaine.fr"
        state={fieldError ? 'error' : 'default'}
        stateRelatedMessage={fieldError}
        nativeInputProps={{
          id: `${id}-email`,
          ref: inputRef,
          type: 'email',
          name: 'email',
          autoComplete: 'email',
          inputMode: 'email',
          spellCheck: false,
          autoCapitalize: 'off',
          required: true,
          value: email,
          onChange: (event) => setEmail(event.target.value),
          'aria-invalid': fieldError ? true : undefined,
        }}
      />
      <Button type="submit" disabled={state.kind === 'sending'}>
        {state.kind === 'sending' ? 'Envoi en cours…' : 'Recevoir un lien de connexion'}
      </Button>
    </form>
  );
}
