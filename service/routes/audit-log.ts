import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import { route, wholeNumber } from '../http.ts';

/**
 * The audit log as the auditor reads it, newest first. "Who looked at this address?" is
 * answered by the entries that name it (a direct read, a proposal, a decision, a control)
 * and by those that showed it among others (a risk list, the RIEC queue, the controls list,
 * an export: `detail.shown`, found through the GIN index of migration 008). The address is
 * given by its id, or by postcode and house number, resolved here to the address ids.
 */
const POSTCODE = /^[1-9][0-9]{3} ?[A-Za-z]{2}$/;

const auditQuery = z
  .strictObject({
    actor: z.string().optional(),
    addressId: z.string().regex(/^[0-9]{16}$/, 'an address id is 16 digits').optional(),
    postcode: z
      .string()
      .regex(POSTCODE, 'a postcode looks like 1234 AB')
      .transform((p) => p.replace(' ', '').toUpperCase())
      .optional()
      .describe('the addresses at this postcode (with houseNumber: that house number); with addressId as well, that address if it is at this postcode'),
    houseNumber: wholeNumber('a house number is a whole number', { max: 99999 }).optional(),
    action: z.string().optional(),
    before: wholeNumber('before is an audit entry seq', { max: Number.MAX_SAFE_INTEGER }).optional(),
    limit: wholeNumber('limit is a whole number', { max: 1000 }).default(100),
  })
  .refine((q) => q.houseNumber === undefined || q.postcode !== undefined, { message: 'a house number needs a postcode', path: ['houseNumber'] });

const matchedSchema = z.object({ addressId: z.string(), postcode: z.string(), houseNumber: z.number().int(), houseSuffix: z.string().nullable() });

const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  action: z.string(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  addressId: z.string().nullable(),
  purpose: z.string().nullable(),
  status: z.number(),
  detail: z.unknown(),
  hash: z.string(),
});

interface AuditRow {
  seq: string;
  at: Date;
  actor: string;
  role: string | null;
  action: string;
  method: string | null;
  path: string | null;
  address_id: string | null;
  purpose: string | null;
  status: number;
  detail: string;
  hash: string;
}

/** The addresses at a postcode (and house number), in house-number order. */
async function addressesAt(db: Queryable, postcode: string, houseNumber: number | undefined): Promise<Array<z.infer<typeof matchedSchema>>> {
  const { rows } = await db.query<{ address_id: string; postcode: string; house_number: number; house_suffix: string | null }>(
    'SELECT address_id, postcode, house_number, house_suffix FROM addresses WHERE postcode = $1 AND ($2::int IS NULL OR house_number = $2) ORDER BY house_number, house_suffix NULLS FIRST, address_id',
    [postcode, houseNumber ?? null],
  );
  return rows.map((r) => ({ addressId: r.address_id, postcode: r.postcode, houseNumber: r.house_number, houseSuffix: r.house_suffix?.trim() || null }));
}

const FILTERS = `($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2) AND ($3::bigint IS NULL OR seq < $3)`;
/** Entries naming one of the addresses, or showing it among others: either index answers. */
const BY_ADDRESS = `SELECT * FROM audit_log WHERE ${FILTERS} AND (address_id = ANY($5::text[]) OR audit_shown(detail) ?| $5::text[]) ORDER BY seq DESC LIMIT $4`;
const ALL = `SELECT * FROM audit_log WHERE ${FILTERS} ORDER BY seq DESC LIMIT $4`;

export const auditLogRoute = route({
  method: 'get',
  path: '/audit-log',
  action: 'audit:read',
  summary:
    'Audit log entries, newest first; filter by actor, action, or address — by `addressId` or by `postcode` (and `houseNumber`) — which finds the entries that name the address and those that showed it in a list or export; page with `before` (a seq)',
  query: auditQuery,
  response: z.object({
    items: z.array(entrySchema),
    addresses: z.array(matchedSchema).nullable().describe('with postcode: the addresses it matched, whose entries are listed; else null'),
  }),
  async handler({ query, services }) {
    // Filters narrow one another: an address id and a postcode together mean that address, if it is there.
    const matched = query.postcode ? (await addressesAt(services.pool, query.postcode, query.houseNumber)).filter((m) => !query.addressId || m.addressId === query.addressId) : null;
    const ids = matched ? matched.map((m) => m.addressId) : query.addressId ? [query.addressId] : null;
    const filters = [query.actor ?? null, query.action ?? null, query.before ?? null, query.limit];
    const { rows } = ids ? await services.pool.query<AuditRow>(BY_ADDRESS, [...filters, ids]) : await services.pool.query<AuditRow>(ALL, filters);
    return {
      body: {
        items: rows.map((r) => ({ seq: Number(r.seq), at: r.at.toISOString(), actor: r.actor, role: r.role, action: r.action, method: r.method, path: r.path, addressId: r.address_id, purpose: r.purpose, status: r.status, detail: JSON.parse(r.detail) as unknown, hash: r.hash })),
        addresses: matched,
      },
      // Whom or what an auditor looked up is itself on the record.
      addressId: ids?.length === 1 ? ids[0]! : null,
      detail: { actor: query.actor, action: query.action, before: query.before, postcode: query.postcode, houseNumber: query.houseNumber, addresses: matched ? ids : undefined, shown: rows.length },
    };
  },
});
