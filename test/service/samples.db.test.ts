import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../service/audit/index.ts';
import { runRetention } from '../../service/retention.ts';
import { ROUTES } from '../../service/routes.ts';
import { drawDesign } from '../../service/samples/design.ts';
import { randomControls } from '../../training/sample-figures.ts';
import { useTestDatabase } from '../support/database.ts';
import { CITY, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The sample stream through HTTP on a trained city: a beheerder draws addresses at random,
 * they enter the RIEC queue as proposals of the system, the interventieteam controls them
 * without being told they were drawn by chance, and the outcome is an inspection with
 * reason `random` and the chance the address was drawn with.
 */
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning, steekproef zaak RIEC-2026-12';
/** Mid-December of the city's last year: a control then falls in that year's labels. */
const CLOCK = new Date(`${CITY.endYear}-12-15T10:00:00Z`);
const REASON = 'Aselecte controles om het model in gebruik zuiver te meten';

interface Member {
  address_id: string;
  inclusion_probability: number;
  stratum: string | null;
  signal_id: string;
}

describe('the sample stream on a trained city', () => {
  const db = useTestDatabase();
  let service: TestService;
  let now = CLOCK;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('samples-city'));
    service = await testService(db.pool, { clock: () => now });
    for (const [role, user] of [
      ['analist', 'ana'],
      ['riec', 'rik'],
      ['interventieteam', 'ivo'],
      ['beheerder', 'bea'],
      ['auditor', 'aud'],
    ] as const)
      tokens[role] = await service.token(role, user);
  }, SLOW);

  const get = (path: string, role: string) =>
    service.http.get(`/api/v1${path}`).auth(tokens[role]!, { type: 'bearer' }).set('X-Purpose', PURPOSE);
  const post = (path: string, role: string, body: Record<string, unknown>) =>
    service.http.post(`/api/v1${path}`).auth(tokens[role]!, { type: 'bearer' }).set('X-Purpose', PURPOSE).send(body);

  /** The answer as the route's response schema (the OpenAPI document's) describes it: nothing missing, nothing more. */
  const described = (method: 'get' | 'post', path: string, body: unknown) =>
    ROUTES.find((r) => r.method === method && r.path === path)!.response.parse(body);

  async function membersOf(sample: number): Promise<Member[]> {
    const { rows } = await db.pool.query<Member>(
      'SELECT address_id, inclusion_probability, stratum, signal_id FROM sample_members WHERE sample_id = $1 ORDER BY address_id',
      [sample],
    );
    return rows;
  }

  async function openAddresses(): Promise<Set<string>> {
    const { rows } = await db.pool.query<{ address_id: string }>(
      `SELECT address_id FROM signals WHERE status IN ('proposed', 'approved', 'control_planned')`,
    );
    return new Set(rows.map((r) => r.address_id));
  }

  async function listAddresses(): Promise<string[]> {
    const { rows } = await db.pool.query<{ address_id: string }>(
      `SELECT address_id FROM risk_scores WHERE list_id = (SELECT max(id) FROM risk_lists) ORDER BY address_id COLLATE "C"`,
    );
    return rows.map((r) => r.address_id);
  }

  async function stored(): Promise<unknown> {
    const { rows } = await db.pool.query(
      `SELECT (SELECT count(*) FROM samples) AS samples, (SELECT count(*) FROM sample_members) AS members, (SELECT count(*) FROM signals) AS signals`,
    );
    return rows[0];
  }

  async function propose(rank: number): Promise<number> {
    const { rows } = await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores WHERE rank = $1', [rank]);
    const res = await post('/signals', 'analist', { addressId: rows[0]!.address_id, reason: 'Hoge score, stroomverbruik en meldingen' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  }

  it('refuses a draw by an analist or an auditor with 403, and a proposal of kind sample from an analist with 400; nothing is stored', async () => {
    const before = await stored();
    const analist = await post('/samples', 'analist', { n: 5, reason: REASON });
    expect(analist.status).toBe(403);
    expect(analist.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('samples:draw') });
    expect((await post('/samples', 'auditor', { n: 5, reason: REASON })).status).toBe(403);
    const { rows } = await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores WHERE rank = 10');
    const kind = await post('/signals', 'analist', {
      addressId: rows[0]!.address_id,
      reason: 'Voorstel dat zich als steekproef voordoet',
      kind: 'sample',
    });
    expect(kind.status).toBe(400);
    expect(kind.body.error.message).toContain('unknown body field: kind');
    expect(await stored()).toEqual(before);
  });

  it('refuses a draw without a reason, with a bad seed, or larger than the frame, naming the field; nothing is stored', async () => {
    const before = await stored();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ n: 5, reason: 'kort' }, 'body.reason', 'at least 10 characters'],
      [{ n: 5, seed: -1, reason: REASON }, 'body.seed', 'at least 0'],
      [{ n: 5, seed: 2 ** 32, reason: REASON }, 'body.seed', 'at most 4294967295'],
      [{ n: 0, reason: REASON }, 'body.n', 'at least 1'],
      [{ n: 5, stratifyBy: 'neighbourhood', reason: REASON }, 'body.stratifyBy', ''],
      [{ n: CITY.addresses + 1, reason: REASON }, 'body.n', `ask for at most ${CITY.addresses}`],
      [{ n: 2, stratifyBy: 'district', reason: REASON }, 'body.n', 'ask for at least'],
    ];
    for (const [body, field, words] of cases) {
      const res = await post('/samples', 'beheerder', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
      expect(res.body.error.message).toContain(words);
    }
    expect(await stored()).toEqual(before);
  });

  it('draws the same addresses with the same seed on the same data — the frame sorted by address id — stores each chance n/N, and never draws an address with an open signal', async () => {
    for (const rank of [1, 2, 3]) await propose(rank);
    const open = await openAddresses();
    expect(open.size).toBe(3);
    const frame = (await listAddresses()).filter((a) => !open.has(a));

    const first = await post('/samples', 'beheerder', { n: 25, seed: 4242, reason: REASON });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      drawnBy: 'bea',
      seed: 4242,
      n: 25,
      frameSize: frame.length,
      design: 'uniform',
      probability: 25 / frame.length,
      strata: [],
      size: null,
    });
    expect(first.body.counts).toEqual({
      drawn: 25,
      pending: 25,
      unanswered: 0,
      approved: 0,
      rejected: 0,
      controlled: 0,
      found: 0,
      noAccess: 0,
      nonResponse: 0,
    });
    expect(described('post', '/samples', first.body)).toEqual(first.body);

    const members = await membersOf(first.body.id);
    expect(members).toHaveLength(25);
    // The beheerder's answer names no address.
    for (const m of members) expect(JSON.stringify(first.body)).not.toContain(m.address_id);
    for (const m of members) {
      expect(open.has(m.address_id), m.address_id).toBe(false);
      expect(m.inclusion_probability).toBe(25 / frame.length);
    }
    // Anyone holding the rule can repeat the draw: the frame sorted by address id, the seed's positions.
    const expected = drawDesign([{ key: '', frameSize: frame.length }], 25, 4242)
      .picks.map((p) => frame[p.position]!)
      .sort();
    expect(members.map((m) => m.address_id)).toEqual(expected);

    const signals = await db.pool.query(
      `SELECT id::int, address_id, status, kind, sample_id::int, proposed_by, proposal_reason FROM signals WHERE sample_id = $1 ORDER BY address_id`,
      [first.body.id],
    );
    expect(signals.rows).toEqual(
      members.map((m) => ({
        id: Number(m.signal_id),
        address_id: m.address_id,
        status: 'proposed',
        kind: 'sample',
        sample_id: first.body.id,
        proposed_by: 'system',
        proposal_reason: REASON,
      })),
    );

    // The RIEC rejects them all: the same frame again, and the same seed draws the same addresses.
    for (const m of members) {
      const rejected = await post(`/signals/${m.signal_id}/decision`, 'riec', {
        decision: 'reject',
        reason: 'Geen capaciteit voor deze controle',
      });
      expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    }
    const again = await post('/samples', 'beheerder', { n: 25, seed: 4242, reason: REASON });
    expect(again.status).toBe(201);
    expect(again.body.frameSize).toBe(frame.length);
    expect((await membersOf(again.body.id)).map((m) => m.address_id)).toEqual(members.map((m) => m.address_id));

    const list = await get('/samples', 'auditor');
    expect(list.status).toBe(200);
    expect(described('get', '/samples', list.body)).toEqual(list.body);
    const byId = new Map(list.body.items.map((s: { id: number }) => [s.id, s]));
    expect(byId.get(first.body.id)).toMatchObject({ counts: { drawn: 25, rejected: 25, nonResponse: 25, pending: 0 } });
    expect(byId.get(again.body.id)).toMatchObject({ counts: { drawn: 25, pending: 25, rejected: 0 } });
  });

  it('draws per district: each district states n_h / N_h, its members carry it, and the sum of 1/π over the members is the frame size', async () => {
    const open = await openAddresses();
    const res = await post('/samples', 'beheerder', { n: 40, seed: 77, stratifyBy: 'district', reason: REASON });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sample = res.body;
    expect(sample).toMatchObject({ design: 'district', probability: null, n: 40, frameSize: CITY.addresses - open.size });
    expect(described('post', '/samples', sample)).toEqual(sample);
    const districts = await db.pool.query<{ district_code: string; n: number }>(
      `SELECT a.district_code, count(*)::int AS n FROM risk_scores s JOIN addresses a USING (address_id)
       WHERE s.list_id = (SELECT max(id) FROM risk_lists) AND NOT (s.address_id = ANY($1::text[])) GROUP BY 1 ORDER BY 1`,
      [[...open]],
    );
    expect(sample.strata.map((h: { district: string; frameSize: number }) => [h.district, h.frameSize])).toEqual(
      districts.rows.map((r) => [r.district_code, r.n]),
    );
    expect(sample.strata.reduce((s: number, h: { n: number }) => s + h.n, 0)).toBe(40);
    for (const h of sample.strata) {
      expect(h.n).toBeGreaterThanOrEqual(1);
      expect(h.probability).toBe(h.n / h.frameSize);
      // Proportional: within one address of n · N_h / N (or the minimum of one).
      expect(Math.abs(h.n - (40 * h.frameSize) / sample.frameSize)).toBeLessThan(1);
    }
    const members = await membersOf(sample.id);
    expect(members).toHaveLength(40);
    const stratumOf = new Map<string, { n: number; probability: number }>(
      sample.strata.map((h: { district: string; n: number; probability: number }) => [h.district, h]),
    );
    const homes = await db.pool.query<{ address_id: string; district_code: string }>(
      'SELECT address_id, district_code FROM addresses WHERE address_id = ANY($1::text[])',
      [members.map((m) => m.address_id)],
    );
    const districtOf = new Map(homes.rows.map((r) => [r.address_id, r.district_code]));
    for (const m of members) {
      expect(open.has(m.address_id)).toBe(false);
      expect(m.stratum).toBe(districtOf.get(m.address_id));
      expect(m.inclusion_probability).toBe(stratumOf.get(m.stratum!)!.probability);
    }
    for (const [district, h] of stratumOf) expect(members.filter((m) => m.stratum === district)).toHaveLength(h.n);
    const weight = members.reduce((s, m) => s + 1 / m.inclusion_probability, 0);
    expect(weight).toBeCloseTo(sample.frameSize, 6);
  });

  it('runs draw → RIEC approves → team plans and records → an inspection with reason random, id sample-<signal> and its probability; the team sees the control as any other', async () => {
    // A control from the list, approved: the one control of the last 12 months, so a draw without n takes ceil(0.1 × 1) = 1.
    const listSignal = Number(
      (await db.pool.query<{ id: string }>(`SELECT id FROM signals WHERE kind = 'risk_model' AND status = 'proposed' ORDER BY id LIMIT 1`))
        .rows[0]!.id,
    );
    const listApproved = await post(`/signals/${listSignal}/decision`, 'riec', {
      decision: 'approve',
      legalBasis: 'art. 13b Opiumwet',
      reason: 'Voldoende aanleiding voor controle',
      priority: 2,
    });
    expect(listApproved.status).toBe(200);
    const defaults = await get('/samples', 'beheerder');
    expect(defaults.body.defaults).toEqual({ share: 0.1, approvedControls: 1, n: 1 });

    const drawn = await post('/samples', 'beheerder', { seed: 31, reason: REASON });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(201);
    expect(drawn.body).toMatchObject({ n: 1, size: { share: 0.1, approvedControls: 1 } });
    const [member] = await membersOf(drawn.body.id);
    const id = Number(member!.signal_id);

    // The RIEC sees it in the queue as a sample's proposal, by the system, with the explanation a proposal carries.
    const queue = await get('/signals?status=proposed&limit=200', 'riec');
    expect(described('get', '/signals', queue.body)).toEqual(queue.body);
    const proposal = queue.body.items.find((s: { id: number }) => s.id === id);
    expect(proposal).toMatchObject({
      kind: 'sample',
      sampleId: drawn.body.id,
      addressId: member!.address_id,
      proposal: { by: 'system', reason: REASON },
    });
    const scored = await db.pool.query<{ rank: number }>(
      'SELECT rank FROM risk_scores WHERE list_id = (SELECT max(id) FROM risk_lists) AND address_id = $1',
      [member!.address_id],
    );
    expect(proposal.rank).toBe(scored.rows[0]!.rank);
    expect(proposal.explanation.listId).toBe(drawn.body.listId);
    const listProposal = (await get('/signals?limit=200', 'riec')).body.items.find((s: { id: number }) => s.id === listSignal);
    expect(listProposal).toMatchObject({ kind: 'risk_model', sampleId: null });
    expect(Object.keys(proposal).sort()).toEqual(Object.keys(listProposal).sort());

    // An analist cannot decide on it (nor withdraw it: there is no route for that); the RIEC can, the proposer being the system.
    expect((await post(`/signals/${id}/decision`, 'analist', { decision: 'reject', reason: 'Analist wil dit adres niet' })).status).toBe(
      403,
    );
    const approved = await post(`/signals/${id}/decision`, 'riec', {
      decision: 'approve',
      legalBasis: 'art. 13b Opiumwet',
      reason: 'Aselecte controle, toestemming gegeven',
      priority: 2,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    // The team: the same fields for both, nothing that tells a sample from the list's control.
    const controls = await get('/controls', 'interventieteam');
    const sampleControl = controls.body.items.find((c: { id: number }) => c.id === id);
    const listControl = controls.body.items.find((c: { id: number }) => c.id === listSignal);
    expect(Object.keys(sampleControl).sort()).toEqual(Object.keys(listControl).sort());
    expect(Object.keys(sampleControl).sort()).toEqual([
      'address',
      'addressId',
      'approvedAt',
      'approvedOn',
      'corrections',
      'id',
      'inspectedOn',
      'inspectionId',
      'legalBasis',
      'outcome',
      'outcomeAt',
      'plannedFor',
      'priority',
      'reasons',
      'status',
    ]);
    expect(sampleControl.reasons).toEqual(proposal.explanation.reasons.map((r: { sentence: string }) => r.sentence));
    for (const control of [sampleControl, listControl])
      expect(JSON.stringify(control)).not.toMatch(/sample|steekproef|random|system|risk_model/i);
    for (const format of ['csv', 'csv-excel']) {
      const csv = await get(`/controls?format=${format}`, 'interventieteam');
      expect(csv.status).toBe(200);
      expect(csv.text).toContain(member!.address_id);
      expect(csv.text).not.toMatch(/sample|steekproef|random|system|risk_model/i);
    }

    for (const [signal, outcome] of [
      [id, 'cultivation'],
      [listSignal, 'nothing_found'],
    ] as const) {
      const planned = await post(`/controls/${signal}/plan`, 'interventieteam', { plannedFor: `${CITY.endYear}-12-15` });
      expect(planned.status, JSON.stringify(planned.body)).toBe(200);
      expect(Object.keys(planned.body).sort()).toEqual(Object.keys(sampleControl).sort());
      const recorded = await post(`/controls/${signal}/outcome`, 'interventieteam', { outcome });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
      expect(Object.keys(recorded.body).sort()).toEqual(Object.keys(sampleControl).sort());
    }

    const inspections = await db.pool.query(
      `SELECT inspection_id, address_id, reason, outcome, selection_probability, inspected_on::text AS on FROM inspections WHERE inspection_id IN ($1, $2) ORDER BY inspection_id`,
      [`risk_model-${listSignal}`, `sample-${id}`],
    );
    expect(inspections.rows).toEqual([
      {
        inspection_id: `risk_model-${listSignal}`,
        address_id: listProposal.addressId,
        reason: 'risk_model',
        outcome: 'nothing_found',
        selection_probability: null,
        on: `${CITY.endYear}-12-15`,
      },
      {
        inspection_id: `sample-${id}`,
        address_id: member!.address_id,
        reason: 'random',
        outcome: 'cultivation',
        selection_probability: member!.inclusion_probability,
        on: `${CITY.endYear}-12-15`,
      },
    ]);
    expect(member!.inclusion_probability).toBe(1 / drawn.body.frameSize);
    // What the estimates read: the control, found, with the chance it was drawn with.
    expect(await randomControls(db.pool, CITY.endYear)).toContainEqual({
      addressId: member!.address_id,
      found: true,
      probability: member!.inclusion_probability,
    });

    const after = (await get('/samples', 'beheerder')).body.items.find((s: { id: number }) => s.id === drawn.body.id);
    expect(after.counts).toEqual({
      drawn: 1,
      pending: 0,
      unanswered: 0,
      approved: 1,
      rejected: 0,
      controlled: 1,
      found: 1,
      noAccess: 0,
      nonResponse: 0,
    });

    // Every step in the audit log: the draw with its seed, frame, n and address; then the RIEC's and the team's.
    const draw = await db.pool.query<{ actor: string; role: string; status: number; address_id: string | null; detail: string }>(
      `SELECT actor, role, status, address_id, detail FROM audit_log WHERE action = 'samples:draw' AND status = 201 ORDER BY seq DESC LIMIT 1`,
    );
    expect(draw.rows[0]).toMatchObject({ actor: 'bea', role: 'beheerder', status: 201, address_id: null });
    expect(JSON.parse(draw.rows[0]!.detail)).toMatchObject({
      sample: drawn.body.id,
      seed: 31,
      frameSize: drawn.body.frameSize,
      n: 1,
      design: 'uniform',
      share: 0.1,
      approvedControls: 1,
      shown: [member!.address_id],
      signals: [id],
    });
    // The auditor's search by address finds the draw among the entries about it.
    const found = await get(`/audit-log?addressId=${member!.address_id}&limit=1000`, 'auditor');
    expect(found.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['samples:draw', 'signals:decide']));
    const trail = await db.pool.query<{ action: string; actor: string; detail: string }>(
      `SELECT action, actor, detail FROM audit_log WHERE address_id = $1 AND status = 200 AND action <> 'signals:read' ORDER BY seq`,
      [member!.address_id],
    );
    const steps: Array<Record<string, unknown>> = trail.rows.map((r) => ({
      action: r.action,
      actor: r.actor,
      ...(JSON.parse(r.detail) as Record<string, unknown>),
    }));
    expect(steps.filter((s) => s.signal === id)).toEqual([
      expect.objectContaining({ action: 'signals:decide', actor: 'rik', sample: drawn.body.id, to: 'approved' }),
      expect.objectContaining({ action: 'controls:plan', actor: 'ivo', sample: drawn.body.id, to: 'control_planned' }),
      expect.objectContaining({
        action: 'controls:outcome',
        actor: 'ivo',
        sample: drawn.body.id,
        to: 'outcome_recorded',
        inspection: `sample-${id}`,
        selectionProbability: member!.inclusion_probability,
      }),
    ]);
    expect((await verifyAuditLog(db.pool)).ok).toBe(true);
  });

  it('counts a proposal still unanswered a year after its draw as non-response', async () => {
    const pendingNow = (await get('/samples', 'beheerder')).body.items.filter((s: { counts: { pending: number } }) => s.counts.pending > 0);
    expect(pendingNow.length).toBeGreaterThan(0);
    now = new Date(CLOCK.getTime() + 366 * 86_400_000);
    try {
      const later = (await get('/samples', 'beheerder')).body.items;
      for (const s of pendingNow) {
        const same = later.find((x: { id: number }) => x.id === s.id);
        expect(same.counts).toMatchObject({ pending: 0, unanswered: s.counts.pending, nonResponse: s.counts.rejected + s.counts.pending });
      }
    } finally {
      now = CLOCK;
    }
  });

  it('keeps counting a member as rejected after retention deleted its rejected signal', async () => {
    const before = (await get('/samples', 'auditor')).body.items.find((s: { counts: { rejected: number } }) => s.counts.rejected > 0);
    expect(before.counts.rejected).toBe(25);
    const result = await runRetention(db.pool, 1, new Date(CLOCK.getTime() + 2 * 86_400_000));
    expect(result.rejectedSignals).toBe(25);
    expect((await membersOf(before.id)).every((m) => m.signal_id === null)).toBe(true);
    const after = (await get('/samples', 'auditor')).body.items.find((s: { id: number }) => s.id === before.id);
    expect(after.counts).toEqual(before.counts);
  });

  it(
    'a draw of the whole frame takes every address without an open signal and none with one; then the frame is empty (409)',
    async () => {
      const open = await openAddresses();
      const frame = (await listAddresses()).filter((a) => !open.has(a));
      const res = await post('/samples', 'beheerder', { n: frame.length, seed: 1, reason: REASON });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ frameSize: frame.length, probability: 1 });
      const members = await membersOf(res.body.id);
      expect(members.map((m) => m.address_id)).toEqual(frame);
      expect(members.every((m) => m.inclusion_probability === 1)).toBe(true);
      const empty = await post('/samples', 'beheerder', { n: 1, reason: REASON });
      expect(empty.status).toBe(409);
      expect(empty.body.error.code).toBe('empty_frame');
      expect((await verifyAuditLog(db.pool)).ok).toBe(true);
    },
    SLOW,
  );
});
