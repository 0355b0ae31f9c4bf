/**
 * What a route is: its method and path below /api/v1, the permission it needs, the zod
 * schemas of what it accepts and answers, and a handler. The request pipeline
 * (pipeline.ts) runs every route the same way; the OpenAPI document is made from these
 * declarations.
 */
import type { z } from 'zod';
import type { AuditEntry } from '../audit/log.ts';
import type { Principal } from '../auth/principal.ts';
import type { Action, Role } from '../permissions.ts';
import type { Services } from '../services.ts';

export const API_PREFIX = '/api/v1';

export interface RequestContext<P, Q, B> {
  principal: Principal;
  role: Role;
  purpose: string | null;
  params: P;
  query: Q;
  body: B;
  services: Services;
  /** The request's path (for audit entries written inside a transaction). */
  auditBase: Pick<AuditEntry, 'actor' | 'role' | 'method' | 'path' | 'purpose'>;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  addressId?: string | null;
  detail?: Record<string, unknown>;
  /** The handler already wrote the audit entry inside its own transaction. */
  audited?: boolean;
  /** Sent as is instead of JSON (CSV exports). */
  raw?: { contentType: string; filename?: string; text: string };
}

type AnyObject = z.ZodType<Record<string, unknown>>;

export interface RouteSpec<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post';
  /** Express path below /api/v1, e.g. `/addresses/:addressId/risk`. */
  path: string;
  action: Action;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** What a success answers, for the OpenAPI document. */
  response: z.ZodType;
  successStatus?: 200 | 201 | 202;
  /** Other answers this route gives besides the common ones (400/401/403/429/503). */
  errors?: Partial<Record<404 | 409 | 503, string>>;
  handler(context: RequestContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<RouteResult>;
}

/** Type inference helper: declares a route with its schemas checked against its handler. */
export function route<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** A handler's context with its inputs' types forgotten: what a function shared by several routes takes. */
export type AnyContext = RequestContext<unknown, unknown, unknown>;
