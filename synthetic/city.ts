import type { Rng } from './rng.ts';
import { STREET_THEMES } from './street-names.ts';
import type { District, Neighbourhood } from './types.ts';

/** The municipality's extent in RD New metres (Almere-like). */
export const CITY_BOX = { xMin: 140_000, xMax: 152_000, yMin: 480_000, yMax: 492_000 } as const;

/** Building eras of Almere's districts, from Haven (late 1970s) to Poort and Duin. */
const ERAS: readonly (readonly [number, number])[] = [
  [1976, 1986],
  [1980, 1992],
  [1984, 1996],
  [1990, 2002],
  [1995, 2008],
  [2000, 2012],
  [2006, 2018],
  [2012, 2024],
];

const GRID_COLUMNS = 4;
const GRID_ROWS = 3;
const DISTRICT_MARGIN_M = 1200;

export interface City {
  districts: District[];
  neighbourhoods: Neighbourhood[];
}

export function clampToBox(x: number, y: number, margin = 0): [number, number] {
  return [
    Math.min(CITY_BOX.xMax - margin, Math.max(CITY_BOX.xMin + margin, x)),
    Math.min(CITY_BOX.yMax - margin, Math.max(CITY_BOX.yMin + margin, y)),
  ];
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** 8–12 districts on a jittered grid over the city box, each with its own building era. */
function layoutDistricts(rng: Rng, municipalityCode: string): District[] {
  const count = rng.int(8, 12);
  const cells = shuffled(
    rng,
    Array.from({ length: GRID_COLUMNS * GRID_ROWS }, (_, i) => i),
  )
    .slice(0, count)
    .sort((a, b) => a - b);
  const eras = shuffled(rng, ERAS);
  // Districts keep a margin from the edge so their neighbourhoods and streets fit inside.
  const cellWidth = (CITY_BOX.xMax - CITY_BOX.xMin - 2 * DISTRICT_MARGIN_M) / GRID_COLUMNS;
  const cellHeight = (CITY_BOX.yMax - CITY_BOX.yMin - 2 * DISTRICT_MARGIN_M) / GRID_ROWS;
  return cells.map((cell, i) => ({
    code: `WK${municipalityCode}${String(i + 1).padStart(2, '0')}`,
    x: CITY_BOX.xMin + DISTRICT_MARGIN_M + ((cell % GRID_COLUMNS) + 0.5) * cellWidth + rng.int(-400, 400),
    y: CITY_BOX.yMin + DISTRICT_MARGIN_M + (Math.floor(cell / GRID_COLUMNS) + 0.5) * cellHeight + rng.int(-400, 400),
    era: eras[i % eras.length] as readonly [number, number],
  }));
}

/** Splits `total` in proportion to `weights`, largest remainders first, so the parts add up exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = total - parts.reduce((a, b) => a + b, 0);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

/** 4–8 neighbourhoods per district, clustered around it, with sizes that add up to `addressCount`. */
function layoutNeighbourhoods(rng: Rng, districts: readonly District[], addressCount: number): Neighbourhood[] {
  const themeOffset = rng.int(0, STREET_THEMES.length - 1);
  const neighbourhoods: Neighbourhood[] = [];
  for (const district of districts) {
    const count = rng.int(4, 8);
    for (let j = 0; j < count; j++) {
      const index = neighbourhoods.length;
      const [x, y] = clampToBox(district.x + 600 * rng.normal(), district.y + 600 * rng.normal(), 800);
      neighbourhoods.push({
        index,
        code: `BU${district.code.slice(2)}${String(j).padStart(2, '0')}`,
        district,
        x,
        y,
        groupBShare: 0.1 + 0.5 * rng.uniform(),
        wozPerM2: Math.min(4800, Math.max(2200, 3300 + 450 * rng.normal())),
        pc4: 1311 + index,
        theme: (themeOffset + index) % STREET_THEMES.length,
        size: 0,
      });
    }
  }
  const sizes = apportion(
    addressCount,
    neighbourhoods.map(() => rng.logNormal(0, 0.5)),
  );
  neighbourhoods.forEach((n, i) => (n.size = sizes[i] ?? 0));
  return neighbourhoods;
}

export function layoutCity(rng: Rng, municipalityCode: string, addressCount: number): City {
  const districts = layoutDistricts(rng, municipalityCode);
  return { districts, neighbourhoods: layoutNeighbourhoods(rng, districts, addressCount) };
}
