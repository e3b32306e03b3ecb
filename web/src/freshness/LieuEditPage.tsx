import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { LieuDetail, LieuStatus } from '../lieux/types';
import { api, ApiError, errorMessage } from '../platform/api';
import { Page } from '../platform/Page';
import { ClosureForm } from './ClosureForm';
import { LieuEditForm } from './LieuEditForm';
import type { LieuValues } from './lieuForm';

type State = { kind: 'loading' } | { kind: 'error'; message: string; notFound: boolean } | { kind: 'ready'; detail: LieuDetail };

/** Only a path of this site (`/gestion/signalements`), never another site (`//ailleurs.example`). */
export function safeReturnPath(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value;
}

/**
 * `/lieux/:id/modifier`: the gestionnaire edits a lieu with the structure's form (PATCH /api/v1/lieux/{id}, same
 * validation and conflict screen). `?retour=/path` goes back there once saved (the moderation queue uses it).
 */
export function LieuEditPage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const retour = safeReturnPath(search.get('retour'));
  const [state, setState] = useState<State>({ kind: 'loading' });
  const url = `/api/v1/lieux/${encodeURIComponent(id)}`;

  useEffect(() => {
    let cancelled = false;
    api<LieuDetail>(url).then(
      (detail) => !cancelled && setState({ kind: 'ready', detail }),
      (e: unknown) => !cancelled && setState({ kind: 'error', message: errorMessage(e), notFound: e instanceof ApiError && e.status === 404 }),
    );
    return () => {
      cancelled = true;
    };
  }, [url]);

  const crumbs = [{ label: 'Lieux', to: '/lieux' }];
  if (state.kind === 'loading') {
    return (
      <Page title="Modifier un lieu" crumbs={crumbs}>
        <p role="status">Chargement du lieu…</p>
      </Page>
    );
  }
  if (state.kind === 'error') {
    return (
      <Page title={state.notFound ? 'Lieu introuvable' : 'Modifier un lieu'} crumbs={crumbs}>
        <Alert severity="error" as="h2" title={state.notFound ? 'Ce lieu n’existe pas ou n’est plus publié' : 'Le lieu n’a pas pu être chargé'} description={state.message} />
      </Page>
    );
  }

  const { detail } = state;
  const nom = typeof detail.lieu.nom === 'string' && detail.lieu.nom ? detail.lieu.nom : 'Lieu sans nom';
  const setDetail = (change: Partial<LieuDetail>) => setState((s) => (s.kind === 'ready' ? { kind: 'ready', detail: { ...s.detail, ...change } } : s));

  return (
    <Page title={`Modifier : ${nom}`} crumbs={[...crumbs, { label: nom, to: `/lieux/${encodeURIComponent(detail.id)}` }]} narrow>
      <p>
        Les modifications sont enregistrées à votre nom dans l’historique du lieu, et priment sur les imports plus anciens.{' '}
        <Link to={retour ?? `/lieux/${encodeURIComponent(detail.id)}`}>{retour ? 'Revenir sans enregistrer' : 'Voir la fiche du lieu'}</Link>
      </p>
      <LieuEditForm
        lieu={detail.lieu as LieuValues}
        version={detail.version}
        level={2}
        save={async (version, changes) => {
          const view = await api<LieuDetail>(url, { method: 'PATCH', body: { version, changes } });
          return { lieu: view.lieu as LieuValues, version: view.version };
        }}
        onSaved={(saved) => {
          setDetail({ lieu: saved.lieu as LieuDetail['lieu'], version: saved.version });
          if (retour) void navigate(retour);
        }}
      />
      <ClosureForm
        current={detail.statut}
        level={2}
        onSubmit={async (statut: LieuStatus) => {
          const view = await api<LieuDetail>(`${url}/statut`, { method: 'PUT', body: statut });
          setDetail({ statut: view.statut, version: view.version });
        }}
      />
      <p className={fr.cx('fr-mt-4w')}>
        <Link className={fr.cx('fr-link')} to={`/lieux/${encodeURIComponent(detail.id)}`}>
          Voir la fiche du lieu et son historique
        </Link>
      </p>
    </Page>
  );
}
