/** The database: one connection (PostgreSQL or the embedded default), migrations, transactions and the audit chain's hashing. */
export { isSingleSession, openDatabase, openMemoryDatabase, redactUrl, type Database, type DatabaseKind } from './connect.ts';
export { migrate, listMigrations, type Migration } from './migrate.ts';
export { withTransaction } from './transaction.ts';
export { adminQuery } from './admin.ts';
export type { Queryable } from './queryable.ts';
export {
  appendEntries,
  assertEntry,
  GENESIS,
  rowHash,
  type AuditEntry,
  canonicalJson,
  type AuditRow,
  isReservedActor,
} from './audit-chain.ts';
