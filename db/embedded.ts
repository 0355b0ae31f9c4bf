import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Embedded PostgreSQL (PGlite) served on a loopback port, so that all code talks to
 * one `pg.Pool` whichever database runs. PGlite is one session: the socket server
 * multiplexes connections and keeps a transaction's statements together.
 *
 * @param directory data directory; undefined = in memory
 */
export async function startEmbeddedServer(directory: string | undefined, connections: number): Promise<EmbeddedServer> {
  const releaseLock = directory ? await lockDirectory(directory) : async () => undefined;
  try {
    const db = await PGlite.create(directory ? { dataDir: directory } : {});
    // The pool plus a margin: a connection is only refused when the pool misbehaves.
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: connections + 4 });
    await server.start();
    const port = (server as unknown as { port: number }).port;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await server.stop();
        await db.close();
        await releaseLock();
      },
    };
  } catch (cause) {
    await releaseLock();
    throw cause;
  }
}

/**
 * PGlite's files may be opened by one process only; a second one would corrupt them.
 * A lock file holding the owner's pid makes the second process refuse with a reason.
 */
async function lockDirectory(directory: string): Promise<() => Promise<void>> {
  const lockFile = `${directory}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (owner && isAlive(owner)) {
        throw new Error(
          `the embedded database in ${directory} is in use by process ${owner} (a running 'hennep serve'?). ` +
            `Stop that process, or point DATABASE_URL at a PostgreSQL server so that several processes can share it.`,
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${join(directory)}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
