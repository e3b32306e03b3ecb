import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatDay, statusText } from '../lieux/format';
import type { LieuStatus } from '../lieux/types';
import { api, ApiError, errorMessage } from '../platform/api';
import { formatDate } from '../platform/labels';
import { Page } from '../platform/Page';
import { ClosureForm } from './ClosureForm';
import { LieuEditForm, type SavedLieu } from './LieuEditForm';
import type { LieuValues } from './lieuForm';
import './freshness.css';

interface StructureLieu {
  id: string;
  version: number;
  lieu: LieuValues;
  statut: LieuStatus;
  confirmeLe: string | null;
}
interface Opened {
  expireLe: string;
  lieux: StructureLieu[];
}
interface LieuView {
  id: string;
  lieu: LieuValues;
  statut: LieuStatus;
  version: number;
}

type State =
  | { kind: 'loading' }
  | { kind: 'refused'; error: ApiError }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; opened: Opened };

const nameOf = (lieu: LieuValues) => (typeof lieu.nom === 'string' && lieu.nom ? lieu.nom : 'Lieu sans nom');

/**
 * `/structure/:jeton`: what a structure opens from its e-mail, without an account. The link (its secret) is the only
 * credential; it shows the lieux it was sent for, each with the edit form, « Les informations sont à jour » and closing.
 */
export function StructurePage() {
  const { jeton = '' } = useParams();
  const [search] = useSearchParams();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const base = `/api/v1/structure/${encodeURIComponent(jeton)}`;

  const asked = search.get('lieu');
  useEffect(() => {
    let cancelled = false;
    api<Opened>(base).then(
      (opened) => !cancelled && setState({ kind: 'ready', opened }),
      (e: unknown) => {
        if (cancelled) return;
        if (e instanceof ApiError && (e.status === 403 || e.status === 429)) setState({ kind: 'refused', error: e });
        else setState({ kind: 'error', message: errorMessage(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [base]);

  // A lieu named in the address that this link does not cover: the server says why it refuses it.
  const outside = state.kind === 'ready' && asked !== null && !state.opened.lieux.some((l) => l.id === asked);
  useEffect(() => {
    if (!outside || !asked) return;
    let cancelled = false;
    api(`${base}/lieux/${encodeURIComponent(asked)}`).catch((e: unknown) => {
      if (!cancelled && e instanceof ApiError && (e.status === 403 || e.status === 429)) setState({ kind: 'refused', error: e });
    });
    return () => {
      cancelled = true;
    };
  }, [outside, asked, base]);

  const refuse = (error: ApiError) => setState({ kind: 'refused', error });

  if (state.kind === 'loading') {
    return (
      <Page title="Mettre à jour votre lieu" narrow>
        <p role="status">Ouverture de votre lien…</p>
      </Page>
    );
  }
  if (state.kind === 'refused') return <RefusedLink error={state.error} />;
  if (state.kind === 'error') {
    return (
      <Page title="Mettre à jour votre lieu" narrow>
        <Alert severity="error" as="h2" title="La page n’a pas pu être chargée" description={`${state.message} Réessayez dans quelques instants avec le même lien.`} />
      </Page>
    );
  }

  if (outside) {
    return (
      <Page title="Mettre à jour votre lieu" narrow>
        <p role="status">Vérification du lien…</p>
      </Page>
    );
  }

  const { opened } = state;
  const update = (id: string, change: Partial<StructureLieu>) =>
    setState((s) => (s.kind === 'ready' ? { kind: 'ready', opened: { ...s.opened, lieux: s.opened.lieux.map((l) => (l.id === id ? { ...l, ...change } : l)) } } : s));
  const chosen = opened.lieux.length === 1 ? opened.lieux[0] : opened.lieux.find((l) => l.id === asked);

  if (opened.lieux.length === 0) {
    return (
      <Page title="Mettre à jour votre lieu" narrow>
        <p>
          Le lieu de ce lien n’est plus sur la carte (il a été retiré, ou regroupé avec une autre fiche du même lieu). Si c’est une erreur, demandez
          un nouveau lien au gestionnaire de votre territoire.
        </p>
      </Page>
    );
  }
  if (!chosen) {
    return (
      <Page title="Vos lieux sur la carte de l’aide au numérique" narrow>
        <p className={fr.cx('fr-text--lead')}>Ce lien vous permet de tenir à jour {opened.lieux.length} lieux. Choisissez celui à vérifier.</p>
        <ul className="maillage-results">
          {opened.lieux.map((l) => (
            <li key={l.id}>
              <h2 className={fr.cx('fr-h5', 'fr-mb-1v')}>
                <Link to={{ search: `?lieu=${encodeURIComponent(l.id)}` }}>{nameOf(l.lieu)}</Link>
              </h2>
              <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>
                {[l.lieu.adresse, l.lieu.code_postal, l.lieu.commune].filter(Boolean).join(' ')} · {statusText(l.statut)} ·{' '}
                {l.confirmeLe ? `confirmé le ${formatDay(l.confirmeLe)}` : 'jamais confirmé'}
              </p>
            </li>
          ))}
        </ul>
        <LinkValidity expireLe={opened.expireLe} />
      </Page>
    );
  }

  const lieuUrl = `${base}/lieux/${encodeURIComponent(chosen.id)}`;
  const fromView = (view: LieuView): SavedLieu => ({ lieu: view.lieu, version: view.version });

  return (
    <Page
      title={nameOf(chosen.lieu)}
      lead="Vérifiez les informations que les habitants voient sur la carte de l’aide au numérique, et corrigez-les si besoin."
      narrow
    >
      {opened.lieux.length > 1 && (
        <p>
          <Link className={fr.cx('fr-link', 'fr-icon-arrow-left-line', 'fr-link--icon-left')} to={{ search: '' }}>
            Vos {opened.lieux.length} lieux
          </Link>
        </p>
      )}
      <Confirmation
        confirmeLe={chosen.confirmeLe}
        confirm={async () => {
          const { confirmeLe } = await api<{ confirmeLe: string }>(`${lieuUrl}/confirmation`, { method: 'POST' });
          update(chosen.id, { confirmeLe });
        }}
        onRefused={refuse}
      />
      <p className={fr.cx('fr-text--sm')}>
        Sinon, corrigez ce qui a changé ci-dessous puis enregistrez : l’enregistrement vaut aussi confirmation.{' '}
        <Link to={`/lieu/${encodeURIComponent(chosen.id)}`} target="_blank" rel="noopener noreferrer" title={`Voir la page publique de ${nameOf(chosen.lieu)} — nouvelle fenêtre`}>
          Voir la page publique du lieu
        </Link>
      </p>

      <LieuEditForm
        key={`formulaire-${chosen.id}`}
        lieu={chosen.lieu}
        version={chosen.version}
        level={2}
        save={async (version, changes) => fromView(await api<LieuView>(lieuUrl, { method: 'PATCH', body: { version, changes } }))}
        onSaved={(saved) => {
          update(chosen.id, { lieu: saved.lieu, version: saved.version });
          // A save vouches for the lieu: its new confirmation date, as the server recorded it.
          api<Opened>(base).then(
            (o) => update(chosen.id, { confirmeLe: o.lieux.find((l) => l.id === chosen.id)?.confirmeLe ?? null }),
            () => undefined,
          );
        }}
        onRefused={refuse}
      />

      <ClosureForm
        key={`fermeture-${chosen.id}`}
        current={chosen.statut}
        level={2}
        onRefused={refuse}
        onSubmit={async (statut) => {
          const view = await api<LieuView>(`${lieuUrl}/statut?version=${chosen.version}`, { method: 'PUT', body: statut });
          update(chosen.id, { statut: view.statut, version: view.version });
        }}
      />
      <LinkValidity expireLe={opened.expireLe} />
    </Page>
  );
}

function LinkValidity({ expireLe }: { expireLe: string }) {
  return (
    <p className={fr.cx('fr-text--sm', 'fr-mt-4w')}>
      Ce lien personnel fonctionne jusqu’au {formatDay(expireLe)}. Ne le transmettez qu’aux personnes qui tiennent ce lieu à jour avec vous.
    </p>
  );
}

function Confirmation({ confirmeLe, confirm, onRefused }: { confirmeLe: string | null; confirm: () => Promise<void>; onRefused: (e: ApiError) => void }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);

  return (
    <div className={fr.cx('fr-callout', 'fr-mb-4w')}>
      <p className={fr.cx('fr-callout__title')}>Tout est juste ?</p>
      <p className={fr.cx('fr-callout__text', 'fr-text--md')}>
        Si les informations ci-dessous sont toujours exactes, dites-le en un clic : les habitants verront qu’elles ont été vérifiées récemment.
      </p>
      <p ref={statusRef} tabIndex={-1} className={fr.cx('fr-text--sm')} role="status">
        {done && confirmeLe
          ? `Merci ! Informations confirmées le ${formatDate(confirmeLe)}.`
          : confirmeLe
            ? `Dernière confirmation : le ${formatDate(confirmeLe)}.`
            : 'Ces informations n’ont pas encore été confirmées par votre structure.'}
      </p>
      {failure && <p className={fr.cx('fr-error-text', 'fr-mb-2w')}>{failure}</p>}
      <Button
        iconId="fr-icon-check-line"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setFailure(null);
          confirm()
            .then(() => {
              setDone(true);
              statusRef.current?.focus();
            })
            .catch((e: unknown) => {
              if (e instanceof ApiError && (e.status === 403 || e.status === 429)) onRefused(e);
              else setFailure(`La confirmation n’a pas été enregistrée : ${errorMessage(e)}`);
            })
            .finally(() => setBusy(false));
        }}
      >
        Les informations sont à jour
      </Button>
    </div>
  );
}

/** A link that no longer opens anything: why (the server's reason), and what to do next. */
function RefusedLink({ error }: { error: ApiError }) {
  const limited = error.status === 429;
  return (
    <Page title={limited ? 'Trop de tentatives' : 'Ce lien ne fonctionne pas'} narrow>
      <Alert severity={limited ? 'warning' : 'error'} as="h2" title={limited ? 'Patientez une heure' : 'Ce lien ne permet pas de modifier ce lieu'} description={error.detail} className={fr.cx('fr-mb-4w')} />
      <h2 className={fr.cx('fr-h4')}>Que faire ?</h2>
      <ul>
        <li>Si vous avez copié le lien depuis l’e-mail, vérifiez qu’il est complet : il est long et se termine par une suite de lettres et de chiffres.</li>
        <li>
          Demandez un nouveau lien au gestionnaire de votre territoire (la collectivité ou l’organisme qui vous a invité à mettre votre lieu à
          jour). Le nouveau lien vous arrivera par e-mail, valable 30 jours.
        </li>
        <li>
          Une information est fausse et c’est urgent ? Signalez-la depuis la page publique du lieu : cherchez-le dans{' '}
          <Link to="/orientation">Trouver de l’aide</Link>, puis utilisez « Signaler une erreur ».
        </li>
      </ul>
    </Page>
  );
}
