import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { CITY, testService, listedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';
import { withTransaction } from '../../db/index.ts';
import { reasonsOfStored, storedReasonsText, type StoredReasonRow } from '../../models/index.ts';
import { areaPageByAddress } from '../../service/risk/area-page.ts';
import { readsAreaFirst, RiskReader, type CurrentList } from '../../service/risk/reader.ts';
import { currentPage, currentRow } from '../../service/risk/store.ts';

/**
 * The risk list as an analist searches it: by postcode, by street and house number, in
 * address order page after page, with the count the filters leave and each address's
 * newest signal; a sort or search it cannot read is refused naming the field.
 */
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning, zaak RIEC-2026-31';

interface Item {
  addressId: string;
  rank: number;
  address: { street: string; houseNumber: number; houseSuffix: string | null; postcode: string };
  signal: { id: number; status: string } | null;
}

describe('the risk list searched and sorted', () => {
  const db = useTestDatabase();
  let service: TestService;
  let analist: string;

  const get = (query: string) => service.http.get(`/api/v1/risk-list?${query}`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);

  beforeAll(async () => {
    await listedCity(db.pool, temporaryDirectory('risk-list-city'));
    service = await testService(db.pool);
    analist = await service.token('analist', 'ana');
  }, SLOW);

  it('finds the addresses of a postcode, written with or without a space and in any case, and counts them', async () => {
    const { rows } = await db.pool.query<{ postcode: string; n: number }>(
      'SELECT postcode, count(*)::int AS n FROM addresses GROUP BY postcode HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT 1',
    );
    const { postcode, n } = rows[0]!;
    const spaced = `${postcode.slice(0, 4)} ${postcode.slice(4).toLowerCase()}`;
    const res = await get(`postcode=${encodeURIComponent(spaced)}&limit=200`);
    expect(res.status).toBe(200);
    expect(res.body.matching).toBe(n);
    expect(res.body.items).toHaveLength(n);
    for (const item of res.body.items as Item[]) expect(item.address.postcode).toBe(postcode);
    const ranks = (res.body.items as Item[]).map((i) => i.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("finds an address by the beginning of its street's name and its house number", async () => {
    const { rows } = await db.pool.query<{ street: string; house_number: number; address_id: string }>(
      'SELECT street, house_number, address_id FROM addresses ORDER BY address_id LIMIT 1',
    );
    const a = rows[0]!;
    const res = await get(`street=${encodeURIComponent(a.street.slice(0, 4).toUpperCase())}&houseNumber=${a.house_number}`);
    expect(res.status).toBe(200);
    const items = res.body.items as Item[];
    expect(items.map((i) => i.addressId)).toContain(a.address_id);
    for (const i of items) {
      expect(i.address.street.toLowerCase().startsWith(a.street.slice(0, 4).toLowerCase())).toBe(true);
      expect(i.address.houseNumber).toBe(a.house_number);
    }
    expect(res.body.matching).toBe(items.length);
  });

  it('pages through the list in address order without losing or repeating an address, the count on the first page only', async () => {
    const first = await get('sort=address&limit=40');
    expect(first.status).toBe(200);
    expect(first.body.matching).toBe(CITY.addresses);
    const second = await get(`sort=address&limit=40&cursor=${first.body.nextCursor}`);
    expect(second.body.matching).toBeNull();
    const shown = [...(first.body.items as Item[]), ...(second.body.items as Item[])];
    const { rows } = await db.pool.query<{ address_id: string }>(
      "SELECT address_id FROM addresses ORDER BY street, house_number, coalesce(house_suffix, ''), address_id LIMIT 80",
    );
    expect(shown.map((i) => i.addressId)).toEqual(rows.map((r) => r.address_id));
  });

  it("pages through an area in address order, its rows read first where the area is small, with the walk's rows", async () => {
    const { rows: areas } = await db.pool.query<{ neighbourhood_code: string; district_code: string; n: number }>(
      `SELECT neighbourhood_code, district_code, count(*)::int AS n FROM risk_scores
       WHERE list_id = (SELECT max(id) FROM risk_lists) GROUP BY 1, 2 ORDER BY 3 LIMIT 1`,
    );
    const small = areas[0]!;
    const reader = new RiskReader(db.pool);
    // Before any read the reader knows no list, and walks.
    expect(readsAreaFirst(reader.lastList(), { neighbourhood: small.neighbourhood_code }, 40)).toBe(false);
    const list = await reader.currentList();
    expect(reader.lastList()).toEqual(list);
    // The smallest neighbourhood is read first (√(50 × the list) is above its size); the whole list is walked.
    expect(readsAreaFirst(list, { neighbourhood: small.neighbourhood_code }, 40)).toBe(true);
    expect(readsAreaFirst(list, { district: 'WK999999' }, 50)).toBe(true);
    expect(readsAreaFirst(list, {}, 50)).toBe(false);
    // A street of the district with more than two pages of addresses, by the beginning of its name.
    const { rows: streets } = await db.pool.query<{ street: string }>(
      `SELECT a.street FROM risk_scores s JOIN addresses a USING (address_id)
       WHERE s.list_id = (SELECT max(id) FROM risk_lists) AND s.district_code = $1 GROUP BY 1 HAVING count(*) > 14 ORDER BY 1 LIMIT 1`,
      [small.district_code],
    );
    const street = streets[0]!.street.slice(0, 3);
    const filters = [
      { neighbourhood: small.neighbourhood_code },
      { district: small.district_code },
      { district: small.district_code, neighbourhood: small.neighbourhood_code },
      { district: small.district_code, street },
    ];
    for (const filter of filters) {
      // Both ways of reading a page give the same rows, on the first page and after a cursor.
      let after = 0;
      const seen: string[] = [];
      for (let pages = 0; pages < 3; pages++) {
        const page = { ...filter, after, sort: 'address' as const, limit: 7 };
        const walked = (await currentPage(db.pool, page)).filter((r) => r.address_id);
        const read = (await areaPageByAddress(db.pool, page)).filter((r) => r.address_id);
        expect(read).toEqual(walked);
        if (walked.length === 0) break;
        for (const r of walked) seen.push(r.address_id!);
        after = walked.at(-1)!.rank!;
      }
      expect(seen.length).toBeGreaterThan(7);
    }
    // Through the API: the neighbourhood in address order, page after page, each address once.
    const shown: string[] = [];
    let cursor = '';
    for (;;) {
      const res = await get(`neighbourhood=${small.neighbourhood_code}&sort=address&limit=40${cursor}`);
      expect(res.status).toBe(200);
      for (const i of res.body.items as Item[]) shown.push(i.addressId);
      if (!res.body.nextCursor) break;
      cursor = `&cursor=${res.body.nextCursor}`;
    }
    const { rows: expected } = await db.pool.query<{ address_id: string }>(
      `SELECT a.address_id FROM risk_scores s JOIN addresses a USING (address_id)
       WHERE s.list_id = (SELECT max(id) FROM risk_lists) AND s.neighbourhood_code = $1
       ORDER BY a.street, a.house_number, coalesce(a.house_suffix, ''), a.address_id`,
      [small.neighbourhood_code],
    );
    expect(shown).toEqual(expected.map((r) => r.address_id));
    expect(shown).toHaveLength(small.n);
  });

  it("shows an address's open signal and its status", async () => {
    const { rows } = await db.pool.query<{ address_id: string; postcode: string }>(
      'SELECT s.address_id, a.postcode FROM risk_scores s JOIN addresses a USING (address_id) WHERE s.rank = 3',
    );
    const { address_id: addressId, postcode } = rows[0]!;
    const proposed = await service.http
      .post('/api/v1/signals')
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ addressId, reason: 'Hoge score en meldingen van buren' });
    expect(proposed.status).toBe(201);
    const res = await get(`postcode=${postcode}`);
    const item = (res.body.items as Item[]).find((i) => i.addressId === addressId)!;
    expect(item.signal).toEqual({ id: proposed.body.id, status: 'proposed' });
    const other = (res.body.items as Item[]).filter((i) => i.addressId !== addressId);
    for (const i of other) expect(i.signal).toBeNull();
  });

  it('shows on each row the reasons scoring stored with it, the same as picked from its contributions for a list scored without them', async () => {
    const { rows: missing } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM risk_scores WHERE reasons IS NULL');
    expect(missing[0]!.n).toBe(0);
    const stored = await get('limit=200');
    expect(stored.status).toBe(200);
    const reasons = (stored.body.items as Array<{ reasons: Array<{ contribution: number; sentence: string }> }>).map((i) => i.reasons);
    expect(reasons[0]!.length).toBeGreaterThan(0);
    for (const r of reasons) {
      expect(r.length).toBeLessThanOrEqual(3);
      const sizes = r.map((x) => x.contribution);
      expect(sizes.every((c) => c > 0)).toBe(true);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    }
    // The same list as one scored before migration 013: no stored reasons, picked from the contributions.
    await db.pool.query('CREATE TABLE kept_reasons AS SELECT list_id, address_id, reasons FROM risk_scores');
    try {
      await db.pool.query('UPDATE risk_scores SET reasons = NULL');
      const picked = await get('limit=200');
      expect(picked.body.items).toEqual(stored.body.items);
    } finally {
      await db.pool.query(
        'UPDATE risk_scores s SET reasons = k.reasons FROM kept_reasons k WHERE (k.list_id, k.address_id) = (s.list_id, s.address_id)',
      );
      await db.pool.query('DROP TABLE kept_reasons');
    }
  });

  it('reads the reasons stored with a score, not its contributions, and the stored array goes through the database as written', async () => {
    const { rows } = await db.pool.query<{ address_id: string; rank: number; term: string }>(
      `SELECT s.address_id, s.rank, m.feature_names[4] AS term FROM risk_scores s JOIN risk_lists l ON l.id = s.list_id
       JOIN models m ON m.version = l.model_version WHERE s.rank <= 2 ORDER BY s.rank`,
    );
    const [first, second] = rows;
    await db.pool.query('CREATE TABLE kept_two AS SELECT list_id, address_id, reasons FROM risk_scores WHERE rank <= 2');
    try {
      await db.pool.query("UPDATE risk_scores SET reasons = '{{3,0.77,1,0}}' WHERE address_id = $1", [first!.address_id]);
      await db.pool.query("UPDATE risk_scores SET reasons = '{}' WHERE address_id = $1", [second!.address_id]);
      const items = (await get('limit=2')).body.items as Array<{
        addressId: string;
        reasons: Array<{ feature: string; contribution: number }>;
      }>;
      expect(items[0]!.reasons.map((r) => [r.feature, r.contribution])).toEqual([[first!.term, 0.77]]);
      expect(items[1]!.reasons).toEqual([]);
    } finally {
      await db.pool.query(
        'UPDATE risk_scores s SET reasons = k.reasons FROM kept_two k WHERE (k.list_id, k.address_id) = (s.list_id, s.address_id)',
      );
      await db.pool.query('DROP TABLE kept_two');
    }
    const terms = [
      { term: 61, contribution: 0.30000000000000004, value: null, imputed: false },
      { term: 0, contribution: 1e-7, value: 85.26, imputed: true },
    ];
    const { rows: read } = await db.pool.query<{ j: StoredReasonRow[] }>('SELECT to_json($1::float8[]) AS j', [storedReasonsText(terms)]);
    expect(reasonsOfStored(read[0]!.j)).toEqual(terms);
  });

  it('narrows to a district or a neighbourhood as the list was scored, in rank order, with their count', async () => {
    const { rows } = await db.pool.query<{ district_code: string; neighbourhood_code: string; n: number; m: number }>(
      `SELECT district_code, min(neighbourhood_code) AS neighbourhood_code, count(*)::int AS n,
              (SELECT count(*)::int FROM addresses b WHERE b.neighbourhood_code = min(a.neighbourhood_code)) AS m
       FROM addresses a GROUP BY district_code ORDER BY count(*) LIMIT 1`,
    );
    const { district_code: district, neighbourhood_code: neighbourhood, n, m } = rows[0]!;
    const ranked = async (column: string, code: string) =>
      (
        await db.pool.query<{ address_id: string }>(
          `SELECT s.address_id FROM risk_scores s JOIN addresses a USING (address_id) WHERE a.${column} = $1 ORDER BY s.rank LIMIT 20`,
          [code],
        )
      ).rows.map((r) => r.address_id);
    const byDistrict = await get(`district=${district}&limit=20`);
    expect(byDistrict.body.matching).toBe(n);
    expect((byDistrict.body.items as Item[]).map((i) => i.addressId)).toEqual(await ranked('district_code', district));
    const byNeighbourhood = await get(`neighbourhood=${neighbourhood}&limit=20`);
    expect(byNeighbourhood.body.matching).toBe(m);
    expect((byNeighbourhood.body.items as Item[]).map((i) => i.addressId)).toEqual(await ranked('neighbourhood_code', neighbourhood));

    // An address given another district after scoring stays where the list put it, until the next list.
    const moved = (byDistrict.body.items as Item[])[0]!.addressId;
    const { rows: other } = await db.pool.query<{ d: string }>(
      'SELECT district_code AS d FROM addresses WHERE district_code <> $1 ' +
        'AND municipality_code = (SELECT municipality_code FROM addresses WHERE address_id = $2) LIMIT 1',
      [district, moved],
    );
    const areas = async () =>
      (
        (await service.http.get('/api/v1/areas').auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE)).body as {
          districts: Array<{ code: string }>;
        }
      ).districts;
    const before = await areas();
    expect(before.map((d) => d.code)).toContain(district);
    // Counted when the list was stored, by scoring.
    const { rows: kept } = await db.pool.query<{ areas: unknown }>('SELECT areas FROM risk_lists ORDER BY id DESC LIMIT 1');
    expect(kept[0]!.areas).toEqual(before);
    await db.pool.query('UPDATE addresses SET district_code = $1 WHERE address_id = $2', [other[0]!.d, moved]);
    try {
      // A district code new since the list: the filter offers the list's areas, which its pages match.
      const renumbered = `${district.slice(0, 6)}99`;
      await db.pool.query('UPDATE addresses SET district_code = $1 WHERE address_id = $2', [renumbered, moved]);
      expect(await areas()).toEqual(before);
      await db.pool.query('UPDATE addresses SET district_code = $1 WHERE address_id = $2', [other[0]!.d, moved]);
      const again = await get(`district=${district}&limit=20`);
      const first = (again.body.items as Array<Item & { address: { district: string } }>)[0]!;
      expect(first.addressId).toBe(moved);
      expect(first.address.district).toBe(district);
      const there = (await get(`district=${other[0]!.d}&limit=200`)).body.items as Item[];
      expect(there.map((i) => i.addressId)).not.toContain(moved);
      // …though by its rank it would be on that page, were the district read from the address.
      expect(there.at(-1)!.rank).toBeGreaterThan(first.rank);
    } finally {
      await db.pool.query('UPDATE addresses SET district_code = $1 WHERE address_id = $2', [district, moved]);
    }
  });

  it("reads the list inside a transaction while a read on the pool waits for the transaction's connection", async () => {
    // The embedded database has one connection: had the transaction waited for the pool's read, neither would ever finish.
    const row = await currentRow(db.pool);
    const reader = new RiskReader(db.pool);
    let onPool: Promise<CurrentList> | undefined;
    const inside = await withTransaction(db.pool, async (client) => {
      onPool = reader.listOf(db.pool, row);
      return reader.listOf(client, row);
    });
    expect((await onPool!).listId).toBe(inside.listId);
    expect(inside.artefact.names).toEqual(inside.names);
  }, 20_000);

  it('refuses an unknown sort key, a malformed postcode, a street with a wildcard and a house number in words, naming the field', async () => {
    for (const [query, field] of [
      ['sort=probability', 'query.sort'],
      ['postcode=12345', 'query.postcode'],
      ['street=%25straat', 'query.street'],
      ['houseNumber=twaalf', 'query.houseNumber'],
      ['houseNumber=100000', 'query.houseNumber'],
    ] as const) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
    }
  });

  it('records the search in the audit entry with the addresses it showed', async () => {
    const res = await get('street=a&limit=1');
    expect(res.status).toBe(400);
    const ok = await get('street=ke&sort=address&limit=3');
    expect(ok.status).toBe(200);
    const { rows } = await db.pool.query<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE action = 'risk:list' AND status = 200 ORDER BY seq DESC LIMIT 1",
    );
    const detail = JSON.parse(rows[0]!.detail) as { street: string; sort: string; shown: string[] };
    expect(detail).toMatchObject({ street: 'ke', sort: 'address' });
    expect(detail.shown).toEqual((ok.body.items as Item[]).map((i) => i.addressId));
  });

  it("reads an address's probability against the list's base rate, the mean probability over its addresses, stored by scoring", async () => {
    const { rows } = await db.pool.query<{ address_id: string; base: number }>(
      'SELECT (SELECT address_id FROM risk_scores WHERE rank = 1) AS address_id, avg(probability) AS base FROM risk_scores',
    );
    const res = await service.http
      .get(`/api/v1/addresses/${rows[0]!.address_id}/risk`)
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE);
    expect(res.status).toBe(200);
    expect(res.body.baseRate).toBeCloseTo(Number(rows[0]!.base), 12);
    expect(res.body.probability).toBeGreaterThan(res.body.baseRate);
    // Written by scoring with the list; a list without it (written by hand) has it counted when first read.
    const { rows: stored } = await db.pool.query<{ id: string; base_rate: number }>('SELECT id, base_rate FROM risk_lists');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.base_rate).toBeCloseTo(Number(rows[0]!.base), 12);
    await db.pool.query('UPDATE risk_lists SET base_rate = NULL WHERE id = $1', [stored[0]!.id]);
    const fresh = await testService(db.pool);
    try {
      const counted = await fresh.http
        .get(`/api/v1/addresses/${rows[0]!.address_id}/risk`)
        .auth(await fresh.token('analist', 'ana'), { type: 'bearer' })
        .set('X-Purpose', PURPOSE);
      expect(counted.body.baseRate).toBeCloseTo(Number(rows[0]!.base), 12);
    } finally {
      await fresh.app.drain();
      await db.pool.query('UPDATE risk_lists SET base_rate = $1 WHERE id = $2', [stored[0]!.base_rate, stored[0]!.id]);
    }
  });

  it("gives the analist an address's dossier — the RIEC's decision with legal basis and reason, earlier controls — audited with the purpose; no other role", async () => {
    const { rows } = await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores WHERE rank = 7');
    const addressId = rows[0]!.address_id;
    const proposed = await service.http
      .post('/api/v1/signals')
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ addressId, reason: 'Stroomverbruik ver boven vergelijkbare woningen' });
    const decided = await service.http
      .post(`/api/v1/signals/${proposed.body.id}/decision`)
      .auth(await service.token('riec', 'rik'), { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ decision: 'reject', reason: 'Onvoldoende aanleiding: verbruik verklaard door warmtepomp' });
    expect(decided.status).toBe(200);
    await db.pool.query(
      "INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome) VALUES ('tip-dossier-1', $1, '2023-05-04', 'tip', 'preparation')",
      [addressId],
    );
    const res = await service.http
      .get(`/api/v1/addresses/${addressId}/history`)
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE);
    expect(res.status).toBe(200);
    expect(res.body.inspections).toContainEqual({ inspectedOn: '2023-05-04', reason: 'tip', outcome: 'preparation' });
    expect(res.body.signals[0]).toMatchObject({
      id: proposed.body.id,
      status: 'rejected',
      proposal: { by: 'ana', reason: 'Stroomverbruik ver boven vergelijkbare woningen' },
      decision: { by: 'rik', reason: 'Onvoldoende aanleiding: verbruik verklaard door warmtepomp', legalBasis: null },
      corrections: [],
    });
    const { rows: audit } = await db.pool.query<{ address_id: string; purpose: string }>(
      'SELECT address_id, purpose FROM audit_log WHERE path = $1 AND status = 200 ORDER BY seq DESC LIMIT 1',
      [`/api/v1/addresses/${addressId}/history`],
    );
    expect(audit[0]).toEqual({ address_id: addressId, purpose: PURPOSE });
    const riec = await service.http
      .get(`/api/v1/addresses/${addressId}/history`)
      .auth(await service.token('riec', 'rik'), { type: 'bearer' })
      .set('X-Purpose', PURPOSE);
    expect(riec.status).toBe(403);
    const none = await service.http
      .get('/api/v1/addresses/0000000000000001/history')
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE);
    expect(none.status).toBe(404);
  });
});
