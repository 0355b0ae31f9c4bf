export { isSingleSession, openDatabase, openMemoryDatabase, redactUrl, type Database, type DatabaseKind } from './connect.ts';
export { migrate, listMigrations, type Migration } from './migrate.ts';
export { withTransaction } from './transaction.ts';
export { adminQuery } from './admin.ts';
export type { Queryable } from './queryable.ts';
