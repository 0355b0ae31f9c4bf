import fc from 'fast-check';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures, SIGNAL_CATEGORIES, type FeatureMatrix } from '../../features/index.ts';
import { importDirectory, INSPECTION_OUTCOMES, REPORT_CATEGORIES } from '../../ingest/index.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

const T = '2021-01-01';
const ADDRESSES = 300;

const dayOffset = (days: number) => {
  const d = new Date(`${T}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Days on or after T; T itself, the boundary where leaks happen, comes up often. */
const daysFromT = fc.oneof(fc.constant(0), fc.nat(1500));

/** A row dated on or after T, of any source file that carries dates. */
const futureRow = fc.oneof(
  fc.record({
    kind: fc.constant('report' as const),
    address: fc.nat(ADDRESSES - 1),
    day: daysFromT,
    category: fc.constantFrom(...REPORT_CATEGORIES),
  }),
  fc.record({
    kind: fc.constant('inspection' as const),
    address: fc.nat(ADDRESSES - 1),
    day: daysFromT,
    outcome: fc.constantFrom(...INSPECTION_OUTCOMES),
  }),
  fc.record({
    kind: fc.constant('energy' as const),
    address: fc.nat(ADDRESSES - 1),
    yearsAfter: fc.nat(3),
    kwh: fc.integer({ min: 0, max: 200_000 }),
  }),
  fc.record({ kind: fc.constant('period' as const), address: fc.nat(ADDRESSES - 1), day: daysFromT, persons: fc.nat(50) }),
  fc.record({ kind: fc.constant('period end' as const), address: fc.nat(ADDRESSES - 1), day: daysFromT }),
  fc.record({ kind: fc.constant('company' as const), address: fc.nat(ADDRESSES - 1), day: daysFromT }),
);
type FutureRow = typeof futureRow extends fc.Arbitrary<infer R> ? R : never;

describe('features have no leakage', () => {
  const db = useTestDatabase();
  let ids: string[];
  let baseline: FeatureMatrix;

  beforeAll(async () => {
    const dir = temporaryDirectory('leak');
    await generateMunicipality({ addresses: ADDRESSES, seed: 7, startYear: 2016, endYear: 2022, outDir: dir });
    expect((await importDirectory(db.pool, dir)).status).toBe('loaded');
    baseline = await buildFeatures(db.pool, T);
    ids = baseline.addressIds;
  });

  /** Runs `change` in a transaction that is always rolled back, and builds the features inside it. */
  async function featuresAfter(change: (client: pg.PoolClient) => Promise<void>): Promise<FeatureMatrix> {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await change(client);
      return await buildFeatures(client, T);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  async function insertFuture(client: pg.PoolClient, row: FutureRow, n: number): Promise<void> {
    const id = ids[row.address]!;
    if (row.kind === 'report')
      await client.query(`INSERT INTO reports VALUES ($1, $2, $3, $4, 'anonymous')`, [`LEAK-R-${n}`, id, dayOffset(row.day), row.category]);
    if (row.kind === 'inspection')
      await client.query(`INSERT INTO inspections VALUES ($1, $2, $3, 'tip', $4)`, [`LEAK-I-${n}`, id, dayOffset(row.day), row.outcome]);
    if (row.kind === 'energy') {
      await client.query(
        `INSERT INTO energy VALUES ($1, $2, $3, NULL, true) ON CONFLICT (address_id, year) DO UPDATE SET electricity_kwh = EXCLUDED.electricity_kwh, gas_m3 = NULL`,
        [id, 2021 + row.yearsAfter, row.kwh],
      );
    }
    if (row.kind === 'period')
      await client.query(`INSERT INTO occupancy VALUES ($1, $2, NULL, $3) ON CONFLICT DO NOTHING`, [id, dayOffset(row.day), row.persons]);
    if (row.kind === 'period end') {
      await client.query(`UPDATE occupancy SET valid_to = $2 WHERE address_id = $1 AND valid_to IS NULL AND valid_from < $2`, [
        id,
        dayOffset(row.day + 1),
      ]);
    }
    if (row.kind === 'company') await client.query(`INSERT INTO companies VALUES ($1, $2, NULL, '0113')`, [id, dayOffset(row.day)]);
  }

  it('no feature for T changes when rows dated on or after T are added or periods end after T', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(futureRow, { minLength: 1, maxLength: 25 }), async (rows) => {
        const after = await featuresAfter(async (client) => {
          for (const [n, row] of rows.entries()) await insertFuture(client, row, n);
        });
        expect(after.addressIds).toEqual(baseline.addressIds);
        expect(Buffer.from(after.values.buffer).equals(Buffer.from(baseline.values.buffer))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it("a report dated before T raises exactly that address's counts of its category", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(ADDRESSES - 1),
        fc.integer({ min: 1, max: 365 }),
        fc.constantFrom(...REPORT_CATEGORIES),
        async (address, daysBefore, category) => {
          const after = await featuresAfter((client) =>
            client
              .query(`INSERT INTO reports VALUES ('PAST-1', $1, $2, $3, 'police')`, [ids[address], dayOffset(-daysBefore), category])
              .then(() => undefined),
          );
          const width = baseline.names.length;
          const recency = `months_since_${category}`;
          // A signal report counts as unanswered when it is later than the address's latest control.
          const daysSinceControl = Math.round(
            baseline.values[address * width + baseline.names.indexOf('months_since_control')]! * 30.436875,
          );
          const unanswered = (SIGNAL_CATEGORIES as readonly string[]).includes(category) && daysBefore < daysSinceControl;
          for (let i = 0; i < after.values.length; i++) {
            const name = baseline.names[i % width]!;
            const row = Math.floor(i / width);
            const expected =
              row !== address
                ? baseline.values[i]
                : name === `reports_${category}_12m` || name === `reports_${category}_36m`
                  ? baseline.values[i]! + 1
                  : name === recency
                    ? Math.min(baseline.values[i]!, daysBefore / 30.436875)
                    : name === 'signal_reports_since_control_12m'
                      ? baseline.values[i]! + (unanswered ? 1 : 0)
                      : baseline.values[i];
            // The recency is computed in SQL numeric, then float8: equal to the last bits or so.
            if (name === recency && row === address) expect(after.values[i]).toBeCloseTo(expected!, 9);
            else expect([name, row, after.values[i]]).toEqual([name, row, expected]);
          }
        },
      ),
      { numRuns: 10 },
    );
  });

  it('a control that found nothing answers the signal reports before it, not those after', async () => {
    const address = 7;
    const width = baseline.names.length;
    const value = (m: FeatureMatrix, name: string) => m.values[address * width + m.names.indexOf(name)]!;
    // One statement after another: a client runs one query at a time.
    const insert = async (client: pg.PoolClient, reportDays: number[], controlDays: number | null) => {
      for (const [k, d] of reportDays.entries())
        await client.query(`INSERT INTO reports VALUES ($1, $2, $3, 'odour', 'police')`, [`ANS-${k}`, ids[address], dayOffset(-d)]);
      if (controlDays !== null)
        await client.query(`INSERT INTO inspections VALUES ('ANS-I', $1, $2, 'tip', 'nothing_found')`, [
          ids[address],
          dayOffset(-controlDays),
        ]);
    };
    const reportsOnly = await featuresAfter((client) => insert(client, [100, 20], null));
    const answered = await featuresAfter((client) => insert(client, [100, 20], 50));
    expect(value(reportsOnly, 'signal_reports_since_control_12m') - value(baseline, 'signal_reports_since_control_12m')).toBe(2);
    // The control 50 days before T answers the report of 100 days before; the one of 20 days before stays open.
    expect(value(answered, 'signal_reports_since_control_12m')).toBe(1);
    expect(value(answered, 'months_since_negative_control')).toBeCloseTo(50 / 30.436875, 12);
    expect(value(answered, 'months_since_control')).toBeCloseTo(50 / 30.436875, 12);
  });

  it('electricity of the year before T and a find before T change the features they feed', async () => {
    const address = 5;
    const width = baseline.names.length;
    const value = (m: FeatureMatrix, name: string) => m.values[address * width + m.names.indexOf(name)];
    const energy = await featuresAfter((client) =>
      client
        .query(
          `INSERT INTO energy VALUES ($1, 2020, 123456, 500, true) ON CONFLICT (address_id, year) DO UPDATE SET electricity_kwh = 123456`,
          [ids[address]],
        )
        .then(() => undefined),
    );
    expect(value(energy, 'kwh_per_m2')).not.toBe(value(baseline, 'kwh_per_m2'));
    expect(value(energy, 'kwh_peer_ratio')).toBeGreaterThan(value(baseline, 'kwh_peer_ratio')!);
    const find = await featuresAfter((client) =>
      client
        .query(`INSERT INTO inspections VALUES ('PAST-I', $1, '2020-12-01', 'tip', 'cultivation')`, [ids[address]])
        .then(() => undefined),
    );
    expect(value(find, 'months_since_find')).toBeCloseTo(31 / 30.436875, 12);
  });
});
