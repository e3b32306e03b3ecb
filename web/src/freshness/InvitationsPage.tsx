import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Link } from 'react-router';
import { plural } from '../lieux/format';
import { api, ApiError, errorMessage } from '../platform/api';
import { DataTable } from '../platform/DataTable';
import { perimeterLabel } from '../platform/labels';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';
import { choiceParams, territoryText, useTerritoryChoice, type Territory, type TerritoryChoice, type TerritoryOptions } from '../platform/territory';
import { TerritoryPicker } from '../platform/TerritoryPicker';
import type { SentInvitations } from './InvitationsPanel';

type Grouping = 'par-lieu' | 'par-contact';
interface Request {
  territory: Territory;
  grouping: Grouping;
}
const OPTIONS: TerritoryOptions = {};

/**
 * `/gestion/invitations`: invite the structures of all the lieux of a territory of the gestionnaire's scope (one link
 * per lieu, or one per contact address for all its lieux), then see who was sent what and which lieux were skipped.
 */
export function InvitationsPage() {
  const session = useSession();
  const perimeters = (session.user?.roles ?? []).filter((r) => r.role === 'gestionnaire' || r.role === 'admin').map((r) => r.perimetre);
  const { choice, setParams } = useTerritoryChoice(OPTIONS);
  const [grouping, setGrouping] = useState<Grouping>('par-lieu');
  const [confirming, setConfirming] = useState<Request | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<{ request: Request; answer: SentInvitations } | null>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  function prepare(territory: TerritoryChoice) {
    // (The whole country is not offered: invitations go to one territory at a time.)
    if (territory === 'france') return;
    setParams(choiceParams(territory));
    setFailure(null);
    setResult(null);
    setConfirming({ territory, grouping });
  }

  async function send() {
    if (!confirming) return;
    setBusy(true);
    try {
      const answer = await api<SentInvitations>('/api/v1/invitations', {
        method: 'POST',
        body: { [confirming.territory.kind]: confirming.territory.code, regroupement: confirming.grouping },
      });
      setResult({ request: confirming, answer });
      setConfirming(null);
    } catch (e) {
      setConfirming(null);
      if (e instanceof ApiError && e.status === 403) {
        setFailure('Ce territoire n’est pas dans votre périmètre : vous ne pouvez inviter que les lieux du territoire qui vous est confié.');
      } else setFailure(`Les invitations n’ont pas été envoyées : ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title="Inviter les structures à mettre à jour leurs lieux"
      crumbs={[{ label: 'Lieux', to: '/lieux' }]}
      lead="Chaque structure reçoit par e-mail un lien, valable 30 jours, pour vérifier et corriger elle-même ses lieux, sans créer de compte."
    >
      {perimeters.length > 0 && (
        <p>
          Votre périmètre : {perimeters.map(perimeterLabel).join(', ')}. Pour inviter un seul lieu, utilisez le bouton « Inviter la structure » de
          sa fiche (<Link to="/lieux">liste des lieux</Link>).
        </p>
      )}
      {failure && <Alert severity="error" small className={fr.cx('fr-mb-3w')} description={failure} />}
      <h2 id="territoire-titre" className={fr.cx('fr-h4')}>
        Quels lieux ?
      </h2>
      <TerritoryPicker
        {...OPTIONS}
        value={choice}
        onChoose={prepare}
        labelledBy="territoire-titre"
        submitLabel="Préparer l’envoi"
        submitPriority={confirming ? 'secondary' : 'primary'}
      >
        <RadioButtons
          legend="Combien de liens ?"
          name="regroupement"
          options={[
            {
              label: 'Un lien par lieu',
              hintText: 'Chaque lieu reçoit son propre e-mail, à sa première adresse.',
              nativeInputProps: { value: 'par-lieu', checked: grouping === 'par-lieu', onChange: () => setGrouping('par-lieu') },
            },
            {
              label: 'Un lien par adresse e-mail',
              hintText: 'Une structure qui tient plusieurs lieux avec la même adresse reçoit un seul e-mail, avec un lien pour tous ses lieux.',
              nativeInputProps: { value: 'par-contact', checked: grouping === 'par-contact', onChange: () => setGrouping('par-contact') },
            },
          ]}
        />
      </TerritoryPicker>

      {confirming && (
        <section aria-labelledby="confirmer-titre" className={fr.cx('fr-callout', 'fr-mt-4w')}>
          <h2 id="confirmer-titre" ref={confirmRef} tabIndex={-1} className={fr.cx('fr-callout__title', 'fr-h5')}>
            Confirmer l’envoi
          </h2>
          <p className={fr.cx('fr-callout__text', 'fr-text--md')}>
            Un e-mail va partir vers la structure de chaque lieu publié dans {territoryText(confirming.territory)} qui a une adresse e-mail (
            {confirming.grouping === 'par-lieu' ? 'un lien par lieu' : 'un lien par adresse, pour tous ses lieux'}). Les structures déjà invitées
            reçoivent un nouveau lien ; les anciens restent valables jusqu’à leur date.
          </p>
          <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md')}>
            <li>
              <Button disabled={busy} onClick={() => void send()}>
                {busy ? 'Envoi en cours…' : 'Oui, envoyer les invitations'}
              </Button>
            </li>
            <li>
              <Button priority="secondary" disabled={busy} onClick={() => setConfirming(null)}>
                Annuler
              </Button>
            </li>
          </ul>
        </section>
      )}

      {result && <Results result={result} headingRef={resultRef} />}
    </Page>
  );
}

function Results({
  result,
  headingRef,
}: {
  result: { request: Request; answer: SentInvitations };
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const { envoyees, ignores } = result.answer;
  const sent = envoyees.filter((e) => e.envoye);
  const failed = envoyees.filter((e) => !e.envoye);
  const lieuxSent = sent.reduce((n, e) => n + e.lieux.length, 0);
  const lieuLinks = (lieux: Array<{ id: string; nom: string }>) => (
    <ul className={fr.cx('fr-mb-0')}>
      {lieux.map((l) => (
        <li key={l.id}>
          <Link to={`/lieux/${encodeURIComponent(l.id)}`}>{l.nom}</Link>
        </li>
      ))}
    </ul>
  );
  return (
    <section aria-labelledby="resultat-titre" className={fr.cx('fr-mt-6w')}>
      <h2 id="resultat-titre" ref={headingRef} tabIndex={-1} className={fr.cx('fr-h4')}>
        Résultat pour {territoryText(result.request.territory)}
      </h2>
      <ul>
        <li>{plural(sent.length, 'e-mail envoyé', 'e-mails envoyés')}, pour {plural(lieuxSent, 'lieu', 'lieux')}.</li>
        {failed.length > 0 && <li>{plural(failed.length, 'e-mail n’est pas parti', 'e-mails ne sont pas partis')} (voir le tableau) : réessayez plus tard.</li>}
        <li>{plural(ignores.length, 'lieu sans adresse e-mail', 'lieux sans adresse e-mail')} : personne n’a pu être invité.</li>
      </ul>
      {envoyees.length === 0 && ignores.length === 0 && <p>Aucun lieu publié dans ce territoire.</p>}
      {envoyees.length > 0 && (
        <DataTable
          caption="Invitations envoyées"
          headers={['Adresse e-mail', 'Lieux', 'Résultat']}
          rows={envoyees.map((e) => ({
            key: e.id,
            cells: [e.email, lieuLinks(e.lieux), e.envoye ? 'Envoyé' : `Échec de l’envoi : ${e.erreur ?? 'erreur du serveur d’envoi'}`],
          }))}
        />
      )}
      {ignores.length > 0 && (
        <DataTable
          caption="Lieux sans adresse e-mail (non invités)"
          headers={['Lieu', 'Raison', 'Que faire']}
          rows={ignores.map((l) => ({
            key: l.id,
            cells: [
              <Link key="lieu" to={`/lieux/${encodeURIComponent(l.id)}`}>
                {l.nom}
              </Link>,
              l.raison,
              <Link key="modifier" to={`/lieux/${encodeURIComponent(l.id)}/modifier`}>
                Ajouter une adresse e-mail<span className={fr.cx('fr-sr-only')}> à {l.nom}</span>
              </Link>,
            ],
          }))}
        />
      )}
    </section>
  );
}
