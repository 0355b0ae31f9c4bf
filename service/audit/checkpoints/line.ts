/**
 * One checkpoint: the audit log's head (seq and hash) at a time, signed by the writer's
 * key. One JSON object per line. The line carries the public key and its id, so anyone
 * can check the signature; what makes a checkpoint worth trusting is where it is kept
 * (outside the database, ideally write-once), not who may read the key.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { keyIdOf, type CheckpointKey } from './key.ts';

/** One line of a checkpoint file. */
export const checkpointLineSchema = z.strictObject({
  v: z.literal(1),
  seq: z.number().int().min(0).describe('the last entry of the chain when the checkpoint was taken'),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("that entry's hash"),
  time: z.iso.datetime().describe('when the head was read, UTC'),
  reason: z.enum(['start', 'schedule', 'shutdown']),
  writer: z.string().max(300).describe('host:pid of the service that wrote it'),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  publicKey: z.string().max(200).describe('base64 of the SPKI DER of the Ed25519 key'),
  signature: z.string().max(200).describe('base64 Ed25519 signature of the other fields'),
});

export type CheckpointLine = z.infer<typeof checkpointLineSchema>;
export type CheckpointFields = Pick<CheckpointLine, 'seq' | 'hash' | 'time' | 'reason' | 'writer'>;

/**
 * What is signed: every field but the signature, as a JSON array in a fixed order behind a
 * label of its own — spelled out here, so that no change elsewhere can change the bytes.
 */
function signedBytes(line: Omit<CheckpointLine, 'signature'>): Buffer {
  const { v, seq, hash, time, reason, writer, keyId, publicKey } = line;
  return Buffer.from(`hennep-audit-checkpoint\n${JSON.stringify([v, seq, hash, time, reason, writer, keyId, publicKey])}`, 'utf8');
}

export function signCheckpoint(fields: CheckpointFields, key: CheckpointKey): CheckpointLine {
  const unsigned = { v: 1 as const, ...fields, keyId: key.keyId, publicKey: key.publicKey };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key.privateKey).toString('base64') };
}

/** Public keys of checkpoint lines decoded on one walk through the files, by key id and key (or why the key is no key). */
export type DecodedKeys = Map<string, KeyObject | string>;

/**
 * Null when the line's signature verifies under the key it names; else what is wrong.
 * `keys` holds the keys decoded so far: a few keys sign thousands of lines, and each is
 * decoded and checked once per walk.
 */
export function signatureProblem(line: CheckpointLine, keys: DecodedKeys = new Map()): string | null {
  const key = publicKeyOf(line, keys);
  if (typeof key === 'string') return key;
  const { signature, ...unsigned } = line;
  return verify(null, signedBytes(unsigned), key, Buffer.from(signature, 'base64'))
    ? null
    : 'its signature does not verify: the line was changed after it was signed';
}

function publicKeyOf(line: CheckpointLine, keys: DecodedKeys): KeyObject | string {
  const id = `${line.keyId} ${line.publicKey}`;
  let key = keys.get(id);
  if (key === undefined) {
    key = decodePublicKey(line.publicKey, line.keyId);
    if (keys.size >= 1000) keys.clear();
    keys.set(id, key);
  }
  return key;
}

function decodePublicKey(publicKey: string, keyId: string): KeyObject | string {
  const der = Buffer.from(publicKey, 'base64');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return 'its public key is not a key';
  }
  if (key.asymmetricKeyType !== 'ed25519') return `its public key is ${key.asymmetricKeyType}, not Ed25519`;
  if (keyIdOf(der) !== keyId) return `its key id ${keyId} is not the id of its public key`;
  return key;
}
