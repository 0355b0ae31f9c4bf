/**
 * The authenticate step: the request's bearer token verified, as the principal or as the
 * error the caller gets — 401 naming the reason, 503 when the issuer cannot be reached.
 * Shared by every API answer, also the refusals of paths no route takes.
 */
import type express from 'express';
import type { Logger } from 'pino';
import { AuthError, type Authenticator, type Principal } from '../auth/principal.ts';
import type { Services } from '../services.ts';
import { HttpError } from './errors.ts';
import { rateLimit } from './rate-limit.ts';

/** The token of `Authorization: Bearer <token>`: null when there is no header, '' when it is not of that form. */
function bearerToken(req: express.Request): string | null {
  const header = req.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  return match ? match[1]! : '';
}

export async function authenticate(req: express.Request, authenticator: Authenticator, log?: Logger): Promise<Principal> {
  const token = bearerToken(req);
  if (token === null)
    throw new HttpError(
      401,
      'unauthenticated',
      'this route needs a bearer token (Authorization: Bearer …); get one by signing in, or with hennep token in the embedded setup',
      { reason: 'missing' },
    );
  if (token === '')
    throw new HttpError(401, 'unauthenticated', 'the Authorization header is not "Bearer <token>"', { reason: 'malformed' });
  try {
    return await authenticator.verify(token);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    if (error.reason === 'unavailable') {
      // The network error behind it goes to the log only: it can name internal hosts.
      log?.warn({ problem: error.message, cause: error.internal }, 'OIDC issuer unavailable');
      throw new HttpError(503, 'issuer_unavailable', error.message);
    }
    throw new HttpError(401, 'unauthenticated', error.message, { reason: error.reason });
  }
}

/**
 * Step one of the pipeline. A request without a valid token is limited per client
 * address, so failed sign-ins cannot flood the audit log: once over the limit it gets 429
 * instead of its 401.
 */
export async function authenticateStep(req: express.Request, res: express.Response, services: Services): Promise<Principal> {
  try {
    return await authenticate(req, services.authenticator, services.log);
  } catch (error) {
    rateLimit(services.limiter, `ip:${req.ip}`, res);
    throw error;
  }
}
