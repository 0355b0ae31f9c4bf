/**
 * The memory of the PostgreSQL server spent on one database while a step runs: every
 * INTERVAL_MS, the backends serving it (pg_stat_activity, parallel workers included) and
 * their private resident memory (RssAnon in /proc/PID/status: sorts, hashes, caches; the
 * shared buffers every backend maps are left out, as they would be counted once per
 * backend). The peak of their sum is the figure. Null where /proc of the server's
 * processes cannot be read (another machine, another container, no permission).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const INTERVAL_MS = 250;

function privateRssKb(pid: number): number | null {
  try {
    const match = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export interface ServerMemorySampler {
  /** Stops sampling; the peak summed private RSS in MB, or null when it could not be read. */
  stop(): Promise<number | null>;
}

export async function sampleServerMemory(serverUrl: string, database: string): Promise<ServerMemorySampler> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  let peakKb: number | null = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
      let sum = 0;
      let readable = false;
      for (const { pid } of rows) {
        const kb = privateRssKb(pid);
        if (kb === null) continue;
        readable = true;
        sum += kb;
      }
      if (readable) peakKb = Math.max(peakKb ?? 0, sum);
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      await client.end().catch(() => undefined);
      return peakKb === null ? null : peakKb / 1024;
    },
  };
}
