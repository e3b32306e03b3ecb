import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, errorMessage } from '../../platform/api';
import { Page } from '../../platform/Page';
import { useSession } from '../../platform/session';
import './fiche.css';

interface FicheLieu {
  id: string;
  nom: string;
  adresse: string;
  telephone: string | null;
  horaires: string[];
  priseRdv: string | null;
}

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; lieux: FicheLieu[] };
type Sending = { kind: 'idle' } | { kind: 'sending'; canal: Canal } | { kind: 'sent'; text: string } | { kind: 'error'; canal: Canal; error: unknown };
type Canal = 'courriel' | 'sms';

const SENDER_ROLES = ['mediateur', 'coordinateur', 'gestionnaire', 'structure', 'admin'] as const;

/** `/orientation/fiche?lieux=id1,id2&besoin=…`: a one-page fiche to print, or to send when signed in. */
export function FichePage() {
  const [params] = useSearchParams();
  const ids = (params.get('lieux') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const idsKey = ids.join(',');
  const session = useSession();
  const canSend = SENDER_ROLES.some((r) => session.hasRole(r));

  const [fetched, setFetched] = useState<{ key: string; state: Loaded }>({ key: '', state: { kind: 'loading' } });
  const loaded: Loaded = !idsKey
    ? { kind: 'error', message: 'Aucun lieu choisi : revenez aux résultats et choisissez de 1 à 3 lieux.' }
    : fetched.key === idsKey
      ? fetched.state
      : { kind: 'loading' };
  const [prenom, setPrenom] = useState('');
  const [garderPrenom, setGarderPrenom] = useState(false);
  const [besoin, setBesoin] = useState(params.get('besoin') ?? '');
  const [structure, setStructure] = useState('');
  const [note, setNote] = useState('');
  const [aApporter, setAApporter] = useState<string[]>([]);
  const [nouvelElement, setNouvelElement] = useState('');
  const [courriel, setCourriel] = useState('');
  const [telephone, setTelephone] = useState('');
  const [sending, setSending] = useState<Sending>({ kind: 'idle' });

  useEffect(() => {
    let cancelled = false;
    if (!idsKey) return;
    api<{ lieux: FicheLieu[]; aApporter: string[] }>(`/api/v1/orientations/fiche?lieux=${encodeURIComponent(idsKey)}`)
      .then((r) => {
        if (cancelled) return;
        setFetched({ key: idsKey, state: { kind: 'ready', lieux: r.lieux } });
        setAApporter((current) => (current.length ? current : r.aApporter));
      })
      .catch((e: unknown) => !cancelled && setFetched({ key: idsKey, state: { kind: 'error', message: errorMessage(e) } }));
    return () => {
      cancelled = true;
    };
  }, [idsKey]);

  async function send(canal: Canal, event: FormEvent) {
    event.preventDefault();
    setSending({ kind: 'sending', canal });
    try {
      const r = await api<{ message: string }>('/api/v1/orientations/envoi', {
        method: 'POST',
        body: {
          canal,
          destinataire: canal === 'courriel' ? courriel : telephone,
          besoin,
          lieux: ids,
          prenom,
          garderPrenom,
          structure,
          note,
          aApporter,
        },
      });
      setSending({ kind: 'sent', text: r.message });
    } catch (error) {
      setSending({ kind: 'error', canal, error });
    }
  }

  const sendError = (canal: Canal, champ: string) =>
    sending.kind === 'error' && sending.canal === canal && sending.error instanceof ApiError ? sending.error.fieldMessage(champ) : undefined;

  return (
    <Page title="Fiche d'orientation" crumbs={[{ label: 'Trouver de l’aide', to: '/' }]}>
      <div className="maillage-no-print">
        <p>
          Préparez une fiche d'une page pour la personne : imprimez-la, ou envoyez-la par courriel ou SMS. Le prénom n'est
          pas conservé, sauf si vous êtes connecté et cochez la case.
        </p>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <Input label="Prénom de la personne (facultatif)" nativeInputProps={{ value: prenom, onChange: (e) => setPrenom(e.target.value), autoComplete: 'off', maxLength: 60 }} />
            {canSend && (
              <Checkbox
                options={[
                  {
                    label: 'Garder le prénom dans le suivi de l’orientation',
                    hintText: 'Sinon, seuls le besoin, les lieux et la date sont conservés.',
                    nativeInputProps: { checked: garderPrenom, onChange: (e) => setGarderPrenom(e.target.checked) },
                  },
                ]}
              />
            )}
            <Input label="Besoin" nativeInputProps={{ value: besoin, onChange: (e) => setBesoin(e.target.value), maxLength: 200 }} />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <Input label="Votre structure" hintText="Par exemple : CCAS de Poitiers" nativeInputProps={{ value: structure, onChange: (e) => setStructure(e.target.value), maxLength: 200 }} />
            <Input label="Note (facultatif)" textArea nativeTextAreaProps={{ value: note, onChange: (e) => setNote(e.target.value), maxLength: 1000, rows: 3 }} />
          </div>
        </div>
        <fieldset className={fr.cx('fr-fieldset')}>
          <legend className={fr.cx('fr-fieldset__legend')}>Ce qu'il faut apporter</legend>
          <ul className="maillage-fiche-bring">
            {aApporter.map((item, index) => (
              <li key={`${item}-${index}`}>
                <span>{item}</span>
                <Button
                  priority="tertiary no outline"
                  size="small"
                  iconId="fr-icon-delete-line"
                  title={`Retirer « ${item} »`}
                  onClick={() => setAApporter((list) => list.filter((_, i) => i !== index))}
                />
              </li>
            ))}
          </ul>
          <form
            className={fr.cx('fr-grid-row', 'fr-grid-row--bottom')}
            onSubmit={(e) => {
              e.preventDefault();
              const value = nouvelElement.trim();
              if (value && aApporter.length < 10) setAApporter((list) => [...list, value]);
              setNouvelElement('');
            }}
          >
            <Input label="Ajouter un élément" nativeInputProps={{ value: nouvelElement, onChange: (e) => setNouvelElement(e.target.value), maxLength: 120 }} />
            <Button type="submit" priority="secondary" className={fr.cx('fr-ml-2w', 'fr-mb-3w')}>
              Ajouter
            </Button>
          </form>
        </fieldset>
      </div>

      {loaded.kind === 'loading' && <p>Chargement des lieux…</p>}
      {loaded.kind === 'error' && (
        <div className={fr.cx('fr-alert', 'fr-alert--error', 'fr-mb-3w')}>
          <p>{loaded.message}</p>
          <Link to="/">Revenir à la recherche</Link>
        </div>
      )}
      {loaded.kind === 'ready' && (
        <article className="maillage-fiche-sheet" aria-label="Fiche à remettre">
          <h2>{prenom.trim() ? `${prenom.trim()}, voici où trouver de l'aide` : "Où trouver de l'aide"}</h2>
          {besoin.trim() && (
            <p>
              <strong>Pour :</strong> {besoin.trim()}
            </p>
          )}
          <div className="maillage-fiche-lieux">
            {loaded.lieux.map((l) => (
              <section key={l.id} aria-labelledby={`fiche-${l.id}`}>
                <h3 id={`fiche-${l.id}`}>{l.nom}</h3>
                <p>{l.adresse}</p>
                {l.telephone && <p>Téléphone : {l.telephone}</p>}
                {l.horaires.length > 0 ? (
                  <ul>
                    {l.horaires.map((h) => (
                      <li key={h}>{h}</li>
                    ))}
                  </ul>
                ) : (
                  <p>Horaires : appelez avant de venir.</p>
                )}
                {l.priseRdv && <p>Rendez-vous en ligne : {l.priseRdv}</p>}
              </section>
            ))}
          </div>
          {aApporter.length > 0 && (
            <>
              <h3>Ce qu'il faut apporter</h3>
              <ul>
                {aApporter.map((a, i) => (
                  <li key={`${a}-${i}`}>{a}</li>
                ))}
              </ul>
            </>
          )}
          {note.trim() && <p><strong>Note :</strong> {note.trim()}</p>}
          <p>{structure.trim() ? `Orienté par : ${structure.trim()}` : 'Orienté par votre conseiller ou conseillère.'}</p>
        </article>
      )}

      <div className={fr.cx('fr-mt-4w') + ' maillage-no-print'}>
        <Button iconId="fr-icon-printer-line" onClick={() => window.print()} disabled={loaded.kind !== 'ready'}>
          Imprimer
        </Button>
        {canSend ? (
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mt-3w')}>
            <form className={fr.cx('fr-col-12', 'fr-col-md-6')} onSubmit={(e) => send('courriel', e)} noValidate>
              <Input
                label="Adresse électronique de la personne"
                hintText="Format attendu : nom@exemple.fr. Elle n'est pas conservée."
                state={sendError('courriel', 'destinataire') ? 'error' : 'default'}
                stateRelatedMessage={sendError('courriel', 'destinataire')}
                nativeInputProps={{ type: 'email', value: courriel, onChange: (e) => setCourriel(e.target.value), autoComplete: 'off' }}
              />
              <Button type="submit" priority="secondary" iconId="fr-icon-mail-line" disabled={loaded.kind !== 'ready' || sending.kind === 'sending'}>
                Envoyer par courriel
              </Button>
            </form>
            <form className={fr.cx('fr-col-12', 'fr-col-md-6')} onSubmit={(e) => send('sms', e)} noValidate>
              <Input
                label="Numéro de téléphone portable"
                hintText="Par exemple : 06 12 34 56 78. Il n'est pas conservé."
                state={sendError('sms', 'destinataire') ? 'error' : 'default'}
                stateRelatedMessage={sendError('sms', 'destinataire')}
                nativeInputProps={{ type: 'tel', value: telephone, onChange: (e) => setTelephone(e.target.value), autoComplete: 'off' }}
              />
              <Button type="submit" priority="secondary" iconId="fr-icon-message-2-line" disabled={loaded.kind !== 'ready' || sending.kind === 'sending'}>
                Envoyer par SMS
              </Button>
            </form>
          </div>
        ) : (
          <p className={fr.cx('fr-mt-2w')}>
            Pour envoyer la fiche par courriel ou SMS, <Link to="/connexion">connectez-vous</Link> avec votre compte professionnel.
          </p>
        )}
        <div role="status" aria-live="polite">
          {sending.kind === 'sent' && <p className={fr.cx('fr-message', 'fr-message--valid')}>{sending.text}</p>}
          {sending.kind === 'error' && <p className={fr.cx('fr-message', 'fr-message--error')}>{errorMessage(sending.error)}</p>}
        </div>
      </div>
    </Page>
  );
}
