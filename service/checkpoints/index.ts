export { CHECKPOINT_KEY_FILE, checkpointKey, keyIdOf, type CheckpointKey } from './key.ts';
export { checkpointLineSchema, signatureProblem, signCheckpoint, type CheckpointLine } from './line.ts';
export { appendCheckpoint, checkpointFileName, readCheckpoints } from './files.ts';
export { CheckpointWriter } from './writer.ts';
export { startCheckpointSchedule, type CheckpointSchedule } from './schedule.ts';
export { compareWithCheckpoints } from './compare.ts';
export { verifyAuditLogWithCheckpoints, type CheckpointReport, type CheckpointSummary, type VerifiedAuditLog } from './verify.ts';
