import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import { Link } from 'react-router';
import { FieldValue, plural, statusText } from '../lieux/format';
import '../lieux/lieux.css';
import type { LieuStatus } from '../lieux/types';
import { fieldLabel } from '../lieux/vocabulary';
import { CATEGORIES } from '../orientation/signalement/SignalerErreur';
import { Announcement, useAnnouncement } from '../platform/Announcement';
import { api, ApiError, errorMessage } from '../platform/api';
import { formatDate } from '../platform/labels';
import { OptionsSelect } from '../platform/OptionsSelect';
import { Page } from '../platform/Page';
import { choiceParams, territoryLabel, territoryQuery, useTerritoryChoice, type TerritoryChoice, type TerritoryOptions } from '../platform/territory';
import { TerritoryPicker } from '../platform/TerritoryPicker';
import { useFetched } from '../platform/useFetched';

/** Shapes of GET /api/v1/signalements (src/freshness/moderation-routes.ts). */
type Statut = 'nouveau' | 'transmis' | 'corrige' | 'rejete';
interface Signalement {
  id: string;
  lieuId: string;
  lieuNom: string | null;
  categorie: string;
  message: string;
  courriel: string | null;
  statut: Statut;
  creeLe: string;
  traiteLe: string | null;
  traitePar: 'gestionnaire' | 'structure' | null;
  note: string | null;
  transmisLe: string | null;
  personneInformeeLe: string | null;
  simule: boolean;
  lieu: null | {
    nom: string;
    commune: string;
    statut: LieuStatus;
    champs: Array<{ champ: string; valeur: unknown }>;
    semaine: Array<{ jour: string; creneaux: string }> | null;
  };
}
interface Answer {
  signalements: Signalement[];
  compteParStatut: Record<Statut, number>;
}

const STATUTS: Record<Statut, { label: string; severity: 'new' | 'info' | 'success' | undefined }> = {
  nouveau: { label: 'Nouveau', severity: 'new' },
  transmis: { label: 'Transmis à la structure', severity: 'info' },
  corrige: { label: 'Corrigé', severity: 'success' },
  rejete: { label: 'Rejeté', severity: undefined },
};

const FILTERS = [
  { value: 'a-traiter', label: 'À traiter (nouveaux et transmis)', statuts: ['nouveau', 'transmis'] },
  { value: 'nouveau', label: 'Nouveaux', statuts: ['nouveau'] },
  { value: 'transmis', label: 'Transmis à la structure', statuts: ['transmis'] },
  { value: 'corrige', label: 'Corrigés', statuts: ['corrige'] },
  { value: 'rejete', label: 'Rejetés', statuts: ['rejete'] },
  { value: 'tous', label: 'Tous', statuts: ['nouveau', 'transmis', 'corrige', 'rejete'] },
] as const satisfies ReadonlyArray<{ value: string; label: string; statuts: readonly Statut[] }>;
type Filter = (typeof FILTERS)[number];

const RETOUR = '/gestion/signalements';
const categoryLabel = (value: string) => CATEGORIES.find((c) => c.value === value)?.label ?? value;

const OPTIONS: TerritoryOptions = { wholeCountry: true };

function apiQuery(choice: TerritoryChoice, filter: Filter): string {
  const query = territoryQuery(choice);
  if (filter.value !== 'tous') for (const s of filter.statuts) query.append('statut', s);
  return query.toString();
}

export function SignalementsPage() {
  const { choice, params, setParams } = useTerritoryChoice(OPTIONS);
  const filter = FILTERS.find((f) => f.value === params.get('statut')) ?? FILTERS[0];
  const fetched = useFetched<Answer>(choice ? `/api/v1/signalements?${apiQuery(choice, filter)}` : null);
  const [filterInput, setFilterInput] = useState<Filter['value']>(filter.value);
  // After an action that takes a report out of the list, focus goes to the next one (or to the message).
  const { announce, ...announcement } = useAnnouncement();

  function show(territory: TerritoryChoice) {
    const next = choiceParams(territory);
    if (filterInput !== FILTERS[0].value) next.set('statut', filterInput);
    setParams(next);
  }

  /** Applies the answer of an action to the list; the report leaves it when its new status is not shown. */
  function applied(before: Signalement, after: Signalement, message: string) {
    if (fetched.kind !== 'ready') return;
    const answer = fetched.data;
    const list = answer.signalements;
    const stays = (filter.statuts as readonly Statut[]).includes(after.statut);
    const index = list.findIndex((s) => s.id === before.id);
    const signalements = stays ? list.map((s) => (s.id === after.id ? after : s)) : list.filter((s) => s.id !== after.id);
    const compteParStatut = { ...answer.compteParStatut, [before.statut]: answer.compteParStatut[before.statut] - 1 };
    compteParStatut[after.statut] += 1;
    fetched.update(() => ({ signalements, compteParStatut }));
    const left = stays ? '' : ` Il a quitté cette liste : ${signalements.length === 0 ? 'elle est vide.' : `${plural(signalements.length, 'signalement reste', 'signalements restent')}.`}`;
    const next = signalements[Math.min(index, signalements.length - 1)];
    announce(`${message}${left}`, stays ? undefined : next ? `signalement-${next.id}` : '');
  }

  const answer = fetched.kind === 'ready' ? fetched.data : null;
  const counts = answer?.compteParStatut;
  /** How many reports the filter holds: the list shows the most recent ones only (the API's limit). */
  const held = counts ? filter.statuts.reduce((n, s) => n + counts[s], 0) : 0;

  return (
    <Page
      title="Signalements à traiter"
      crumbs={[{ label: 'Lieux', to: '/lieux' }]}
      lead="Les erreurs signalées par le public sur les lieux de votre territoire. Corrigez le lieu, transmettez le signalement à la structure, ou rejetez-le : la personne qui a laissé son adresse est informée de la suite."
    >
      <TerritoryPicker {...OPTIONS} value={choice} onChoose={show} label="Filtrer les signalements">
        <OptionsSelect
          label="Signalements à afficher"
          name="statut"
          value={filterInput}
          onChange={setFilterInput}
          options={FILTERS.map((f) => ({ value: f.value, label: counts ? `${f.label} (${f.statuts.reduce((n, s) => n + counts[s], 0)})` : f.label }))}
        />
      </TerritoryPicker>

      {counts && (
        <section aria-labelledby="signalements-compte">
          <h2 id="signalements-compte" className={fr.cx('fr-h6', 'fr-mb-1w')}>
            Signalements — {choice ? territoryLabel(choice) : 'votre territoire'}
          </h2>
          <ul className="maillage-counts" data-testid="signalements-compte">
            {(Object.keys(STATUTS) as Statut[]).map((s) => (
              <li key={s}>
                <strong>{counts[s]}</strong> {STATUTS[s].label.toLowerCase()}
              </li>
            ))}
          </ul>
        </section>
      )}

      <Announcement {...announcement} testId="signalements-annonce" />
      {fetched.kind === 'error' && <Alert severity="error" as="h2" title="Les signalements n'ont pas pu être chargés" description={fetched.message} />}
      {fetched.kind === 'loading' && <p>Chargement des signalements…</p>}
      {answer &&
        (answer.signalements.length === 0 ? (
          <p>Aucun signalement {filter.value === 'tous' ? '' : `dans « ${filter.label} »`} pour ce territoire.</p>
        ) : (
          <>
            {answer.signalements.length < held && (
              <p className={fr.cx('fr-text--sm')}>
                Les {answer.signalements.length} signalements les plus récents sont affichés, sur {held} : choisissez une
                intercommunalité ou une commune pour voir les autres.
              </p>
            )}
            {answer.signalements.map((s) => (
              <ReportView key={s.id} report={s} onDone={(after, message) => applied(s, after, message)} />
            ))}
          </>
        ))}
    </Page>
  );
}

type Action = 'corriger' | 'transmettre' | 'rejeter';

function ReportView({ report, onDone }: { report: Signalement; onDone: (after: Signalement, message: string) => void }) {
  const headingId = `signalement-${report.id}`;
  const noteId = `${headingId}-note`;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<unknown>(null);
  const open = report.statut === 'nouveau' || report.statut === 'transmis';
  const nom = report.lieu?.nom ?? report.lieuNom ?? 'Lieu retiré du registre';
  const noteError = error instanceof ApiError ? error.fieldMessage('note') : undefined;

  async function act(action: Action) {
    setBusy(action);
    setError(null);
    try {
      const answer = await api<{ signalement: Signalement; message: string }>(`/api/v1/signalements/${report.id}/${action}`, {
        method: 'POST',
        body: action === 'transmettre' ? {} : { note: note.trim() || null },
      });
      setNote('');
      onDone(answer.signalement, `« ${nom} » : ${answer.message}`);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.champ === 'note') document.getElementById(noteId)?.focus();
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="maillage-pair" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1} className={fr.cx('fr-h5', 'fr-mb-1w')}>
        {nom} : {categoryLabel(report.categorie).toLowerCase()}
      </h2>
      <p className={fr.cx('fr-mb-1w')}>
        <Badge as="span" small severity={STATUTS[report.statut].severity}>
          {STATUTS[report.statut].label}
        </Badge>{' '}
        Reçu le {formatDate(report.creeLe)}
        {report.lieu && ` · ${report.lieu.commune}`}
        {report.transmisLe && ` · transmis à la structure le ${formatDate(report.transmisLe)}`}
      </p>
      {report.statut === 'transmis' && (
        <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>
          Quand la structure enregistre son lieu avec le lien reçu, ce signalement est clos comme corrigé et la personne
          informée.
        </p>
      )}
      {report.simule && <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>Signalement simulé pour la démonstration : il ne peut pas être transmis à la structure.</p>}
      <p className={fr.cx('fr-mb-1v')}>Message de la personne :</p>
      <blockquote className={fr.cx('fr-highlight', 'fr-ml-0', 'fr-mb-1w')}>
        <p style={{ whiteSpace: 'pre-wrap' }}>{report.message}</p>
      </blockquote>
      <p className={fr.cx('fr-text--sm')}>
        {report.courriel
          ? `La personne a laissé son adresse (${report.courriel}) : elle reçoit un courriel quand le signalement est corrigé ou rejeté.`
          : "La personne n'a pas laissé d'adresse : elle ne sera pas informée de la suite."}
      </p>

      {report.lieu ? (
        <>
          <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Ce que dit la fiche du lieu aujourd'hui</h3>
          <dl className="maillage-fields">
            <div>
              <dt>Ouverture</dt>
              <dd>{statusText(report.lieu.statut)}</dd>
            </div>
            {report.lieu.champs.map((c) => (
              <div key={c.champ}>
                <dt>{fieldLabel(c.champ)}</dt>
                <dd>
                  {c.champ === 'horaires' && report.lieu?.semaine ? (
                    <ul className={fr.cx('fr-mb-0')}>
                      {report.lieu.semaine.map((d) => (
                        <li key={d.jour}>
                          {d.jour} : {d.creneaux}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <FieldValue value={c.valeur} />
                  )}
                </dd>
              </div>
            ))}
          </dl>
          <p className={fr.cx('fr-mt-1w')}>
            <Link className={fr.cx('fr-link')} to={`/lieu/${encodeURIComponent(report.lieuId)}`} aria-describedby={headingId}>
              Voir la page publique du lieu
            </Link>
          </p>
        </>
      ) : (
        <p>Ce lieu n'est plus dans le registre (fusionné avec un autre ou retiré par sa source).</p>
      )}

      {open ? (
        <div className={fr.cx('fr-mt-2w')}>
          {report.lieu && (
            <p>
              <Link
                className={fr.cx('fr-btn', 'fr-btn--secondary')}
                to={`/lieux/${encodeURIComponent(report.lieuId)}/modifier?retour=${RETOUR}`}
                aria-describedby={headingId}
              >
                Corriger le lieu
              </Link>
            </p>
          )}
          <Input
            label="Note pour la personne qui a signalé (obligatoire pour rejeter)"
            hintText="Elle la reçoit par courriel avec la suite donnée, si elle a laissé son adresse."
            textArea
            state={noteError ? 'error' : 'default'}
            stateRelatedMessage={noteError}
            nativeTextAreaProps={{ id: noteId, value: note, onChange: (e) => setNote(e.target.value), maxLength: 2000, rows: 2, 'aria-invalid': noteError ? true : undefined }}
          />
          <div>
            <Button className={fr.cx('fr-mr-2w', 'fr-mb-1w')} disabled={busy !== null} onClick={() => void act('corriger')} nativeButtonProps={{ 'aria-describedby': headingId }}>
              {busy === 'corriger' ? 'Enregistrement…' : 'Marquer comme corrigé'}
            </Button>
            {report.lieu && !report.simule && (
              <Button
                className={fr.cx('fr-mr-2w', 'fr-mb-1w')}
                priority="secondary"
                disabled={busy !== null}
                onClick={() => void act('transmettre')}
                nativeButtonProps={{ 'aria-describedby': headingId }}
              >
                {busy === 'transmettre' ? 'Envoi…' : report.statut === 'transmis' ? 'Transmettre à nouveau à la structure' : 'Transmettre à la structure'}
              </Button>
            )}
            <Button className={fr.cx('fr-mb-1w')} priority="tertiary" disabled={busy !== null} onClick={() => void act('rejeter')} nativeButtonProps={{ 'aria-describedby': headingId }}>
              {busy === 'rejeter' ? 'Enregistrement…' : 'Rejeter'}
            </Button>
          </div>
          <div role="alert">{error !== null && !noteError && <p className={fr.cx('fr-message', 'fr-message--error')}>{errorMessage(error)}</p>}</div>
        </div>
      ) : (
        <p className={fr.cx('fr-mt-2w')}>
          {report.traitePar === 'structure'
            ? 'Corrigé par la structure, qui a enregistré son lieu'
            : report.statut === 'corrige'
              ? 'Marqué comme corrigé'
              : 'Rejeté'}{' '}
          le {formatDate(report.traiteLe)}.
          {report.note && ` Note : « ${report.note} ».`}
          {report.personneInformeeLe ? ` La personne a été informée le ${formatDate(report.personneInformeeLe)}.` : ''}
        </p>
      )}
    </section>
  );
}
