import { createHmac, randomBytes } from 'node:crypto';
import { and, count, eq, gt, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit';
import { getSetting, type Database } from '../../platform/db';
import { settings } from '../../platform/db/settings-schema';
import { lieuxTables } from '../../lieux';
import { lieuReports, type ReportCategory } from './schema';

/** Rate limits, counted in the database so every replica shares them. */
export const REPORT_LIMITS = { perIpPerHour: 5, perLieuPerHour: 30 } as const;
const { lieux } = lieuxTables;
const HOUR_MS = 60 * 60 * 1000;
const SECRET_KEY = 'orientation.signalements.ip_secret';

export interface NewReport {
  lieuId: string;
  category: ReportCategory;
  message: string;
  reporterEmail: string | null;
  ip: string;
}

export type ReportOutcome =
  | { kind: 'created'; id: string }
  | { kind: 'unknown_lieu' }
  | { kind: 'rate_limited'; by: 'ip' | 'lieu' };

/** The per-installation secret keying the IP hash (created once; a plain sha256 of an IPv4 is trivially reversible). */
async function ipSecret(db: Database): Promise<string> {
  const existing = await getSetting<string>(db, SECRET_KEY);
  if (existing) return existing;
  await db.insert(settings).values({ key: SECRET_KEY, value: randomBytes(32).toString('hex') }).onConflictDoNothing();
  return (await getSetting<string>(db, SECRET_KEY))!;
}

export async function hashIp(db: Database, ip: string): Promise<string> {
  return createHmac('sha256', await ipSecret(db)).update(ip).digest('hex');
}

/** Stores a report with its audit entry in one transaction, after the rate limits (serialised per IP hash). */
export async function createReport(db: Database, input: NewReport, now: Date): Promise<ReportOutcome> {
  const ipHash = await hashIp(db, input.ip);
  return db.transaction(async (tx) => {
    const [lieu] = await tx
      .select({ codeInsee: lieux.codeInsee, departement: lieux.departement })
      .from(lieux)
      .where(eq(lieux.id, input.lieuId));
    if (!lieu) return { kind: 'unknown_lieu' } as const;

    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'lieu-report:ip:' + ipHash}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'lieu-report:lieu:' + input.lieuId}))`);
    const since = new Date(now.getTime() - HOUR_MS);
    const [byIp] = await tx
      .select({ n: count() })
      .from(lieuReports)
      .where(and(eq(lieuReports.ipHash, ipHash), gt(lieuReports.createdAt, since)));
    if ((byIp?.n ?? 0) >= REPORT_LIMITS.perIpPerHour) return { kind: 'rate_limited', by: 'ip' } as const;
    const [byLieu] = await tx
      .select({ n: count() })
      .from(lieuReports)
      .where(and(eq(lieuReports.lieuId, input.lieuId), gt(lieuReports.createdAt, since)));
    if ((byLieu?.n ?? 0) >= REPORT_LIMITS.perLieuPerHour) return { kind: 'rate_limited', by: 'lieu' } as const;

    const [row] = await tx
      .insert(lieuReports)
      .values({
        lieuId: input.lieuId,
        category: input.category,
        message: input.message,
        reporterEmail: input.reporterEmail,
        departement: lieu.departement,
        codeInsee: lieu.codeInsee,
        ipHash,
        createdAt: now,
      })
      .returning({ id: lieuReports.id });
    await recordChange(
      tx as unknown as Database,
      {
        actor: { kind: 'system' },
        entity: 'lieu_report',
        entityId: row!.id,
        action: 'create',
        before: null,
        // The reporter's e-mail is personal data: the audit entry says only whether one was left.
        after: { lieuId: input.lieuId, category: input.category, message: input.message, avecCourriel: !!input.reporterEmail },
        source: 'public',
      },
      now,
    );
    return { kind: 'created', id: row!.id } as const;
  });
}
