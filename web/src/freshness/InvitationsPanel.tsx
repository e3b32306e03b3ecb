import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatDay } from '../lieux/format';
import { api, errorMessage } from '../platform/api';
import { DataTable } from '../platform/DataTable';
import { formatDate } from '../platform/labels';

/** POST …/invitations answer (src/freshness/routes.ts). */
export interface SentInvitations {
  envoyees: Array<{ id: string; email: string; lieux: Array<{ id: string; nom: string }>; envoye: boolean; erreur?: string }>;
  ignores: Array<{ id: string; nom: string; raison: string }>;
}

interface Invitation {
  id: string;
  email: string;
  lieux: string[];
  creeLe: string;
  expireLe: string;
  revoqueLe: string | null;
  utiliseLe: string | null;
}

function stateOf(invitation: Invitation, now: Date): string {
  if (invitation.revoqueLe) return `Désactivé le ${formatDay(invitation.revoqueLe)}`;
  if (new Date(invitation.expireLe) <= now) return 'Expiré';
  return 'Actif';
}

/**
 * On the back-office lieu page (gestionnaire, admin): invite the lieu's structure to keep it true (to which address,
 * with what result), and the links already sent, each of which can be turned off at once.
 */
export function InvitationsPanel({ lieuId, courriel }: { lieuId: string; courriel: string | undefined }) {
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ severity: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const url = `/api/v1/lieux/${encodeURIComponent(lieuId)}/invitations`;

  const load = useCallback(async () => {
    try {
      setInvitations((await api<{ invitations: Invitation[] }>(url)).invitations);
      setListError(null);
    } catch (e) {
      setListError(errorMessage(e));
    }
  }, [url]);

  useEffect(() => {
    let cancelled = false;
    api<{ invitations: Invitation[] }>(url).then(
      (answer) => !cancelled && setInvitations(answer.invitations),
      (e: unknown) => !cancelled && setListError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [url]);

  function say(severity: 'success' | 'error' | 'warning', text: string) {
    setNotice({ severity, text });
    setTimeout(() => noticeRef.current?.focus(), 0);
  }

  async function invite() {
    setBusy(true);
    try {
      const answer = await api<SentInvitations>(url, { method: 'POST' });
      const sent = answer.envoyees[0];
      if (sent?.envoye) say('success', `Invitation envoyée à ${sent.email}. Le lien est valable 30 jours et ne donne accès qu’à ce lieu.`);
      else if (sent) say('error', `Le lien a été créé mais l’e-mail à ${sent.email} n’est pas parti : ${sent.erreur ?? 'erreur du serveur d’envoi'}. Réessayez plus tard.`);
      else say('warning', `Aucune invitation envoyée : ${answer.ignores[0]?.raison ?? 'le lieu n’a pas d’adresse e-mail'}.`);
      await load();
    } catch (e) {
      say('error', `L’invitation n’a pas été envoyée : ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(invitation: Invitation) {
    try {
      await api(`/api/v1/invitations/${encodeURIComponent(invitation.id)}`, { method: 'DELETE' });
      say('success', `Le lien envoyé le ${formatDay(invitation.creeLe)} à ${invitation.email} est désactivé : il ne fonctionne plus.`);
      await load();
    } catch (e) {
      say('error', `Le lien n’a pas été désactivé : ${errorMessage(e)}`);
    }
  }

  const now = new Date();
  return (
    <section aria-labelledby="invitations" className={fr.cx('fr-mb-4w')}>
      <h2 id="invitations" className={fr.cx('fr-h4')}>
        Mise à jour par la structure
      </h2>
      {courriel ? (
        <p>
          La structure reçoit par e-mail un lien pour vérifier et corriger elle-même ce lieu, sans compte. Il part à <strong>{courriel}</strong>{' '}
          (première adresse e-mail du lieu), fonctionne 30 jours et ne donne accès qu’à ce lieu.
        </p>
      ) : (
        <p>
          Ce lieu n’a pas d’adresse e-mail : <Link to={`/lieux/${encodeURIComponent(lieuId)}/modifier`}>ajoutez-en une</Link> pour pouvoir inviter la
          structure.
        </p>
      )}
      <div ref={noticeRef} tabIndex={-1} className="maillage-notice">
        {notice && <Alert className={fr.cx('fr-mb-2w')} severity={notice.severity} small description={notice.text} />}
      </div>
      {courriel && (
        <Button disabled={busy} onClick={() => void invite()} className={fr.cx('fr-mb-3w')}>
          {busy ? 'Envoi…' : 'Inviter la structure à mettre à jour ce lieu'}
        </Button>
      )}
      {listError && <Alert severity="error" small description={`La liste des liens n’a pas pu être chargée : ${listError}`} />}
      {invitations === null && !listError && <p role="status">Chargement des liens envoyés…</p>}
      {invitations?.length === 0 && <p>Aucun lien n’a encore été envoyé pour ce lieu.</p>}
      {invitations && invitations.length > 0 && (
        <DataTable
          caption="Liens envoyés pour ce lieu"
          headers={['Envoyé le', 'À', 'Valable jusqu’au', 'Dernière utilisation', 'État', 'Action']}
          rows={invitations.map((invitation) => {
            const state = stateOf(invitation, now);
            return {
              key: invitation.id,
              cells: [
                formatDate(invitation.creeLe),
                invitation.lieux.length > 1 ? `${invitation.email} (lien pour ${invitation.lieux.length} lieux)` : invitation.email,
                formatDay(invitation.expireLe),
                invitation.utiliseLe ? formatDate(invitation.utiliseLe) : 'Jamais utilisé',
                state,
                state === 'Actif' ? (
                  <Button size="small" priority="secondary" onClick={() => void revoke(invitation)}>
                    Désactiver<span className={fr.cx('fr-sr-only')}> le lien envoyé le {formatDate(invitation.creeLe)}</span>
                  </Button>
                ) : (
                  '—'
                ),
              ],
            };
          })}
        />
      )}
    </section>
  );
}
