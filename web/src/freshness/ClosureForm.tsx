import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useRef, useState, type FormEvent } from 'react';
import { statusText } from '../lieux/format';
import type { LieuStatus } from '../lieux/types';
import { ApiError, errorMessage } from '../platform/api';

const parisDay = new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

interface Props {
  current: LieuStatus;
  /** Sends the new status; throws an ApiError. */
  onSubmit: (statut: LieuStatus) => Promise<void>;
  /** A 403 or 429 (the structure's link stopped working): the page shows why. */
  onRefused?: (error: ApiError) => void;
  level: 2 | 3;
}

/**
 * Closing a lieu for a while (from, until), for good (since), or reopening it; says what it changes for the public.
 * Used by the structure, the gestionnaire's edit page and the back-office lieu page.
 */
export function ClosureForm({ current, onSubmit, onRefused, level }: Props) {
  const today = parisDay.format(new Date());
  const [kind, setKind] = useState<LieuStatus['kind']>(current.kind);
  const [du, setDu] = useState(current.kind === 'ferme_temporairement' ? current.du : today);
  const [au, setAu] = useState(current.kind === 'ferme_temporairement' ? (current.au ?? '') : '');
  const [depuis, setDepuis] = useState(current.kind === 'ferme_definitivement' ? current.depuis : today);
  const [dateError, setDateError] = useState<{ field: 'du' | 'au' | 'depuis'; text: string } | null>(null);
  const [notice, setNotice] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const Heading = level === 2 ? 'h2' : 'h3';

  function say(severity: 'success' | 'error', text: string) {
    setNotice({ severity, text });
    setTimeout(() => noticeRef.current?.focus(), 0);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDateError(null);
    let statut: LieuStatus;
    if (kind === 'ouvert') statut = { kind };
    else if (kind === 'ferme_temporairement') {
      if (!du) return setDateError({ field: 'du', text: 'Indiquez le premier jour de fermeture.' });
      if (au && au < du) return setDateError({ field: 'au', text: 'La réouverture doit être après le premier jour de fermeture.' });
      statut = { kind, du, au: au || null };
    } else {
      if (!depuis) return setDateError({ field: 'depuis', text: 'Indiquez la date de fermeture.' });
      statut = { kind, depuis };
    }
    setBusy(true);
    try {
      await onSubmit(statut);
      say('success', `C’est enregistré. Le statut est maintenant : ${statusText(statut)}.`);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 403 || e.status === 429) && onRefused) return onRefused(e);
      const conflict = e instanceof ApiError && e.status === 409;
      say(
        'error',
        conflict
          ? 'Ce lieu a été modifié entre-temps par quelqu’un d’autre. Rechargez la page pour repartir de la version enregistrée, puis refaites ce changement.'
          : `Le statut n’a pas été changé : ${errorMessage(e)}`,
      );
    } finally {
      setBusy(false);
    }
  }

  const dateInput = (field: 'du' | 'au' | 'depuis', label: string, value: string, set: (v: string) => void, hint?: string) => (
    <Input
      label={label}
      hintText={hint}
      state={dateError?.field === field ? 'error' : 'default'}
      stateRelatedMessage={dateError?.field === field ? dateError.text : undefined}
      nativeInputProps={{ id: `fermeture-${field}`, type: 'date', value, onChange: (e) => set(e.target.value) }}
    />
  );

  return (
    <section aria-labelledby="fermeture-titre" className={fr.cx('fr-mb-5w')}>
      <Heading id="fermeture-titre" className={fr.cx('fr-h4')}>
        Fermeture du lieu
      </Heading>
      <p>
        Aujourd’hui : <strong>{statusText(current)}</strong>.
      </p>
      <p className={fr.cx('fr-text--sm')}>
        Pendant une fermeture, le lieu n’apparaît plus dans les résultats de la recherche « Trouver de l’aide » aux dates indiquées, et sa page
        publique signale qu’il est fermé. Il y réapparaît à la date de réouverture. Une fermeture définitive le retire des résultats à partir de sa
        date.
      </p>
      <div ref={noticeRef} tabIndex={-1} className="maillage-notice">
        {notice && <Alert className={fr.cx('fr-mb-2w')} severity={notice.severity} small description={notice.text} />}
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="fermeture-titre">
        <RadioButtons
          legend="Le lieu est"
          name="statut"
          options={[
            { label: 'Ouvert', nativeInputProps: { value: 'ouvert', checked: kind === 'ouvert', onChange: () => setKind('ouvert') } },
            {
              label: 'Fermé temporairement',
              hintText: 'Congés, travaux… avec une date de réouverture si vous la connaissez.',
              nativeInputProps: { value: 'ferme_temporairement', checked: kind === 'ferme_temporairement', onChange: () => setKind('ferme_temporairement') },
            },
            {
              label: 'Fermé définitivement',
              nativeInputProps: { value: 'ferme_definitivement', checked: kind === 'ferme_definitivement', onChange: () => setKind('ferme_definitivement') },
            },
          ]}
        />
        {kind === 'ferme_temporairement' && (
          <>
            {dateInput('du', 'Fermé à partir du', du, setDu)}
            {dateInput('au', 'Réouverture le', au, setAu, 'Facultatif : laissez vide si vous ne la connaissez pas encore.')}
          </>
        )}
        {kind === 'ferme_definitivement' && dateInput('depuis', 'Fermé définitivement à partir du', depuis, setDepuis)}
        <Button type="submit" priority="secondary" disabled={busy}>
          {busy ? 'Enregistrement…' : 'Enregistrer le statut'}
        </Button>
      </form>
    </section>
  );
}
