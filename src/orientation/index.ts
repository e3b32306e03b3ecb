/** The orientation module's only public door: the engine, its live index over the registry, and its HTTP API. */
export * from './domain';
export { createOrientationIndex, type OrientationIndex, type OrientationIndexOptions } from './refresh';
export {
  orientationModule,
  DEFAULT_LIMIT,
  DEFAULT_RADIUS_KM,
  MAX_LIMIT,
  MAX_RADIUS_KM,
  MIN_RADIUS_KM,
} from './routes';
export {
  reportsModule,
  createReport,
  hashIp,
  lieuReports,
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  type ReportCategory,
  type ReportStatus,
} from './reports';
export { ficheModule, LoggingSmsProvider, type SmsProvider, listReceived, markReceived, openingHoursLines } from './fiche';
