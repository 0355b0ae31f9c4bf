/**
 * The key that signs audit checkpoints: Ed25519, kept in the data directory beside the
 * embedded issuer's key (`keys/`, mode 0600), never in the checkpoint directory, which
 * auditors read and which may be shipped elsewhere. Each replica has its own unless
 * replicas share a data directory; every checkpoint line carries its public key, so a
 * verifier needs no copy of the key and a replaced key (a new container) breaks nothing.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { placeKeyFile } from '../../key-file.ts';

/** The key's file in `keys/`. */
export const CHECKPOINT_KEY_FILE = 'audit-checkpoint-key.pem';

export interface CheckpointKey {
  privateKey: KeyObject;
  /** The public key as base64 of its SPKI DER encoding. */
  publicKey: string;
  keyId: string;
}

/** A key's id: the first 128 bits of the SHA-256 of its SPKI DER encoding, in hex. */
export function keyIdOf(publicKeyDer: Buffer): string {
  return createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32);
}

function describe(privateKey: KeyObject): CheckpointKey {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey: der.toString('base64'), keyId: keyIdOf(der) };
}

/** The id of the data directory's checkpoint key, or null when it has none (nothing is created). */
export async function existingKeyId(dataDir: string): Promise<string | null> {
  try {
    return describe(createPrivateKey(await readFile(join(dataDir, 'keys', CHECKPOINT_KEY_FILE), 'utf8'))).keyId;
  } catch {
    return null;
  }
}

/** The data directory's checkpoint key, created (mode 0600) on first use. */
export async function checkpointKey(dataDir: string): Promise<CheckpointKey> {
  const file = join(dataDir, 'keys', CHECKPOINT_KEY_FILE);
  try {
    const privateKey = createPrivateKey(await readFile(file, 'utf8'));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`it is an ${privateKey.asymmetricKeyType} key, not Ed25519`);
    return describe(privateKey);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(
        `${file}: the audit checkpoint key does not read (${(error as Error).message}); restore it, or move it away to have a new one made`,
        { cause: error },
      );
    }
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  if (!(await placeKeyFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string))) return checkpointKey(dataDir);
  return describe(privateKey);
}
