import { fileURLToPath } from 'node:url';
import express from 'express';
import { z } from 'zod';
import { mintToken } from './auth.ts';
import type { ErrorCode } from './errors.ts';
import { zodProblem, type Services } from './http.ts';
import { ROLES } from './permissions.ts';

/**
 * The web page (static files in web/, no build step, no external assets) and what it
 * needs to sign in: `/auth/config` says how (the issuer's authorization code flow with
 * PKCE, the embedded demo sign-in, or a token from `hennep token`), and
 * `/auth/demo-sign-in` mints a token for a chosen role — only when HENNEP_DEMO_SIGN_IN=on
 * (never with an issuer), and recorded in the audit log.
 */
const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
const DEMO_TTL_SECONDS = 8 * 3600;

const demoSignIn = z.strictObject({
  role: z.enum(ROLES),
  name: z.string().trim().regex(/^[\w.@ -]{2,40}$/, 'a name of 2–40 letters, digits, spaces, . _ @ or -'),
});

export function webRoutes(services: Services): express.Router {
  const router = express.Router();
  const { config } = services;
  router.get('/auth/config', (_req, res) => {
    res.json({
      mode: config.oidc.issuer ? 'oidc' : 'embedded',
      demoSignIn: config.demoSignIn,
      issuer: config.oidc.issuer ?? null,
      clientId: config.oidc.issuer ? config.oidc.clientId : null,
      roles: ROLES,
    });
  });
  if (config.demoSignIn) {
    router.post('/auth/demo-sign-in', express.json({ limit: '2kb' }), async (req, res) => {
      const parsed = demoSignIn.safeParse(req.body ?? {});
      if (!parsed.success) {
        const { field, message } = zodProblem(parsed.error, 'body');
        res.status(400).json({ error: { code: 'invalid_request' satisfies ErrorCode, message: `${field}: ${message}`, field } });
        return;
      }
      const subject = parsed.data.name.replace(/\s+/g, '-').toLowerCase();
      try {
        await services.audit.append({ actor: subject, role: parsed.data.role, action: 'session:demo-sign-in', method: 'POST', path: '/auth/demo-sign-in', status: 201, detail: { name: parsed.data.name, ip: req.ip } });
      } catch {
        res.status(503).json({ error: { code: 'audit_unavailable' satisfies ErrorCode, message: 'the audit log could not record the sign-in, so none is given' } });
        return;
      }
      const token = await mintToken(config, { user: subject, roles: [parsed.data.role], ttlSeconds: DEMO_TTL_SECONDS });
      res.status(201).json({ token, expiresIn: DEMO_TTL_SECONDS });
    });
  }
  router.use(express.static(WEB_DIR, { index: 'index.html', maxAge: 0 }));
  return router;
}
