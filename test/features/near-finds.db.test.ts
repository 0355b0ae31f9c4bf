import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures, type FeatureMatrix } from '../../features/index.ts';
import { importDirectory } from '../../ingest/index.ts';
import { Shuffler } from '../../models/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { addressIdOf, addressRow, writeDelivery } from '../support/delivery.ts';

/**
 * finds_within_250m_36m against a count of every pair: the query joins addresses and finds
 * on small cells and tests the distance only there, so an address whose find lies in a cell
 * the join leaves out would lose it without any other sign. Addresses on cell edges and at
 * exactly 250 m (along an axis and on a 150–200 diagonal) are placed on purpose, the rest at
 * random to the decimetre; finds outside the 36 months, controls that found nothing and an
 * address's own find must not count.
 */
const T = '2023-01-01';
const X0 = 145_000;
const Y0 = 485_000;

interface Point {
  x: number;
  y: number;
}
interface Inspection {
  address: number;
  on: string;
  outcome: string;
}

function layout(): { points: Point[]; inspections: Inspection[] } {
  const rng = new Shuffler(11);
  const points: Point[] = [];
  // A find's address on a corner of the cells, and others at, just inside and just beyond 250 m of it.
  const planted: Array<[number, number]> = [
    [0, 0],
    [250, 0],
    [0, -250],
    [-150, 200],
    [200, 150],
    [-200, -150],
    [249.9, 0],
    [250.1, 0],
    [176.7, 176.7],
    [176.8, 176.8],
    [50, 245],
    [-245, 50],
  ];
  for (const [dx, dy] of planted) points.push({ x: X0 + 500 + dx, y: Y0 + 500 + dy });
  for (let i = 0; i < 300; i++) points.push({ x: X0 + Math.round(rng.next() * 12_000) / 10, y: Y0 + Math.round(rng.next() * 12_000) / 10 });
  const inspections: Inspection[] = [{ address: 1, on: '2021-06-01', outcome: 'cultivation' }];
  const outcomes = ['cultivation', 'preparation', 'nothing_found'];
  const dates = ['2019-12-31', '2020-01-01', '2021-07-15', '2022-12-31', '2023-01-01'];
  for (let k = 0; k < 60; k++) {
    inspections.push({
      address: 1 + Math.floor(rng.next() * points.length),
      on: dates[Math.floor(rng.next() * dates.length)]!,
      outcome: outcomes[Math.floor(rng.next() * outcomes.length)]!,
    });
  }
  return { points, inspections };
}

/** The count the feature means, pair by pair, with the same float arithmetic as the query. */
function expected(points: readonly Point[], inspections: readonly Inspection[]): number[] {
  const finds = inspections.filter((i) => i.outcome !== 'nothing_found' && i.on >= '2020-01-01' && i.on < T);
  return points.map((p, i) => {
    let n = 0;
    for (const f of finds) {
      if (f.address === i + 1) continue;
      const q = points[f.address - 1]!;
      if ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) <= 62_500) n++;
    }
    return n;
  });
}

describe('finds within 250 m', () => {
  const db = useTestDatabase();
  const { points, inspections } = layout();
  let matrix: FeatureMatrix;

  beforeAll(async () => {
    const delivery = writeDelivery({
      'addresses.csv': points.map((p, i) => addressRow(i + 1, { house_number: String(i + 1), x_rd: String(p.x), y_rd: String(p.y) })),
      'inspections.csv': inspections.map((s, k) => ({
        inspection_id: `I-${k + 1}`,
        address_id: addressIdOf(s.address),
        inspected_on: s.on,
        reason: 'tip',
        outcome: s.outcome,
      })),
    });
    expect((await importDirectory(db.pool, delivery)).status).toBe('loaded');
    matrix = await buildFeatures(db.pool, T);
  });

  it('counts, for every address, the finds of the 36 months within 250 m of it but its own, as a count of every pair does', () => {
    const column = matrix.names.indexOf('finds_within_250m_36m');
    const byId = new Map(matrix.addressIds.map((id, row) => [id, matrix.values[row * matrix.names.length + column]!]));
    const counted = points.map((_, i) => byId.get(addressIdOf(i + 1)));
    const truth = expected(points, inspections);
    expect(counted).toEqual(truth);
    // The cases on the edge are there: five addresses at exactly 250 m of the planted find, in the arithmetic of both.
    const d2 = (p: Point) => (p.x - points[0]!.x) * (p.x - points[0]!.x) + (p.y - points[0]!.y) * (p.y - points[0]!.y);
    expect(points.slice(1, 12).filter((p) => d2(p) === 62_500)).toHaveLength(5);
    expect(truth.filter((n) => n > 1).length).toBeGreaterThan(20);
  });
});
