import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApiList } from '../platform/useApiList';
import { api, ApiError, errorMessage } from '../platform/api';
import { DataTable } from '../platform/DataTable';
import { formatDate, perimeterLabel } from '../platform/labels';
import { Page } from '../platform/Page';

interface ApiToken {
  id: string;
  nom: string;
  portees?: string[];
  territoires?: string[];
  creeLe?: string;
  derniereUtilisation?: string | null;
  revoqueLe?: string | null;
}

const splitList = (value: string) =>
  value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function TokensPage() {
  const { items: tokens, error: loadError, reload: load } = useApiList<ApiToken>('/api/v1/admin/jetons', 'jetons');
  const [created, setCreated] = useState<{ nom: string; jeton: string } | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const noticeRef = useRef<HTMLDivElement>(null);

  async function revoke(token: ApiToken) {
    try {
      await api(`/api/v1/admin/jetons/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      setNotice(`Le jeton « ${token.nom} » a été révoqué : il ne permet plus d'accéder à l'API.`);
      await load();
    } catch (error) {
      setNotice(`Le jeton « ${token.nom} » n'a pas pu être révoqué : ${errorMessage(error)}`);
    }
    noticeRef.current?.focus();
  }

  const active = (tokens ?? []).filter((t) => !t.revoqueLe);

  return (
    <Page
      title="Jetons d'API"
      crumbs={[{ label: 'Administration', to: '/admin/utilisateurs' }]}
      lead="Un jeton d'API permet à un autre logiciel (un outil de cartographie, un tableau de bord…) de lire ou de modifier des données de Maillage."
    >
      <div ref={noticeRef} tabIndex={-1} aria-live="polite">
        {notice && <Alert className={fr.cx('fr-mb-3w')} severity="info" small description={notice} role="status" />}
      </div>

      <h2>Jetons actifs</h2>
      {loadError && <Alert className={fr.cx('fr-mb-3w')} severity="error" as="h3" title="La liste n'a pas pu être chargée" description={loadError} />}
      {tokens === null ? (
        <p role="status">Chargement de la liste…</p>
      ) : active.length === 0 ? (
        !loadError && <p>Aucun jeton actif.</p>
      ) : (
        <DataTable
          caption={`${active.length} ${active.length > 1 ? 'jetons actifs' : 'jeton actif'}`}
          headers={['Nom', 'Portées', 'Territoires', 'Création', 'Action']}
          rows={active.map((t) => ({
            key: t.id,
            cells: [
              t.nom,
              t.portees && t.portees.length > 0 ? t.portees.join(', ') : 'Aucune',
              t.territoires && t.territoires.length > 0 ? t.territoires.map(perimeterLabel).join(', ') : 'Tout le territoire national',
              formatDate(t.creeLe),
              <RevokeButton key="revoke" token={t} onConfirm={() => revoke(t)} />,
            ],
          }))}
        />
      )}

      {created && <CreatedToken nom={created.nom} jeton={created.jeton} onDismiss={() => setCreated(null)} />}

      <CreateTokenForm
        onCreated={async (nom, jeton) => {
          setCreated({ nom, jeton });
          await load();
        }}
      />
    </Page>
  );
}

function RevokeButton({ token, onConfirm }: { token: ApiToken; onConfirm: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <Button
        ref={openRef}
        size="small"
        priority="secondary"
        iconId="fr-icon-delete-line"
        onClick={() => setConfirming(true)}
        nativeButtonProps={{ 'aria-label': `Révoquer le jeton ${token.nom}` }}
      >
        Révoquer
      </Button>
    );
  }
  return (
    <div role="group" aria-label={`Confirmer la révocation du jeton ${token.nom}`}>
      <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>Révoquer « {token.nom} » ? Les logiciels qui l'utilisent perdront l'accès.</p>
      <Button
        ref={confirmRef}
        size="small"
        className={fr.cx('fr-mr-1w', 'fr-mb-1w')}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onConfirm().finally(() => setBusy(false));
        }}
      >
        Oui, révoquer
      </Button>
      <Button size="small" priority="tertiary" className={fr.cx('fr-mb-1w')} onClick={() => setConfirming(false)}>
        Annuler
      </Button>
    </div>
  );
}

function CreatedToken({ nom, jeton, onDismiss }: { nom: string; jeton: string; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<string>('');
  useEffect(() => ref.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(jeton);
      setCopied('Jeton copié dans le presse-papiers.');
    } catch {
      setCopied('La copie automatique a échoué : sélectionnez le jeton et copiez-le avec Ctrl+C (ou Cmd+C).');
    }
  }

  return (
    <section ref={ref} tabIndex={-1} className={fr.cx('fr-callout', 'fr-callout--green-emeraude', 'fr-mt-4w')} aria-labelledby="jeton-cree-titre">
      <h2 id="jeton-cree-titre" className={fr.cx('fr-callout__title', 'fr-h5')}>
        Jeton « {nom} » créé
      </h2>
      <p className={fr.cx('fr-callout__text', 'fr-text--md')}>
        <strong>Copiez ce jeton maintenant et gardez-le en lieu sûr : il ne sera plus jamais affiché.</strong> Si vous le perdez,
        révoquez-le et créez-en un nouveau.
      </p>
      <code className="maillage-secret fr-my-2w" data-testid="jeton-secret">
        {jeton}
      </code>
      <Button className={fr.cx('fr-mr-2w', 'fr-mb-1w')} onClick={() => void copy()}>
        Copier le jeton
      </Button>
      <Button priority="secondary" className={fr.cx('fr-mb-1w')} onClick={onDismiss}>
        J'ai copié le jeton, masquer
      </Button>
      <p role="status" className={fr.cx('fr-mt-1w', 'fr-mb-0')}>
        {copied}
      </p>
    </section>
  );
}

type Fields = 'nom' | 'portees' | 'territoires';

function CreateTokenForm({ onCreated }: { onCreated: (nom: string, jeton: string) => Promise<void> }) {
  const [values, setValues] = useState<Record<Fields, string>>({ nom: '', portees: '', territoires: '' });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const set = (field: Fields) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  function focusFirst(found: Partial<Record<Fields, string>>) {
    const first = (['nom', 'portees', 'territoires'] as Fields[]).find((f) => found[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setGeneral(undefined);
    const found: Partial<Record<Fields, string>> = {};
    if (!values.nom.trim()) found.nom = 'Donnez un nom au jeton, par exemple le nom du logiciel qui va l’utiliser.';
    if (splitList(values.portees).length === 0) found.portees = 'Indiquez au moins une portée.';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    setSending(true);
    try {
      const answer = await api<{ id: string; jeton: string }>('/api/v1/admin/jetons', {
        method: 'POST',
        body: { nom: values.nom.trim(), portees: splitList(values.portees), territoires: splitList(values.territoires) },
      });
      const nom = values.nom.trim();
      setValues({ nom: '', portees: '', territoires: '' });
      await onCreated(nom, answer.jeton);
    } catch (error) {
      if (error instanceof ApiError) {
        const fromServer: Partial<Record<Fields, string>> = {};
        for (const f of ['nom', 'portees', 'territoires'] as Fields[]) {
          const message = error.fieldMessage(f);
          if (message) fromServer[f] = message;
        }
        setErrors(fromServer);
        focusFirst(fromServer);
        if (!error.concernsOnly(['nom', 'portees', 'territoires'])) setGeneral(error.detail);
      } else setGeneral(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className={fr.cx('fr-mt-6w')} aria-labelledby="creer-jeton-titre">
      <h2 id="creer-jeton-titre">Créer un jeton</h2>
      {general && <Alert className={fr.cx('fr-mb-3w')} severity="error" as="h3" title="Le jeton n'a pas été créé" description={general} />}
      <form ref={formRef} onSubmit={submit} noValidate className={fr.cx('fr-col-12', 'fr-col-md-8')}>
        <Input
          label="Nom du jeton"
          hintText="Pour le reconnaître plus tard, par exemple : Cartographie départementale"
          state={errors.nom ? 'error' : 'default'}
          stateRelatedMessage={errors.nom}
          nativeInputProps={{ name: 'nom', autoComplete: 'off', value: values.nom, onChange: set('nom'), 'aria-invalid': errors.nom ? true : undefined }}
        />
        <Input
          label="Portées"
          hintText="Ce que le jeton a le droit de faire, séparé par des virgules. Exemple : lieux:lecture, territoires:lecture"
          state={errors.portees ? 'error' : 'default'}
          stateRelatedMessage={errors.portees}
          nativeInputProps={{
            name: 'portees',
            autoComplete: 'off',
            spellCheck: false,
            value: values.portees,
            onChange: set('portees'),
            'aria-invalid': errors.portees ? true : undefined,
          }}
        />
        <Input
          label="Territoires (facultatif)"
          hintText="Laisser vide pour tout le territoire national. Sinon, séparés par des virgules : departement:86, epci:200069854"
          state={errors.territoires ? 'error' : 'default'}
          stateRelatedMessage={errors.territoires}
          nativeInputProps={{
            name: 'territoires',
            autoComplete: 'off',
            spellCheck: false,
            value: values.territoires,
            onChange: set('territoires'),
            'aria-invalid': errors.territoires ? true : undefined,
          }}
        />
        <Button type="submit" iconId="fr-icon-add-line" disabled={sending}>
          {sending ? 'Création en cours…' : 'Créer le jeton'}
        </Button>
      </form>
    </section>
  );
}
