import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ClosureForm } from '../freshness/ClosureForm';
import { confirmationText, ToVerifyBadge } from '../freshness/Confirmation';
import { InvitationsPanel } from '../freshness/InvitationsPanel';
import { api, ApiError, errorMessage } from '../platform/api';
import { DataTable } from '../platform/DataTable';
import { formatDate } from '../platform/labels';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';
import './lieux.css';
import { FieldValue, formatDay, shortValue, StatusBadge, statusText } from './format';
import type { HistoryEntry, LieuDetail, LieuStatus, SourceRecord } from './types';
import { FIELD_GROUPS, fieldLabel } from './vocabulary';

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string; notFound: boolean } | { kind: 'ready'; detail: LieuDetail };

/** The lieu and its history, fetched together; a missing history does not hide the lieu. */
async function fetchLieu(id: string): Promise<{ state: Loaded; history: HistoryEntry[] | null; historyError: string | undefined }> {
  const base = `/api/v1/lieux/${encodeURIComponent(id)}`;
  const [detail, entries] = await Promise.allSettled([api<LieuDetail>(base), api<{ entrees: HistoryEntry[] }>(`${base}/historique`)]);
  if (detail.status === 'rejected') {
    const e: unknown = detail.reason;
    return { state: { kind: 'error', message: errorMessage(e), notFound: e instanceof ApiError && e.status === 404 }, history: null, historyError: undefined };
  }
  return {
    state: { kind: 'ready', detail: detail.value },
    history: entries.status === 'fulfilled' ? entries.value.entrees : [],
    historyError: entries.status === 'fulfilled' ? undefined : errorMessage(entries.reason),
  };
}

export function LieuPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const canManage = session.hasRole('gestionnaire') || session.hasRole('admin');
  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [historyError, setHistoryError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ severity: 'success' | 'error'; text: string } | undefined>();
  const noticeRef = useRef<HTMLDivElement>(null);

  const apply = useCallback((loaded: Awaited<ReturnType<typeof fetchLieu>>) => {
    setState(loaded.state);
    setHistory(loaded.history);
    setHistoryError(loaded.historyError);
  }, []);

  const load = useCallback(async () => apply(await fetchLieu(id)), [apply, id]);

  useEffect(() => {
    let cancelled = false;
    fetchLieu(id)
      .then((loaded) => {
        if (!cancelled) apply(loaded);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [apply, id]);

  function announce(severity: 'success' | 'error', text: string) {
    setNotice({ severity, text });
    setTimeout(() => noticeRef.current?.focus(), 0);
  }

  if (state.kind === 'loading') {
    return (
      <Page title="Fiche du lieu" crumbs={[{ label: 'Lieux', to: '/lieux' }]}>
        <p role="status">Chargement du lieu…</p>
      </Page>
    );
  }
  if (state.kind === 'error') {
    return (
      <Page title={state.notFound ? 'Lieu introuvable' : 'Fiche du lieu'} crumbs={[{ label: 'Lieux', to: '/lieux' }]}>
        <Alert
          severity="error"
          as="h2"
          title={state.notFound ? "Ce lieu n'existe pas ou n'est plus publié" : "La fiche n'a pas pu être chargée"}
          description={state.message}
        />
      </Page>
    );
  }

  const { detail } = state;
  const lieu = detail.lieu;
  const nom = typeof lieu.nom === 'string' && lieu.nom ? lieu.nom : 'Lieu sans nom';
  const restorable = restorableIds(history ?? []);
  const provenanceRows = Object.entries(detail.provenance).filter((entry): entry is [string, NonNullable<(typeof entry)[1]>] => !!entry[1]);

  return (
    <Page title={nom} crumbs={[{ label: 'Lieux', to: '/lieux' }]}>
      <p className={fr.cx('fr-mb-1w')}>
        <StatusBadge status={detail.statut} />
        {detail.aVerifier && <> <ToVerifyBadge /></>}
      </p>
      <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>{confirmationText(detail)}</p>
      {canManage && (
        <p>
          <Link className={fr.cx('fr-btn', 'fr-btn--secondary')} to={`/lieux/${encodeURIComponent(detail.id)}/modifier`}>
            Modifier ce lieu
          </Link>
        </p>
      )}
      <p className={fr.cx('fr-text--lead')}>
        {String(lieu.adresse ?? '')}
        {lieu.complement_adresse ? `, ${String(lieu.complement_adresse)}` : ''}, {String(lieu.code_postal ?? '')} {String(lieu.commune ?? '')}
      </p>
      <div ref={noticeRef} tabIndex={-1} aria-live="polite">
        {notice && <Alert className={fr.cx('fr-mb-3w')} severity={notice.severity} small description={notice.text} role="status" />}
      </div>

      <nav className={fr.cx('fr-summary', 'fr-mb-4w')} aria-labelledby="sommaire-titre">
        <p className={fr.cx('fr-summary__title')} id="sommaire-titre">
          Sur cette page
        </p>
        <ol>
          {FIELD_GROUPS.map((g) => (
            <li key={g.id}>
              <a className={fr.cx('fr-summary__link')} href={`#${g.id}`}>
                {g.title}
              </a>
            </li>
          ))}
          <li>
            <a className={fr.cx('fr-summary__link')} href="#statut">
              Statut
            </a>
          </li>
          {canManage && (
            <li>
              <a className={fr.cx('fr-summary__link')} href="#invitations">
                Mise à jour par la structure
              </a>
            </li>
          )}
          <li>
            <a className={fr.cx('fr-summary__link')} href="#provenance">
              Provenance
            </a>
          </li>
          <li>
            <a className={fr.cx('fr-summary__link')} href="#enregistrements">
              Enregistrements des sources
            </a>
          </li>
          <li>
            <a className={fr.cx('fr-summary__link')} href="#historique">
              Historique
            </a>
          </li>
        </ol>
      </nav>

      {FIELD_GROUPS.map((group) => (
        <section key={group.id} aria-labelledby={group.id} className={fr.cx('fr-mb-4w')}>
          <h2 id={group.id} className={fr.cx('fr-h4')}>
            {group.title}
          </h2>
          <dl className="maillage-fields">
            {group.fields.map(([field, label]) => (
              <div key={field}>
                <dt>{label}</dt>
                <dd>
                  {field === 'date_maj' && typeof lieu[field] === 'string' ? formatDay(lieu[field]) : <FieldValue value={lieu[field]} />}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}

      <section aria-labelledby="statut" className={fr.cx('fr-mb-4w')}>
        <h2 id="statut" className={fr.cx('fr-h4')}>
          Statut
        </h2>
        {canManage ? (
          <ClosureForm
            current={detail.statut}
            level={3}
            onSubmit={async (statut) => {
              await api(`/api/v1/lieux/${encodeURIComponent(detail.id)}/statut`, { method: 'PUT', body: statut });
              await load();
            }}
          />
        ) : (
          <p>{statusText(detail.statut)}.</p>
        )}
      </section>

      {canManage && <InvitationsPanel lieuId={detail.id} courriel={Array.isArray(lieu.courriels) ? lieu.courriels[0] : undefined} />}

      <section aria-labelledby="provenance" className={fr.cx('fr-mb-4w')}>
        <h2 id="provenance" className={fr.cx('fr-h4')}>
          Provenance
        </h2>
        <p>Pour chaque information, la source qui l'a fournie et la date de mise à jour de cette source.</p>
        {provenanceRows.length === 0 ? (
          <p>Aucune provenance enregistrée.</p>
        ) : (
          <DataTable
            caption="Provenance de chaque information"
            headers={['Information', 'Source', 'Identifiant dans la source', 'Date de mise à jour']}
            rows={provenanceRows.map(([field, p]) => ({ key: field, cells: [fieldLabel(field), p.source, p.sourceId, formatDay(p.dateMaj)] }))}
          />
        )}
      </section>

      <section aria-labelledby="enregistrements" className={fr.cx('fr-mb-4w')}>
        <h2 id="enregistrements" className={fr.cx('fr-h4')}>
          Enregistrements des sources
        </h2>
        <p>
          {detail.enregistrements.length > 1
            ? `Ce lieu réunit ${detail.enregistrements.length} enregistrements venant de sources différentes.`
            : 'Ce lieu vient d’un seul enregistrement.'}
        </p>
        <ul className="maillage-results">
          {detail.enregistrements.map((r) => (
            <SourceRecordItem key={`${r.source}:${r.sourceId}`} record={r} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="historique" className={fr.cx('fr-mb-4w')}>
        <h2 id="historique" className={fr.cx('fr-h4')}>
          Historique
        </h2>
        {historyError && <Alert severity="error" small description={`L'historique n'a pas pu être chargé : ${historyError}`} />}
        {history === null ? (
          <p role="status">Chargement de l'historique…</p>
        ) : history.length === 0 ? (
          !historyError && <p>Aucune modification enregistrée.</p>
        ) : (
          <ol className="maillage-results" aria-label="Modifications, de la plus récente à la plus ancienne">
            {history.map((entry) => (
              <HistoryItem
                key={entry.id}
                entry={entry}
                me={session.user?.id}
                canRestore={canManage && restorable.has(entry.id)}
                onRestore={async () => {
                  try {
                    await api(`/api/v1/lieux/${encodeURIComponent(detail.id)}/retablir`, { method: 'POST', body: { entree: entry.id } });
                    await load();
                    announce('success', `La fiche a été rétablie telle qu'elle était le ${formatDate(entry.date)}.`);
                  } catch (e) {
                    announce('error', `La version n'a pas pu être rétablie : ${errorMessage(e)}`);
                  }
                }}
              />
            ))}
          </ol>
        )}
      </section>
    </Page>
  );
}

function SourceRecordItem({ record }: { record: SourceRecord }) {
  const badges: Array<{ text: string; severity: 'warning' | 'error' | 'info' }> = [];
  if (record.flags.approximate) badges.push({ text: 'Localisation approximative (centre de la commune)', severity: 'warning' });
  if (record.flags.outsideDepartement) badges.push({ text: 'Position hors du département de la commune', severity: 'error' });
  if (record.flags.codeInseeDerived === 'postcode') badges.push({ text: 'Code Insee déduit du code postal', severity: 'info' });
  if (record.flags.codeInseeDerived === 'coordinates') badges.push({ text: 'Code Insee déduit des coordonnées', severity: 'info' });
  if (record.absentDepuis) badges.push({ text: `Absent du dernier import depuis le ${formatDay(record.absentDepuis)}`, severity: 'warning' });
  return (
    <li>
      <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>
        {record.type === 'edition' ? 'Modifications faites dans Maillage' : `Source « ${record.source} » — identifiant ${record.sourceId}`}
      </h3>
      {badges.length > 0 ? (
        <ul className={fr.cx('fr-badges-group')} aria-label="Signalements">
          {badges.map((b) => (
            <li key={b.text}>
              <Badge as="span" small severity={b.severity}>
                {b.text}
              </Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>Aucun signalement.</p>
      )}
      {record.avertissements.length > 0 && (
        <>
          <p className={fr.cx('fr-text--sm', 'fr-mb-1v')}>Avertissements lors de l'import :</p>
          <ul className={fr.cx('fr-text--sm')}>
            {record.avertissements.map((w, i) => (
              <li key={i}>
                {fieldLabel(w.field)} (« {w.value} ») : {w.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLieu = (v: unknown): v is Obj => isObj(v) && typeof v.nom === 'string';

function actorText(acteur: HistoryEntry['acteur'], me: string | undefined): string {
  if (acteur.type === 'user') return acteur.id && acteur.id === me ? 'Vous' : 'Une personne de l’équipe (compte Maillage)';
  if (acteur.type === 'api_token') return 'Un logiciel relié par jeton d’API';
  if (acteur.type === 'cli') return 'Un administrateur (ligne de commande)';
  return 'Maillage (traitement automatique)';
}

const LIEU_ACTIONS: Record<string, string> = {
  create: 'Publication du lieu',
  update: 'Mise à jour par un import',
  edit: 'Modification dans Maillage',
  revert: 'Retour à une version précédente',
  status: 'Changement de statut',
  delete: 'Lieu retiré (regroupé avec un autre, ou plus aucune source)',
};
const RECORD_ACTIONS: Record<string, string> = {
  create: 'Enregistrement importé',
  update: 'Enregistrement mis à jour par un import',
  absent: 'Absent du dernier import complet de la source',
  reappear: 'De nouveau présent dans l’import de la source',
  edit: 'Modification dans Maillage',
  revert: 'Retour à une version précédente',
};

interface Described {
  title: string;
  subject: string;
  rows: Array<[label: string, before: string, after: string]>;
  note?: string;
}

/** What an audit entry says, in plain French: a title and the before/after of the fields that changed. */
function describe(entry: HistoryEntry): Described {
  const onLieu = entry.entite === 'lieu';
  const [recordSource, ...rest] = entry.cle.split(':');
  const subject = onLieu
    ? 'Fiche publique'
    : recordSource === 'edition'
      ? 'Modifications faites dans Maillage'
      : `Enregistrement de la source « ${recordSource} » (${rest.join(':')})`;
  const title = (onLieu ? LIEU_ACTIONS : RECORD_ACTIONS)[entry.action] ?? entry.action;
  if (entry.action === 'status') {
    return { title, subject, rows: [['Statut', statusText(entry.avant as LieuStatus), statusText(entry.apres as LieuStatus)]] };
  }
  if (entry.action === 'absent' || entry.action === 'reappear') return { title, subject, rows: [] };
  const after = isObj(entry.apres) && isLieu(entry.apres.lieu) ? entry.apres.lieu : entry.apres;
  const note = isObj(entry.apres) && typeof entry.apres.message === 'string' ? entry.apres.message : undefined;
  if (!isLieu(entry.avant) || !isLieu(after)) return { title, subject, rows: [], ...(note ? { note } : {}) };
  const before = entry.avant;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return { title, subject, rows: keys.map((k) => [fieldLabel(k), shortValue(before[k]), shortValue(after[k])]), ...(note ? { note } : {}) };
}

/** Entries of the public lieu that hold a whole version (the newest one is the current version). */
function restorableIds(history: HistoryEntry[]): Set<number> {
  const versions = history.filter((e) => e.entite === 'lieu' && isLieu(e.apres));
  return new Set(versions.slice(1).map((e) => e.id));
}

function HistoryItem({ entry, me, canRestore, onRestore }: { entry: HistoryEntry; me: string | undefined; canRestore: boolean; onRestore: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const described = describe(entry);
  const when = formatDate(entry.date);

  return (
    <li>
      <h3 id={`entree-${entry.id}`} className={fr.cx('fr-h6', 'fr-mb-1v')}>
        {described.title} — {when}
      </h3>
      <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
        {described.subject} · par : {actorText(entry.acteur, me)}
        {entry.source === 'import' || entry.source === 'api' || entry.source === 'seed' ? '' : ` · origine : ${entry.source}`}
      </p>
      {described.note && <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>{described.note}</p>}
      {described.rows.length > 0 && (
        <DataTable
          caption={`Informations modifiées le ${when}`}
          headers={['Information', 'Avant', 'Après']}
          rows={described.rows.map(([label, before, after]) => ({ key: label, cells: [label, before, after] }))}
        />
      )}
      {canRestore &&
        (confirming ? (
          <div role="group" aria-label={`Confirmer le retour à la version du ${when}`}>
            <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
              Rétablir la fiche telle qu'elle était le {when} ? Ce retour sera lui-même inscrit dans l'historique, et pourra être annulé de la même façon.
            </p>
            <Button
              ref={confirmRef}
              size="small"
              className={fr.cx('fr-mr-1w', 'fr-mb-1w')}
              disabled={busy}
              onClick={() => {
                setBusy(true);
                void onRestore().finally(() => {
                  setBusy(false);
                  setConfirming(false);
                });
              }}
            >
              Oui, rétablir cette version
            </Button>
            <Button size="small" priority="tertiary" className={fr.cx('fr-mb-1w')} onClick={() => setConfirming(false)}>
              Annuler
            </Button>
          </div>
        ) : (
          <Button size="small" priority="secondary" onClick={() => setConfirming(true)} nativeButtonProps={{ 'aria-describedby': `entree-${entry.id}` }}>
            Rétablir cette version
          </Button>
        ))}
    </li>
  );
}
