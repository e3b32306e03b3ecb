// Every table of the application, for drizzle-kit and the typed client.
export * from './settings-schema';
export * from '../auth/schema';
export * from '../audit/schema';
export * from '../mail/schema';
export * from '../../territory/schema';
export * from '../../lieux/schema';
export * from '../../orientation/reports/schema';
export * from '../../orientation/fiche/schema';
export * from '../../freshness/schema';
