import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../platform/api';

/** Mirrors src/orientation/reports/schema.ts (REPORT_CATEGORIES); also labels the moderation queue. */
export const CATEGORIES = [
  { value: 'horaires', label: 'Les horaires' },
  { value: 'adresse', label: "L'adresse" },
  { value: 'ferme', label: 'Le lieu est fermé' },
  { value: 'contact', label: 'Le téléphone ou le courriel' },
  { value: 'services', label: "Les services proposés" },
  { value: 'autre', label: 'Autre chose' },
] as const;

interface Props {
  lieuId: string;
  lieuNom: string;
}

type Status = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; text: string } | { kind: 'error'; error: unknown };

/**
 * "Signaler une erreur": a disclosure button opening a short form (category, message, optional e-mail). A hidden
 * honeypot field catches naive bots. The outcome is announced in a live region.
 */
export function SignalerErreur({ lieuId, lieuNom }: Props) {
  const id = useId();
  const panelId = `${id}-signalement`;
  const [open, setOpen] = useState(false);
  const [categorie, setCategorie] = useState<string>('');
  const [message, setMessage] = useState('');
  const [courriel, setCourriel] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const honeypot = useRef<HTMLInputElement>(null);

  const fieldError = (champ: string) =>
    status.kind === 'error' && status.error instanceof ApiError ? status.error.fieldMessage(champ) : undefined;
  const generalError =
    status.kind === 'error' && !(status.error instanceof ApiError && status.error.concernsOnly(['categorie', 'message', 'courriel']))
      ? errorMessage(status.error)
      : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus({ kind: 'sending' });
    try {
      const answer = await api<{ message: string }>(`/api/v1/lieux/${encodeURIComponent(lieuId)}/signalements`, {
        method: 'POST',
        body: { categorie, message, courriel, site_web_confirmation: honeypot.current?.value ?? '' },
      });
      setStatus({ kind: 'sent', text: answer.message });
      setMessage('');
      setCourriel('');
      setCategorie('');
    } catch (error) {
      setStatus({ kind: 'error', error });
    }
  }

  return (
    <section className={fr.cx('fr-my-4w')} aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`} className={fr.cx('fr-h6')}>
        Une information est fausse ?
      </h2>
      <Button
        priority="secondary"
        iconId="fr-icon-error-warning-line"
        nativeButtonProps={{ 'aria-expanded': open, 'aria-controls': panelId }}
        onClick={() => setOpen((o) => !o)}
      >
        Signaler une erreur
      </Button>
      <div id={panelId} hidden={!open}>
        {open && status.kind !== 'sent' && (
          <form onSubmit={submit} noValidate className={fr.cx('fr-mt-3w')}>
            <p>
              Votre signalement sur « {lieuNom} » est lu par l'équipe qui tient cette carte à jour. Les champs marqués * sont
              obligatoires.
            </p>
            <RadioButtons
              legend="Qu'est-ce qui est faux ? *"
              name={`${id}-categorie`}
              state={fieldError('categorie') ? 'error' : 'default'}
              stateRelatedMessage={fieldError('categorie')}
              options={CATEGORIES.map((c) => ({
                label: c.label,
                nativeInputProps: { value: c.value, checked: categorie === c.value, onChange: () => setCategorie(c.value), required: true },
              }))}
            />
            <Input
              label="Décrivez l'erreur *"
              hintText="Par exemple : « le lieu est fermé le samedi depuis mars ». 5 à 2 000 caractères."
              textArea
              state={fieldError('message') ? 'error' : 'default'}
              stateRelatedMessage={fieldError('message')}
              nativeTextAreaProps={{ value: message, onChange: (e) => setMessage(e.target.value), required: true, maxLength: 2000, rows: 4 }}
            />
            <Input
              label="Votre adresse électronique (facultatif)"
              hintText="Seulement pour vous dire ce qui a été corrigé. Format attendu : nom@exemple.fr"
              state={fieldError('courriel') ? 'error' : 'default'}
              stateRelatedMessage={fieldError('courriel')}
              nativeInputProps={{ type: 'email', autoComplete: 'email', value: courriel, onChange: (e) => setCourriel(e.target.value) }}
            />
            {/* Honeypot: hidden from people and assistive technologies; bots fill it in. */}
            <div className="maillage-honeypot" aria-hidden="true">
              <label htmlFor={`${id}-hp`}>Ne pas remplir ce champ</label>
              <input id={`${id}-hp`} ref={honeypot} name="site_web_confirmation" type="text" tabIndex={-1} autoComplete="off" />
            </div>
            <Button type="submit" disabled={status.kind === 'sending'}>
              {status.kind === 'sending' ? 'Envoi en cours…' : 'Envoyer le signalement'}
            </Button>
          </form>
        )}
      </div>
      <div role="status" aria-live="polite" className={fr.cx('fr-mt-2w')}>
        {status.kind === 'sent' && <p className={fr.cx('fr-message', 'fr-message--valid')}>{status.text}</p>}
        {generalError && <p className={fr.cx('fr-message', 'fr-message--error')}>{generalError}</p>}
        {status.kind === 'error' && !generalError && (
          <p className={fr.cx('fr-message', 'fr-message--error')}>Le signalement n'a pas été envoyé : corrigez le champ indiqué.</p>
        )}
      </div>
      <style>{'.maillage-honeypot{position:absolute!important;left:-10000px;width:1px;height:1px;overflow:hidden}'}</style>
    </section>
  );
}
