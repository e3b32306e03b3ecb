import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { Link } from 'react-router';
import { plural } from '../lieux/format';
import { api, ApiError, errorMessage } from '../platform/api';
import { DataTable } from '../platform/DataTable';
import { perimeterLabel } from '../platform/labels';
import { Page } from '../platform/Page';
import { useSession } from '../platform/session';
import type { SentInvitations } from './InvitationsPanel';

type Kind = 'departement' | 'epci' | 'commune';
type Grouping = 'par-lieu' | 'par-contact';

const KINDS: Array<{ value: Kind; label: string; the: string; input: string; hint: string }> = [
  { value: 'departement', label: 'Un département', the: 'le département', input: 'Code du département', hint: '2 chiffres (3 en outre-mer), par exemple 86 pour la Vienne.' },
  { value: 'epci', label: 'Une intercommunalité (EPCI)', the: 'l’intercommunalité', input: 'SIREN de l’intercommunalité', hint: '9 chiffres, par exemple 200069854 pour Grand Poitiers.' },
  { value: 'commune', label: 'Une commune', the: 'la commune', input: 'Code INSEE de la commune', hint: '5 caractères (ce n’est pas le code postal), par exemple 86194 pour Poitiers.' },
];
/** « la commune 86194 », « le département 86 ». */
const territoryText = (kind: Kind, code: string) => `${KINDS.find((k) => k.value === kind)!.the} ${code}`;

/**
 * `/gestion/invitations`: invite the structures of all the lieux of a territory of the gestionnaire's scope (one link
 * per lieu, or one per contact address for all its lieux), then see who was sent what and which lieux were skipped.
 */
export function InvitationsPage() {
  const session = useSession();
  const perimeters = (session.user?.roles ?? []).filter((r) => r.role === 'gestionnaire' || r.role === 'admin').map((r) => r.perimetre);
  const own = perimeters.map((p) => p.split(':') as [string, string | undefined]).find(([kind]) => KINDS.some((k) => k.value === kind));
  const [kind, setKind] = useState<Kind>((own?.[0] as Kind | undefined) ?? 'departement');
  const [code, setCode] = useState(own?.[1] ?? '');
  const [grouping, setGrouping] = useState<Grouping>('par-lieu');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState<{ kind: Kind; code: string; grouping: Grouping } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<{ request: { kind: Kind; code: string; grouping: Grouping }; answer: SentInvitations } | null>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  function prepare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const trimmed = code.trim().toUpperCase();
    if (!trimmed) {
      setCodeError(`Indiquez le ${KINDS.find((k) => k.value === kind)!.input.toLowerCase()}.`);
      codeRef.current?.focus();
      return;
    }
    setCodeError(undefined);
    setResult(null);
    setConfirming({ kind, code: trimmed, grouping });
  }

  async function send() {
    if (!confirming) return;
    setBusy(true);
    try {
      const answer = await api<SentInvitations>('/api/v1/invitations', {
        method: 'POST',
        body: { [confirming.kind]: confirming.code, regroupement: confirming.grouping },
      });
      setResult({ request: confirming, answer });
      setConfirming(null);
    } catch (e) {
      setConfirming(null);
      const onCode = e instanceof ApiError ? (e.fieldMessage(kind) ?? e.fieldMessage('departement')) : undefined;
      if (onCode) {
        setCodeError(onCode);
        setTimeout(() => codeRef.current?.focus(), 0);
      } else if (e instanceof ApiError && e.status === 403) {
        setFailure('Ce territoire n’est pas dans votre périmètre : vous ne pouvez inviter que les lieux du territoire qui vous est confié.');
      } else setFailure(`Les invitations n’ont pas été envoyées : ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const kindInfo = KINDS.find((k) => k.value === kind)!;
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
      <form onSubmit={prepare} noValidate aria-labelledby="territoire-titre" className={fr.cx('fr-col-12', 'fr-col-md-8')}>
        <h2 id="territoire-titre" className={fr.cx('fr-h4')}>
          Quels lieux ?
        </h2>
        <RadioButtons
          legend="Tous les lieux de"
          name="territoire"
          options={KINDS.map((k) => ({
            label: k.label,
            nativeInputProps: { value: k.value, checked: kind === k.value, onChange: () => setKind(k.value) },
          }))}
        />
        <Input
          label={kindInfo.input}
          hintText={kindInfo.hint}
          state={codeError ? 'error' : 'default'}
          stateRelatedMessage={codeError}
          nativeInputProps={{ ref: codeRef, id: 'code-territoire', value: code, onChange: (e) => setCode(e.target.value), spellCheck: false }}
        />
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
        <Button type="submit" priority={confirming ? 'secondary' : 'primary'}>
          Préparer l’envoi
        </Button>
      </form>

      {confirming && (
        <section aria-labelledby="confirmer-titre" className={fr.cx('fr-callout', 'fr-mt-4w')}>
          <h2 id="confirmer-titre" ref={confirmRef} tabIndex={-1} className={fr.cx('fr-callout__title', 'fr-h5')}>
            Confirmer l’envoi
          </h2>
          <p className={fr.cx('fr-callout__text', 'fr-text--md')}>
            Un e-mail va partir vers la structure de chaque lieu publié dans {territoryText(confirming.kind, confirming.code)} qui a une adresse e-mail (
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
  result: { request: { kind: Kind; code: string }; answer: SentInvitations };
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
        Résultat pour {territoryText(result.request.kind, result.request.code)}
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
