/**
 * Runs the service: database (migrated), HTTP server, retrain, retention and audit
 * checkpoint schedules. `close` (SIGTERM, SIGINT) stops accepting connections, stops the
 * schedules (waiting for a running job), lets in-flight requests and queued audit entries
 * finish, signs the audit log's final head, then closes the database.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Config } from '../config/index.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { startRetrainSchedule } from '../training/index.ts';
import { createApp } from './app.ts';
import { startCheckpointSchedule } from './audit/index.ts';
import { createAuthenticator } from './auth/index.ts';
import { startRetentionSchedule } from './retention.ts';

/** Serves `config` until `close` is called; the port it listens on (HENNEP_PORT=0: any free one). */
export async function serve(
  config: Config,
  log: pino.Logger = pino({ level: config.logLevel }),
): Promise<{ port: number; close(): Promise<void> }> {
  const db = await openDatabase(config, { keepConnections: true });
  await migrate(db.pool);
  const authenticator = await createAuthenticator(config);
  const { app, drain } = createApp({ pool: db.pool, config, authenticator, log });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const note = (message: string) => log.info(message);
  const retrain = startRetrainSchedule(db.pool, config, note);
  const retention = startRetentionSchedule(db.pool, config.retentionCron, config.retentionDays, note);
  const checkpoints = await startCheckpointSchedule(db.pool, config, log);
  log.info(
    {
      database: db.kind,
      auth: authenticator.mode,
      issuer: authenticator.issuer,
      retrain: config.retrainCron ?? 'off',
      retention: config.retentionCron ?? 'off',
      auditCheckpoints: config.auditCheckpointCron ?? 'off',
    },
    `listening on http://${config.host}:${port}; database ${db.kind} ${db.location}`,
  );
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([retrain?.stop(), retention?.stop()]);
      await closed;
      await drain();
      // After the drain: the checkpoint signs the last entry this process wrote.
      await checkpoints?.stop();
      await db.close();
    })());
  return { port, close };
}
