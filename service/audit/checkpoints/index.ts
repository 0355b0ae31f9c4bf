/** Signed checkpoints of the audit log's head: written by each replica, held against the chain when it is verified. */
export { CHECKPOINT_KEY_FILE, checkpointKey, existingKeyId, keyIdOf, type CheckpointKey } from './key.ts';
export { checkpointLineSchema, signatureProblem, signCheckpoint, type CheckpointLine } from './line.ts';
export { appendCheckpoint, checkpointFileName, forEachCheckpoint } from './files.ts';
export { CheckpointWriter } from './writer.ts';
export { startCheckpointSchedule, type CheckpointSchedule } from './schedule.ts';
export { compareWithCheckpoints, type SignedHead } from './compare.ts';
export {
  verifyAuditLogWithCheckpoints,
  type CheckpointReport,
  type CheckpointSummary,
  type SigningKey,
  type VerifiedAuditLog,
} from './verify.ts';
