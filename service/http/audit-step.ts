/**
 * The audit step: every API request is recorded, refusals too, and its answer leaves only
 * after the entry is committed; when the entry cannot be written the caller gets 503 and
 * nothing else.
 */
import type express from 'express';
import type { AuditEntry } from '../audit/log.ts';
import type { Services } from '../services.ts';
import { HttpError } from './errors.ts';

/** What the audit detail of a refusal says about it. */
export function failureDetail(failure: HttpError): Record<string, unknown> {
  const detail: Record<string, unknown> = { error: failure.code };
  if (failure.extra.reason) detail.reason = failure.extra.reason;
  if (failure.extra.field) detail.field = failure.extra.field;
  return detail;
}

/** The address a path or body names, for the audit log of refused requests. */
export function addressIdOf(req: express.Request): string | null {
  const id = req.params?.addressId ?? (req.body as { addressId?: unknown } | undefined)?.addressId;
  return typeof id === 'string' && /^[0-9]{16}$/.test(id) ? id : null;
}

/** Appends `entry`; settles with the error instead of rejecting, so that nothing thrown meanwhile can leave it unhandled. */
export function recordRequest(services: Services, entry: AuditEntry): Promise<Error | null> {
  return services.audit.append(entry).then(
    () => null,
    (error: unknown) => error as Error,
  );
}

/** The answer to a request whose audit entry could not be written. */
export function auditUnavailable(): HttpError {
  return new HttpError(503, 'audit_unavailable', 'the audit log could not record this request, so it is not answered; try again shortly');
}
