/** Key files (the embedded issuer's, the checkpoint signer's) put in place once, also when two processes start at the same moment. */
import { randomUUID } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Puts a newly made key file in place once: written whole under a name of its own, then
 * linked to `file`. A process starting at the same moment on the same directory sees no
 * key or a complete one; the key linked first is the one every process uses. False when
 * another process's key was there first (read that one).
 */
export async function placeKeyFile(file: string, text: string): Promise<boolean> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    await unlink(temporary);
  }
}
