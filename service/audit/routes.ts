/**
 * The audit log as the auditor reads it, newest first, and its verification. "Who looked
 * at this address?" is answered by the entries that name it (a direct read, a proposal, a
 * decision, a control) and by those that showed it among others (a risk list, the RIEC
 * queue, the controls list, an export: `detail.shown`).
 */
import { z } from 'zod';
import { wholeNumber } from '../http/fields.ts';
import { route } from '../http/route.ts';
import { verifyAuditLogWithCheckpoints } from './checkpoints/index.ts';
import { searchAuditLog } from './search.ts';
import { HEAD_PATTERN, parseHead } from './verify.ts';
import { entryOf, entrySchema, matchedSchema, verifyResponse } from './schemas.ts';

const POSTCODE = /^[1-9][0-9]{3} ?[A-Za-z]{2}$/;

const day = (what: string) => z.iso.date('a date looks like 2026-03-01').optional().describe(`${what} (YYYY-MM-DD, Dutch time), included`);

const auditQuery = z
  .strictObject({
    actor: z.string().trim().min(1).max(200).optional().describe("part of the actor's name, in any case"),
    addressId: z
      .string()
      .regex(/^[0-9]{16}$/, 'an address id is 16 digits')
      .optional(),
    postcode: z
      .string()
      .regex(POSTCODE, 'a postcode looks like 1234 AB')
      .transform((p) => p.replace(' ', '').toUpperCase())
      .optional()
      .describe(
        'the addresses at this postcode (with houseNumber: that house number); with addressId as well, that address if it is at this postcode',
      ),
    houseNumber: wholeNumber('a house number is a whole number', { max: 99999 }).optional(),
    action: z.string().optional(),
    from: day('the first day'),
    to: day('the last day'),
    auditReads: z
      .enum(['show', 'hide'])
      .default('show')
      .describe('hide: leave out the reads of the audit log itself (`audit:read`), so that they do not fill a page; the log keeps them'),
    before: wholeNumber('before is an audit entry seq', { max: Number.MAX_SAFE_INTEGER })
      .optional()
      .describe("the older page: entries before this seq (an answer's `older`)"),
    after: wholeNumber('after is an audit entry seq', { max: Number.MAX_SAFE_INTEGER })
      .optional()
      .describe("the newer page: entries after this seq (an answer's `newer`); with `before` too, the entries between the two"),
    limit: wholeNumber('limit is a whole number', { max: 1000 }).default(100),
  })
  .refine((q) => q.houseNumber === undefined || q.postcode !== undefined, {
    message: 'a house number needs a postcode',
    path: ['houseNumber'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'to is before from', path: ['to'] })
  .refine((q) => q.auditReads === 'show' || q.action !== 'audit:read', {
    message: 'auditReads=hide leaves out the audit:read entries asked for',
    path: ['auditReads'],
  });

export const auditRoutes = [
  route({
    method: 'get',
    path: '/audit-log',
    action: 'audit:read',
    summary:
      "Audit log entries, newest first; filter by part of the actor's name, action, days (`from`, `to`), or address — by `addressId` or " +
      'by `postcode` (and `houseNumber`) — which finds the entries that name the address and those that showed it in a list or export; ' +
      "`auditReads=hide` leaves out reads of the audit log; page with `before` / `after` (the answer's `older` / `newer`)",
    query: auditQuery,
    response: z.object({
      items: z.array(entrySchema),
      addresses: z.array(matchedSchema).nullable().describe('with postcode: the addresses it matched, whose entries are listed; else null'),
      older: z.number().nullable().describe('`before` for the next older page; null: there is none'),
      newer: z.number().nullable().describe('`after` for the next newer page; null: there is none'),
    }),
    async handler({ query, services }) {
      const { rows, matched, addressIds: ids, older, newer } = await searchAuditLog(services.pool, query);
      return {
        body: { items: rows.map(entryOf), addresses: matched, older, newer },
        // Whom or what an auditor looked up is itself on the record.
        addressId: ids?.length === 1 ? ids[0]! : null,
        detail: {
          actor: query.actor,
          action: query.action,
          from: query.from,
          to: query.to,
          auditReads: query.auditReads,
          before: query.before,
          after: query.after,
          postcode: query.postcode,
          houseNumber: query.houseNumber,
          addresses: matched ? ids : undefined,
          shown: rows.length,
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/audit-log/verify',
    action: 'audit:verify',
    summary:
      'Walk the whole hash chain: every altered entry, broken link or gap, with its position; the head to record elsewhere. Holds the ' +
      'chain against the signed checkpoints (entries deleted from the end, a rewritten chain, a tampered checkpoint) and shows the ' +
      'newest. `head=SEQ:HASH` checks a head recorded earlier',
    query: z.strictObject({ head: z.string().regex(HEAD_PATTERN, 'a head is SEQ:HASH as verify printed it').optional() }),
    response: verifyResponse,
    async handler({ services, query }) {
      const result = await verifyAuditLogWithCheckpoints(
        services.pool,
        services.config.auditCheckpointDir,
        50,
        query.head === undefined ? undefined : parseHead(query.head)!,
      );
      return {
        body: result,
        detail: {
          ok: result.ok,
          entries: result.entries,
          problems: result.problemCount,
          checkpoints: result.checkpoints.found,
          checkpointProblems: result.checkpoints.problemCount,
        },
      };
    },
  }),
];
