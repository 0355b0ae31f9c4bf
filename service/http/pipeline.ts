/**
 * The pipeline every API request goes through, as named steps in this order: authenticate
 * the bearer token (401), rate-limit (429), check the permission (403), check the purpose
 * for address-level data (400), parse path, query and body (400), handle, audit — the
 * entry committed before the answer leaves, so no data is shown that the audit log does
 * not record — and respond. Any failure on the way goes to the one error responder.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { AuditEntry } from '../audit/log.ts';
import type { Principal } from '../auth/principal.ts';
import { grantingRole, PERMISSIONS, type Action, type Role } from '../permissions.ts';
import type { Services } from '../services.ts';
import { addressIdOf, auditUnavailable, failureDetail, recordRequest } from './audit-step.ts';
import { authenticateStep } from './authenticate.ts';
import { asHttpError, sendError } from './error-responder.ts';
import { HttpError } from './errors.ts';
import { parseRequest } from './parse.ts';
import { checkPurpose, PURPOSE_MAX, purposeOf } from './purpose.ts';
import { rateLimit } from './rate-limit.ts';
import { sendResult } from './respond.ts';
import { API_PREFIX, type RequestContext, type RouteResult, type RouteSpec } from './route.ts';

/** One request on its way through the pipeline. */
interface Exchange {
  req: express.Request;
  res: express.Response;
  requestId: string;
  started: number;
  /** The audit entry as far as it is known: filled in as the steps learn who asks and as whom. */
  entry: AuditEntry;
  result: RouteResult | null;
  failure: HttpError | null;
}

/** Mounts one route with the whole pipeline. */
export function mount(router: express.Router, spec: RouteSpec, services: Services): void {
  const jsonBody = express.json({ limit: services.config.bodyLimit });
  const pattern = `${API_PREFIX}${spec.path}`;
  router[spec.method](spec.path, async (req, res) => {
    const entry: AuditEntry = {
      actor: 'anonymous',
      role: null,
      action: spec.action,
      method: req.method,
      path: req.baseUrl + req.path,
      status: 0,
    };
    const exchange: Exchange = { req, res, requestId: randomUUID(), started: performance.now(), entry, result: null, failure: null };
    try {
      exchange.result = await admitAndHandle(spec, services, { ...exchange, jsonBody });
    } catch (error) {
      exchange.failure = asHttpError(error, services.log, exchange.requestId);
    }
    await auditAndRespond(spec, services, { ...exchange, pattern });
  });
}

/** The steps up to the handler's answer; each throws the refusal it finds. */
async function admitAndHandle(
  spec: RouteSpec,
  services: Services,
  exchange: Exchange & { jsonBody: express.RequestHandler },
): Promise<RouteResult> {
  const { req, res, entry } = exchange;
  const principal = await authenticateStep(req, res, services);
  entry.actor = principal.subject;
  entry.role = principal.roles.join(' ') || null;
  rateLimit(services.limiter, principal.subject, res);
  const role = permit(spec.action, principal);
  entry.role = role;
  const bound = PERMISSIONS[spec.action].purpose;
  const purpose = bound ? purposeStep(req, entry) : null;
  const input = await parseRequest(spec, exchange, bound);
  const auditBase = { actor: entry.actor, role, method: entry.method, path: entry.path, purpose };
  const context = { principal, role, purpose, ...input, services, auditBase };
  return spec.handler(context as RequestContext<Record<string, unknown>, Record<string, unknown>, unknown>);
}

/** The permission step: the first of the principal's roles that holds `action`, or 403 naming who does. */
function permit(action: Action, principal: Principal): Role {
  const role = grantingRole(principal.roles, action);
  if (role) return role;
  const permission = PERMISSIONS[action];
  throw new HttpError(
    403,
    'forbidden',
    `${action} (${permission.description}) is for ${permission.roles.join(', ')}; your roles: ${principal.roles.join(', ') || 'none'}`,
  );
}

/** The purpose step: the request's purpose, recorded with its audit entry whether or not it will do. */
function purposeStep(req: express.Request, entry: AuditEntry): string {
  const purpose = purposeOf(req);
  // Cut by characters, not UTF-16 units: a cut through an emoji would not store as hashed.
  entry.purpose = purpose === null ? null : [...purpose].slice(0, PURPOSE_MAX).join('');
  const problem = checkPurpose(purpose);
  if (problem) throw new HttpError(400, 'purpose_required', problem, { field: 'X-Purpose' });
  return purpose!;
}

/**
 * The audit and respond steps. The answer is written out while its entry commits (it
 * leaves only after the commit): otherwise the serving thread sits idle through the commit
 * with the work at hand.
 */
async function auditAndRespond(spec: RouteSpec, services: Services, exchange: Exchange & { pattern: string }): Promise<void> {
  const { req, res, requestId, entry } = exchange;
  let { result, failure } = exchange;
  const status = failure ? failure.status : (result!.status ?? spec.successStatus ?? 200);
  // The client's address as the load balancer reports it (HENNEP_TRUST_PROXY).
  const detail = { ...(result?.detail ?? {}), ...(failure ? failureDetail(failure) : {}), ip: req.ip };
  const committed = result?.audited
    ? Promise.resolve(null)
    : recordRequest(services, { ...entry, addressId: result?.addressId ?? addressIdOf(req), status, detail });
  let json = '';
  if (result && !result.raw) {
    try {
      json = JSON.stringify(result.body);
    } catch (error) {
      // A body that cannot be written (a fault): 500 in the log and metrics, not Express's own page.
      failure = asHttpError(error, services.log, requestId);
      result = null;
    }
  }
  const auditError = await committed;
  if (auditError) {
    services.log.error({ requestId, err: auditError.message }, 'audit entry could not be written; the answer was withheld');
    failure = auditUnavailable();
    result = null;
  }
  const finalStatus = failure ? failure.status : status;
  const ms = performance.now() - exchange.started;
  services.metrics.observe(spec.method.toUpperCase(), exchange.pattern, finalStatus, ms / 1000);
  services.log.info(
    { requestId, method: req.method, route: exchange.pattern, status: finalStatus, role: entry.role, ms: Math.round(ms) },
    'request',
  );
  if (failure) sendError(res, failure, { log: services.log, requestId });
  else sendResult(res, { status: finalStatus, result: result!, json, requestId });
}
