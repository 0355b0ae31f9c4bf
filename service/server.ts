import type { AddressInfo } from 'node:net';
import type { Config } from '../config/index.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { startRetrainSchedule } from '../training/schedule.ts';
import { createApp } from './app.ts';

/**
 * Runs the service: database (migrated), HTTP server, retrain schedule. SIGTERM or SIGINT
 * stop the schedule (waiting for a running job), close the server, then the database.
 */
export async function serve(config: Config, log: (message: string) => void): Promise<{ port: number; close(): Promise<void> }> {
  const db = await openDatabase(config);
  await migrate(db.pool);
  const app = createApp(db.pool);
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const schedule = startRetrainSchedule(db.pool, config, log);
  log(`listening on http://${config.host}:${port}; database ${db.kind} ${db.location}; retrain ${config.retrainCron ? `on '${config.retrainCron}'` : 'off'}`);
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await schedule?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    })());
  return { port, close };
}
