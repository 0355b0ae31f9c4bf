/** What the audit-log routes answer: the schemas the OpenAPI document shows. */
import { z } from 'zod';
import type { AuditRow } from './store.ts';

export const matchedSchema = z.object({
  addressId: z.string(),
  postcode: z.string(),
  houseNumber: z.number().int(),
  houseSuffix: z.string().nullable(),
});

export const entrySchema = z.object({
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

export function entryOf(r: AuditRow): z.infer<typeof entrySchema> {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor: r.actor,
    role: r.role,
    action: r.action,
    method: r.method,
    path: r.path,
    addressId: r.address_id,
    purpose: r.purpose,
    status: r.status,
    detail: JSON.parse(r.detail) as unknown,
    hash: r.hash,
  };
}

const checkpointSummary = z.object({
  seq: z.number().describe('the entry the checkpoint signed as the head'),
  hash: z.string().describe("that entry's hash as signed"),
  time: z.string().describe('when the head was read (UTC)'),
  keyId: z.string().describe('id of the Ed25519 key that signed it'),
  writer: z.string().describe('host:pid of the service that wrote it'),
  file: z.string().describe('the checkpoint file it is in'),
  signatureValid: z.boolean().describe('the signature verifies under the key the line carries'),
  matchesChain: z.boolean().describe('the chain holds that entry with that hash'),
});

export const verifyResponse = z.object({
  ok: z.boolean().describe('the chain is intact, agrees with every signed checkpoint, and every checkpoint line verifies'),
  entries: z.number(),
  problemCount: z.number(),
  head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  problems: z
    .array(z.object({ seq: z.number(), problem: z.string() }))
    .describe('problems of the chain, found by walking it or by the checkpoints'),
  checkpoints: z.object({
    found: z.number().describe('checkpoint lines read; 0: none, so entries deleted from the end cannot show'),
    keys: z
      .array(z.object({ keyId: z.string(), lines: z.number(), first: z.string(), last: z.string() }))
      .describe(
        'the keys that signed valid lines, oldest first, with how many and when: each replica logs its key id, and a key none holds means lines from someone else',
      ),
    newest: checkpointSummary.nullable(),
    problemCount: z.number(),
    problems: z
      .array(z.object({ file: z.string(), line: z.number(), problem: z.string() }))
      .describe('checkpoint lines that are not checkpoints or whose signature fails'),
  }),
});
