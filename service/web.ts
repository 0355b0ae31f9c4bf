/**
 * The web page (static files in web/, no build step, no external assets) and what it
 * needs to sign in: `/auth/config` says how (the issuer's authorization code flow with
 * PKCE, the embedded demo sign-in, or a token from `hennep token`), and
 * `/auth/demo-sign-in` mints a token for a chosen role — only when HENNEP_DEMO_SIGN_IN=on
 * (never with an issuer), and recorded in the audit log.
 */
import { fileURLToPath } from 'node:url';
import express from 'express';
import { z } from 'zod';
import { mintToken } from './auth/issuer.ts';
import { sendError } from './http/error-responder.ts';
import { HttpError } from './http/errors.ts';
import { parseWith } from './http/parse.ts';
import { ROLES } from './permissions.ts';
import type { Services } from './services.ts';

const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
const DEMO_TTL_SECONDS = 8 * 3600;

const demoSignIn = z.strictObject({
  role: z.enum(ROLES),
  name: z
    .string()
    .trim()
    .regex(/^[\w.@ -]{2,40}$/, 'a name of 2–40 letters, digits, spaces, . _ @ or -'),
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
  if (config.demoSignIn)
    router.post('/auth/demo-sign-in', express.json({ limit: '2kb' }), (req, res) => demoSignInRoute(services, req, res));
  router.use(express.static(WEB_DIR, { index: 'index.html', maxAge: 0 }));
  return router;
}

/** A token for the role asked for, recorded in the audit log before it is given. */
async function demoSignInRoute(services: Services, req: express.Request, res: express.Response): Promise<void> {
  const { log, config } = services;
  let who: z.infer<typeof demoSignIn>;
  try {
    who = parseWith(demoSignIn, req.body ?? {}, 'body');
  } catch (error) {
    sendError(res, error, { log });
    return;
  }
  const subject = who.name.replace(/\s+/g, '-').toLowerCase();
  try {
    await services.audit.append({
      actor: subject,
      role: who.role,
      action: 'session:demo-sign-in',
      method: 'POST',
      path: '/auth/demo-sign-in',
      status: 201,
      detail: { name: who.name, ip: req.ip },
    });
  } catch {
    sendError(res, new HttpError(503, 'audit_unavailable', 'the audit log could not record the sign-in, so none is given'), { log });
    return;
  }
  const token = await mintToken(config, { user: subject, roles: [who.role], ttlSeconds: DEMO_TTL_SECONDS });
  res.status(201).json({ token, expiresIn: DEMO_TTL_SECONDS });
}
