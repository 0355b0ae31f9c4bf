/**
 * Requests no route takes — an unknown path, or one whose percent-encoding does not decode
 * (which would fail inside the router) — refused through the same steps as any route:
 * authenticated first (an unauthenticated caller gets the 401 instead), rate-limited,
 * audited, and answered by the one error responder.
 */
import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { Services } from '../services.ts';
import { auditUnavailable, failureDetail, recordRequest } from './audit-step.ts';
import { authenticateStep } from './authenticate.ts';
import { asHttpError, sendError } from './error-responder.ts';
import type { HttpError } from './errors.ts';
import { rateLimit } from './rate-limit.ts';

/** Answers a request no route takes with `refusal`, audited as `action`. */
export async function refuseUnrouted(
  req: express.Request,
  res: express.Response,
  services: Services,
  { action, refusal }: { action: string; refusal: HttpError },
): Promise<void> {
  const requestId = randomUUID();
  let actor = 'anonymous';
  let failure = refusal;
  try {
    actor = (await authenticateStep(req, res, services)).subject;
    rateLimit(services.limiter, actor, res);
  } catch (error) {
    failure = asHttpError(error, services.log, requestId);
  }
  const auditError = await recordRequest(services, {
    actor,
    action,
    method: req.method,
    path: req.baseUrl + req.path,
    status: failure.status,
    detail: { ...failureDetail(failure), ip: req.ip },
  });
  if (auditError) failure = auditUnavailable();
  sendError(res, failure, { log: services.log, requestId });
}

/** The first path segment that does not percent-decode, or null when all do. */
export function undecodable(path: string): string | null {
  if (!path.includes('%')) return null;
  for (const segment of path.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}
