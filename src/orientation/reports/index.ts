/** Public error reports on lieux ("Signaler une erreur"), kept for the territory's gestionnaires. */
export { reportsModule, REPORT_THANKS, HONEYPOT_FIELD } from './routes';
export { createReport, hashIp, REPORT_LIMITS, type ReportOutcome } from './service';
export { lieuReports, REPORT_CATEGORIES, REPORT_STATUSES, type ReportCategory, type ReportStatus } from './schema';
