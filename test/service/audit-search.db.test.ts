import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../service/audit/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { testService, type TestService } from '../support/service.ts';

/**
 * The auditor's search: part of a name in any case, Dutch days from/to, pages of entries
 * before and after a seq, and the audit log's own reads left out on request but never
 * from the log. Refusals name the field.
 */
const PURPOSE = 'Controle op gebruik, zaak AUD-2026-4';

describe('searching the audit log', () => {
  const db = useTestDatabase();
  let service: TestService;
  let auditor: string;
  let clock = new Date();

  async function append(n: number, at: string, actor: string, action = 'risk:address') {
    clock = new Date(at);
    const log = new AuditLog(db.pool, () => clock);
    await Promise.all(
      Array.from({ length: n }, () => log.append({ actor, role: 'analist', action, method: 'GET', path: '/api/v1/x', status: 200 })),
    );
    await log.drain();
  }

  beforeAll(async () => {
    service = await testService(db.pool);
    auditor = await service.token('auditor', 'aud');
    // 23:30 on 30 November in Amsterdam, and 00:30 on 1 December: the same UTC day.
    await append(3, '2026-11-30T22:30:00Z', 'Piet.Jansen');
    await append(3, '2026-11-30T23:30:00Z', 'piet.jansen-extern');
    await append(250, '2026-12-03T10:00:00Z', 'ana', 'risk:list');
  });

  afterAll(async () => {
    await service?.app.drain();
  });

  const get = (query: string) => service.http.get(`/api/v1/audit-log?${query}`).auth(auditor, { type: 'bearer' }).set('X-Purpose', PURPOSE);
  const actors = (items: Array<{ actor: string }>) => items.map((e) => e.actor);

  it('matches part of the actor name in any case; % and _ match only themselves', async () => {
    const piet = await get('actor=PIET.jan');
    expect(piet.status).toBe(200);
    expect(actors(piet.body.items).sort()).toEqual([...Array(3).fill('Piet.Jansen'), ...Array(3).fill('piet.jansen-extern')]);
    expect((await get('actor=piet_jansen')).body.items).toEqual([]);
    expect((await get('actor=%25')).body.items).toEqual([]);
  });

  it('takes from and to as Dutch days, both included', async () => {
    const first = await get('actor=piet&from=2026-12-01&to=2026-12-01');
    expect(actors(first.body.items)).toEqual(Array(3).fill('piet.jansen-extern'));
    const before = await get('actor=piet&to=2026-11-30');
    expect(actors(before.body.items)).toEqual(Array(3).fill('Piet.Jansen'));
    expect((await get('actor=ana&from=2026-12-03')).body.items).toHaveLength(100);
    expect((await get('actor=ana&to=2026-12-02')).body.items).toHaveLength(0);
  });

  it.each([
    ['to before from', 'from=2026-12-02&to=2026-12-01', 'query.to'],
    ['a date that does not exist', 'from=2026-02-30', 'query.from'],
    ['a date not in ISO form', 'to=01-12-2026', 'query.to'],
    ['a cursor that is no seq', 'before=abc', 'query.before'],
    ['a negative cursor', 'after=-5', 'query.after'],
    ['hiding what is asked for', 'action=audit:read&auditReads=hide', 'query.auditReads'],
  ])('refuses %s with 400 naming the field', async (_name, query, field) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
  });

  it('pages beyond 200 entries: older by before, newer by after, without gaps or overlap', async () => {
    const one = await get('actor=ana&action=risk:list&limit=200');
    expect(one.body.items).toHaveLength(200);
    expect(one.body.newer).toBeNull();
    expect(one.body.older).toBe(one.body.items.at(-1).seq);
    const two = await get(`actor=ana&action=risk:list&limit=200&before=${one.body.older}`);
    expect(two.body.items).toHaveLength(50);
    expect(two.body.older).toBeNull();
    expect(two.body.newer).toBe(two.body.items[0].seq);
    const seqs = [...one.body.items, ...two.body.items].map((e: { seq: number }) => e.seq);
    expect(new Set(seqs).size).toBe(250);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    // Back to the newer page: the same entries, newest first.
    const back = await get(`actor=ana&action=risk:list&limit=200&after=${two.body.newer}`);
    expect(back.body.items.map((e: { seq: number }) => e.seq)).toEqual(seqs.slice(0, 200));
    expect(back.body.newer).toBeNull();
    expect(back.body.older).toBe(one.body.older);
  });

  it("leaves the audit log's own reads out on request, and still records them", async () => {
    await get('actor=aud');
    const shown = await get('actor=aud');
    expect(shown.body.items.length).toBeGreaterThan(0);
    expect(new Set(shown.body.items.map((e: { action: string }) => e.action))).toEqual(new Set(['audit:read']));
    expect((await get('actor=aud&auditReads=hide')).body.items).toEqual([]);
    const { rows } = await db.pool.query<{ detail: string }>(
      `SELECT detail FROM audit_log WHERE actor = 'aud' AND action = 'audit:read' ORDER BY seq DESC LIMIT 1`,
    );
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ actor: 'aud', auditReads: 'hide', shown: 0 });
  });
});
