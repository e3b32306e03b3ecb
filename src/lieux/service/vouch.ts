/**
 * Someone vouched for a lieu's information: saved it or said it is right. Moves the lieu's confirmation date (and, for
 * its own structure, the structure's date) and keeps the event for the reliability dashboard's history.
 */
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { lieuFreshnessEvents, lieux, type FreshnessActor, type FreshnessEventKind } from '../schema';

/** Who vouches when this actor writes: the structure through its link, a signed-in person as gestionnaire. */
export function voucherOf(actor: Actor): FreshnessActor | null {
  if (actor.kind === 'invitation') return 'structure';
  if (actor.kind === 'user') return 'gestionnaire';
  return null;
}

export async function vouchForLieu(
  db: Database,
  event: { lieuId: string; kind: FreshnessEventKind; by: FreshnessActor; at: Date; simulated?: boolean },
): Promise<void> {
  await db
    .update(lieux)
    .set(event.by === 'structure' ? { confirmedAt: event.at, structureUpdatedAt: event.at } : { confirmedAt: event.at })
    .where(eq(lieux.id, event.lieuId));
  await db.insert(lieuFreshnessEvents).values({
    lieuId: event.lieuId,
    at: event.at,
    kind: event.kind,
    by: event.by,
    simulated: event.simulated ?? false,
  });
}
