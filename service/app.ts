import express from 'express';
import type pg from 'pg';

/**
 * The Express application. This first cut serves health and readiness only; the risk
 * lists, explanations, roles and audit log are built on it.
 */
export function createApp(pool: pg.Pool): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const { rows } = await pool.query<{ active: number | null }>(`SELECT (SELECT version FROM models WHERE status = 'active') AS active`);
      res.json({ status: 'ready', activeModel: rows[0]?.active ?? null });
    } catch {
      // No driver message to an unauthenticated caller: it can carry hosts and names.
      res.status(503).json({ status: 'not ready', reason: 'the database does not answer' });
    }
  });
  return app;
}
