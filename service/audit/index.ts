/** The audit log: its writer, the chain walk, the signed checkpoints of its head, and the auditor's routes. */
export { appendEntries, canonicalJson, GENESIS, rowHash, type AuditEntry, type AuditRow } from '../../db/index.ts';
export { AuditLog } from './log.ts';
export { HEAD_PATTERN, parseHead, verifyAuditLog, type VerifyProblem, type VerifyResult } from './verify.ts';
export { auditRoutes } from './routes.ts';
export {
  CHECKPOINT_KEY_FILE,
  CheckpointWriter,
  existingKeyId,
  startCheckpointSchedule,
  verifyAuditLogWithCheckpoints,
  type CheckpointLine,
  type CheckpointReport,
} from './checkpoints/index.ts';
