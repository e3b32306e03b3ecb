export { openDatabase, isUniqueViolation, ping, redactUrl, migrationsFolder } from './client';
export type { Database, DatabaseHandle, Schema } from './client';
export * as tables from './schema';
export { getSetting, setSetting } from './settings';
