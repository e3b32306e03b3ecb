import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { Link } from 'react-router';
import { Announcement, useAnnouncement } from '../platform/Announcement';
import { api, errorMessage } from '../platform/api';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';
import { choiceParams, territoryLabel, territoryQuery, useTerritoryChoice, type TerritoryOptions } from '../platform/territory';
import { TerritoryPicker } from '../platform/TerritoryPicker';
import { useFetched } from '../platform/useFetched';
import './conflits.css';
import { FieldValue, formatDay, plural } from './format';

/** GET /api/v1/conflits (src/lieux/conflicts-routes.ts). */
interface Conflit {
  id: string;
  statut: 'ouvert' | 'garde' | 'remplace';
  lieu: { id: string; nom: string; commune: string };
  champ: string;
  libelle: string;
  gardee: { valeur: unknown; enMots: string[] | null; modifieeLe: string | null; modifieePar: { type: string; id: string | null } | null };
  proposee: { valeur: unknown; enMots: string[] | null; source: string; sourceId: string; importId: string | null; importeeLe: string };
}

type Decision = 'garder' | 'remplacer';
const OPTIONS: TerritoryOptions = { wholeCountry: true };

function byWhom(par: Conflit['gardee']['modifieePar'], me: string | undefined): string {
  if (!par) return '';
  if (par.type === 'invitation') return ' par la structure du lieu (avec son lien)';
  if (par.type === 'user') return par.id && par.id === me ? ' par vous' : ' par une personne de l’équipe (compte Maillage)';
  if (par.type === 'api_token') return ' par un logiciel relié par jeton d’API';
  if (par.type === 'cli') return ' par un administrateur (ligne de commande)';
  return '';
}

/** Also used in element ids. */
const headingId = (c: Conflit) => `conflit-${c.id}`;

export function ConflitsPage() {
  const session = useSession();
  const { choice, setParams } = useTerritoryChoice(OPTIONS);
  const fetched = useFetched<{ conflits: Conflit[] }>(choice ? `/api/v1/conflits?${territoryQuery(choice).toString()}` : null);
  const conflits = fetched.kind === 'ready' ? fetched.data.conflits : null;
  // After a decision, focus goes to the next conflict (or to the message when none is left).
  const { announce, ...announcement } = useAnnouncement();

  async function decide(conflit: Conflit, decision: Decision) {
    const what = `« ${conflit.libelle} » de « ${conflit.lieu.nom} »`;
    let decided: string[];
    try {
      decided = (await api<{ decides: string[] }>(`/api/v1/conflits/${encodeURIComponent(conflit.id)}/decision`, { method: 'POST', body: { decision } })).decides;
    } catch (e) {
      announce(`La décision n'a pas été enregistrée pour ${what} : ${errorMessage(e)}`, '');
      return;
    }
    const list = conflits ?? [];
    const index = list.findIndex((c) => c.id === conflit.id);
    const remaining = list.filter((c) => !decided.includes(c.id));
    fetched.update(() => ({ conflits: remaining }));
    const outcome = decision === 'garder' ? 'la valeur saisie dans Maillage est gardée' : 'la valeur importée remplace la valeur saisie';
    const others = decided.length > 1 ? ` (avec ${plural(decided.length - 1, 'autre champ', 'autres champs')} de la même adresse ou position)` : '';
    const left = remaining.length === 0 ? 'Il ne reste aucun conflit à examiner.' : `${plural(remaining.length, 'conflit reste', 'conflits restent')} à examiner.`;
    const next = remaining[Math.min(index, remaining.length - 1)];
    announce(`Décision enregistrée pour ${what}${others} : ${outcome}. ${left}`, next ? headingId(next) : '');
  }

  return (
    <Page
      title="Conflits d'import à examiner"
      crumbs={[{ label: 'Lieux', to: '/lieux' }]}
      lead="Un import a apporté une autre valeur pour une information que la structure ou un gestionnaire a modifiée dans Maillage. Le lieu garde la valeur saisie tant que vous n'avez pas décidé."
    >
      <TerritoryPicker {...OPTIONS} value={choice} onChoose={(c) => setParams(choiceParams(c))} />

      <Announcement {...announcement} testId="conflits-annonce" />
      {fetched.kind === 'error' && <Alert severity="error" as="h2" title="La liste n'a pas pu être chargée" description={fetched.message} />}
      {fetched.kind === 'loading' && <p>Chargement des conflits…</p>}
      {conflits?.length === 0 && <p>Aucun conflit d'import à examiner{choice && choice !== 'france' ? ` pour ce territoire (${territoryLabel(choice)})` : ''}.</p>}
      {conflits && conflits.length > 0 && (
        <>
          <p>{plural(conflits.length, 'conflit à examiner', 'conflits à examiner')}, les imports les plus récents d'abord.</p>
          {conflits.map((c) => (
            <ConflitView key={c.id} conflit={c} me={session.user?.id} onDecide={(d) => decide(c, d)} />
          ))}
        </>
      )}
    </Page>
  );
}

function ConflitView({ conflit, me, onDecide }: { conflit: Conflit; me: string | undefined; onDecide: (d: Decision) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const id = headingId(conflit);
  const click = (d: Decision) => {
    setBusy(true);
    void onDecide(d).finally(() => setBusy(false));
  };
  const { gardee, proposee } = conflit;
  return (
    <section className="maillage-conflit" aria-labelledby={id}>
      <h2 id={id} tabIndex={-1} className={fr.cx('fr-h5', 'fr-mb-1w')}>
        {conflit.lieu.nom} ({conflit.lieu.commune}) : {conflit.libelle}
      </h2>
      <p className={fr.cx('fr-mb-2w')}>
        <Link to={`/lieux/${encodeURIComponent(conflit.lieu.id)}`}>
          Voir la fiche du lieu<span className={fr.cx('fr-sr-only')}> {conflit.lieu.nom}</span>
        </Link>
      </p>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <div className="maillage-conflit__valeur">
            <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Valeur gardée (saisie dans Maillage)</h3>
            <Value value={gardee.valeur} words={gardee.enMots} />
            <p className={fr.cx('fr-text--sm', 'fr-mb-0', 'fr-mt-1w')}>
              {gardee.modifieeLe ? `Modifiée le ${formatDay(gardee.modifieeLe)}` : 'Modifiée dans Maillage'}
              {byWhom(gardee.modifieePar, me)}.
            </p>
          </div>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <div className="maillage-conflit__valeur">
            <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>Valeur proposée par l'import</h3>
            <Value value={proposee.valeur} words={proposee.enMots} />
            <p className={fr.cx('fr-text--sm', 'fr-mb-0', 'fr-mt-1w')}>
              Source « {proposee.source} » (identifiant {proposee.sourceId}), importée le {formatDay(proposee.importeeLe)}.
            </p>
          </div>
        </div>
      </div>
      <div className={fr.cx('fr-mt-2w')}>
        <Button className={fr.cx('fr-mr-2w', 'fr-mb-1w')} disabled={busy} onClick={() => click('garder')} nativeButtonProps={{ 'aria-describedby': id }}>
          Garder la valeur saisie
        </Button>
        <Button className={fr.cx('fr-mb-1w')} priority="secondary" disabled={busy} onClick={() => click('remplacer')} nativeButtonProps={{ 'aria-describedby': id }}>
          Remplacer par la valeur importée
        </Button>
      </div>
    </section>
  );
}

/** A value in plain French: lists as lists; hours in words, with the OSM text they come from. */
function Value({ value, words }: { value: unknown; words: string[] | null }) {
  if (!words) return <FieldValue value={value} />;
  return (
    <>
      <ul className={fr.cx('fr-mb-1w')}>
        {words.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>
        Format OpenStreetMap : <code className="maillage-break">{String(value)}</code>
      </p>
    </>
  );
}
