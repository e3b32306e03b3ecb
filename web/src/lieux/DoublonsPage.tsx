import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { Announcement, useAnnouncement } from '../platform/Announcement';
import { api, errorMessage } from '../platform/api';
import { OptionsSelect } from '../platform/OptionsSelect';
import { Page } from '../platform/Page';
import { choiceParams, territoryQuery, useTerritoryChoice, type TerritoryChoice, type TerritoryOptions } from '../platform/territory';
import { TerritoryPicker } from '../platform/TerritoryPicker';
import { useFetched } from '../platform/useFetched';
import './lieux.css';
import { plural, shortValue } from './format';
import type { DedupPair } from './types';
import { fieldLabel } from './vocabulary';

const COMPARED = [
  'nom',
  'adresse',
  'complement_adresse',
  'code_postal',
  'commune',
  'code_insee',
  'latitude',
  'longitude',
  'pivot',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'services',
  'date_maj',
];

const FEATURE_LABELS: Record<string, string> = {
  nom: 'Nom',
  name: 'Nom',
  adresse: 'Adresse',
  address: 'Adresse',
  distance: 'Distance',
  location: 'Position',
  pivot: 'SIRET ou RNA',
  siret: 'SIRET',
  telephone: 'Téléphone',
  phone: 'Téléphone',
  courriels: 'Adresse e-mail',
  email: 'Adresse e-mail',
  typologie: 'Type de structure',
  code_insee: 'Commune',
  site_web: 'Site web',
  courriel: 'Adresse e-mail',
};

/** Scores come as 0..1 (or already 0..100): shown "sur 100". */
function outOf100(score: number | null): string {
  if (score === null) return 'non comparable';
  return `${Math.round(score <= 1 ? score * 100 : score)} sur 100`;
}

const EMPTY: Record<string, unknown> = {};

type Verdict = 'review' | 'duplicate' | 'tous';
const VERDICTS: Array<{ value: Verdict; label: string }> = [
  { value: 'review', label: 'À examiner (doute)' },
  { value: 'duplicate', label: 'Regroupées automatiquement' },
  { value: 'tous', label: 'Toutes les paires' },
];

/** Also used in element ids: only letters, digits and dashes. */
const pairKey = (p: DedupPair) => `${p.a.cle}--${p.b.cle}`.replace(/[^A-Za-z0-9-]/g, '-');
const same = (x: unknown, y: unknown) => shortValue(x).toLowerCase().trim() === shortValue(y).toLowerCase().trim();

const OPTIONS: TerritoryOptions = { kinds: ['departement'], wholeCountry: true };

export function DoublonsPage() {
  const { choice, params, setParams } = useTerritoryChoice(OPTIONS);
  const verdict = VERDICTS.some((v) => v.value === params.get('verdict')) ? (params.get('verdict') as Verdict) : 'review';
  const query = choice ? territoryQuery(choice) : null;
  if (query && verdict !== 'tous') query.set('verdict', verdict);
  const fetched = useFetched<{ paires: DedupPair[] }>(query ? `/api/v1/doublons?${query.toString()}` : null);
  const pairs = fetched.kind === 'ready' ? fetched.data.paires : null;
  const [verdictInput, setVerdictInput] = useState<Verdict>(verdict);
  // After a decision, focus goes to the next pair (or to the message when none is left).
  const { announce, ...announcement } = useAnnouncement();

  async function decide(pair: DedupPair, decision: 'same' | 'distinct') {
    const names = `« ${shortValue(pair.a.lieu?.nom)} » et « ${shortValue(pair.b.lieu?.nom)} »`;
    try {
      await api('/api/v1/doublons/decisions', { method: 'POST', body: { a: pair.a.cle, b: pair.b.cle, decision } });
    } catch (e) {
      announce(`La décision n'a pas été enregistrée pour ${names} : ${errorMessage(e)}`, '');
      return;
    }
    const list = pairs ?? [];
    const index = list.findIndex((p) => pairKey(p) === pairKey(pair));
    const remaining = list.filter((p) => pairKey(p) !== pairKey(pair));
    fetched.update(() => ({ paires: remaining }));
    const what = decision === 'same' ? 'sont le même lieu : ils seront fusionnés' : 'sont deux lieux distincts : ils ne seront plus proposés';
    const next = remaining[Math.min(index, remaining.length - 1)];
    announce(
      `Décision enregistrée : ${names} ${what}. La paire a été retirée de la file. ${remaining.length === 0 ? 'Il ne reste aucune paire à examiner.' : `${plural(remaining.length, 'paire reste', 'paires restent')} à examiner.`}`,
      next ? `paire-${pairKey(next)}` : '',
    );
  }

  function filter(territory: TerritoryChoice) {
    const next = choiceParams(territory);
    if (verdictInput !== 'review') next.set('verdict', verdictInput);
    setParams(next);
  }

  return (
    <Page
      title="Doublons à examiner"
      crumbs={[{ label: 'Lieux', to: '/lieux' }]}
      lead="Des lieux venant de sources différentes se ressemblent. Comparez-les et dites s'il s'agit du même lieu : votre décision est conservée lors des prochains imports."
    >
      <TerritoryPicker {...OPTIONS} value={choice} onChoose={filter} label="Filtrer les paires">
        <OptionsSelect label="Paires à afficher" name="verdict" value={verdictInput} onChange={setVerdictInput} options={VERDICTS} />
      </TerritoryPicker>

      <Announcement {...announcement} testId="doublons-annonce" />
      {fetched.kind === 'error' && <Alert severity="error" as="h2" title="La file n'a pas pu être chargée" description={fetched.message} />}
      {fetched.kind === 'loading' && <p>Chargement des paires…</p>}
      {pairs?.length === 0 && (
        <p>
          Aucune paire {verdict === 'duplicate' ? 'regroupée automatiquement' : 'à examiner'}
          {choice && choice !== 'france' ? ` dans le département ${choice.code}` : ''}.
        </p>
      )}
      {pairs && pairs.length > 0 && (
        <>
          <p>
            {verdict === 'duplicate'
              ? `${plural(pairs.length, 'paire regroupée', 'paires regroupées')} automatiquement en un seul lieu. Si deux lieux ont été regroupés à tort, choisissez « Ce sont deux lieux distincts ».`
              : `${plural(pairs.length, 'paire', 'paires')}, les plus probables d'abord.`}
          </p>
          {pairs.map((pair, i) => (
            <PairView key={pairKey(pair)} pair={pair} index={i + 1} onDecide={(d) => decide(pair, d)} />
          ))}
        </>
      )}
    </Page>
  );
}

function PairView({ pair, index, onDecide }: { pair: DedupPair; index: number; onDecide: (d: 'same' | 'distinct') => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const key = pairKey(pair);
  const headingId = `paire-${key}`;
  const a = pair.a.lieu ?? EMPTY;
  const b = pair.b.lieu ?? EMPTY;
  const fields = COMPARED.filter((f) => !(shortValue(a[f]) === '(vide)' && shortValue(b[f]) === '(vide)'));
  const differences = fields.filter((f) => !same(a[f], b[f])).length;
  const click = (d: 'same' | 'distinct') => {
    setBusy(true);
    void onDecide(d).finally(() => setBusy(false));
  };

  return (
    <section className="maillage-pair" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1} className={fr.cx('fr-h5')}>
        Paire {index} : {shortValue(a.nom)} / {shortValue(b.nom)}
      </h2>
      <p className={fr.cx('fr-mb-1w')}>
        <Badge as="span" small severity={pair.verdict === 'duplicate' ? 'warning' : 'info'}>
          {pair.verdict === 'duplicate' ? 'Doublon probable' : 'À vérifier'}
        </Badge>{' '}
        Score de ressemblance : <strong>{outOf100(pair.score)}</strong> · {plural(differences, 'différence', 'différences')}
      </p>
      {pair.explication && <p>{pair.explication}</p>}

      <table className="maillage-compare">
        <caption>Comparaison des deux enregistrements</caption>
        <thead>
          <tr>
            <th scope="col">Information</th>
            <th scope="col">
              Enregistrement 1
              <span className="maillage-compare__source">
                source « {pair.a.source} », id {pair.a.sourceId}
              </span>
            </th>
            <th scope="col">
              Enregistrement 2
              <span className="maillage-compare__source">
                source « {pair.b.source} », id {pair.b.sourceId}
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const differs = !same(a[f], b[f]);
            return (
              <tr key={f} className={differs ? 'maillage-compare__differs' : undefined}>
                <th scope="row">
                  {fieldLabel(f)}
                  {differs && <span className="maillage-diff">≠ différent</span>}
                </th>
                <td>{shortValue(a[f])}</td>
                <td>{shortValue(b[f])}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {pair.criteres.length > 0 && (
        <>
          <h3 className={fr.cx('fr-h6')}>Pourquoi cette paire est proposée</h3>
          <ul>
            {pair.criteres.map((c) => (
              <li key={c.feature}>
                <strong>{FEATURE_LABELS[c.feature] ?? c.feature}</strong> : {outOf100(c.score)} — {c.detail}
              </li>
            ))}
          </ul>
        </>
      )}

      <div className={fr.cx('fr-mt-2w')}>
        <Button className={fr.cx('fr-mr-2w', 'fr-mb-1w')} disabled={busy} onClick={() => click('same')} nativeButtonProps={{ 'aria-describedby': headingId }}>
          C'est le même lieu
        </Button>
        <Button className={fr.cx('fr-mb-1w')} disabled={busy} priority="secondary" onClick={() => click('distinct')} nativeButtonProps={{ 'aria-describedby': headingId }}>
          Ce sont deux lieux distincts
        </Button>
      </div>
    </section>
  );
}
