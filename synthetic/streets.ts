import { clampToBox } from './city.ts';
import { drawDwellingType } from './dwelling.ts';
import type { Rng } from './rng.ts';
import { streetName } from './street-names.ts';
import type { DwellingType, Neighbourhood } from './types.ts';

/** Letters used in Dutch postcodes (F, I, O, Q, U and Y are not issued). */
const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';
/** Letter pairs PostNL does not issue. */
const EXCLUDED_PAIRS = new Set(['SA', 'SD', 'SS']);

/** Metres along the street per dwelling of each type. */
const FRONTAGE_M: Record<DwellingType, number> = { apartment: 14, terraced: 6, semi_detached: 10, detached: 18, other: 12 };
/** Share of a street's dwellings that have the street's dominant type. */
const DOMINANT_TYPE_SHARE = 0.85;
const APARTMENT_SUFFIXES = 'ABCDEFGHJKLM';
/** Long streets fold into parallel rows this long (m), 45 m apart, like a housing block. */
const ROW_LENGTH_M = 250;
const ROW_SPACING_M = 45;

/**
 * Hands out postcodes `pc4` + two letters in order. When a neighbourhood exhausts its four
 * digits (very large cities) it takes fresh ones from a shared counter.
 */
export class PostcodeAllocator {
  private letterIndex = 0;

  constructor(
    private pc4: number,
    private readonly overflow: { next: number },
  ) {}

  next(): string {
    for (;;) {
      const first = POSTCODE_LETTERS[Math.floor(this.letterIndex / POSTCODE_LETTERS.length)];
      const second = POSTCODE_LETTERS[this.letterIndex % POSTCODE_LETTERS.length];
      this.letterIndex += 1;
      if (first === undefined || second === undefined) {
        this.pc4 = this.overflow.next++;
        this.letterIndex = 0;
        continue;
      }
      if (!EXCLUDED_PAIRS.has(first + second)) return `${this.pc4}${first}${second}`;
    }
  }
}

export interface StreetPlan {
  name: string;
  dominantType: DwellingType;
  /** Year the street was built. */
  year: number;
  /** Start point (RD m) and unit direction. */
  x: number;
  y: number;
  dx: number;
  dy: number;
}

export interface StreetSlot {
  postcode: string;
  houseNumber: number;
  houseSuffix: string | null;
  dwellingType: DwellingType;
  /** RD New metres, 0.1 m precision. */
  x: number;
  y: number;
}

export function planStreet(rng: Rng, neighbourhood: Neighbourhood, index: number, size: number, endYear: number): StreetPlan {
  const [from, to] = neighbourhood.district.era;
  const angle = Math.PI * rng.uniform();
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  return {
    name: streetName(neighbourhood.theme, index),
    dominantType: drawDwellingType(rng),
    year: Math.min(endYear, rng.int(from, to)),
    x: neighbourhood.x + 300 * rng.normal() - (dx * ROW_LENGTH_M) / 2,
    y: neighbourhood.y + 300 * rng.normal() - (dy * ROW_LENGTH_M) / 2,
    dx,
    dy,
  };
}

/** House numbers, postcodes and positions along a street; apartments share a number with letter suffixes. */
export function layStreet(rng: Rng, street: StreetPlan, size: number, postcodes: PostcodeAllocator): StreetSlot[] {
  const slots: StreetSlot[] = [];
  let houseNumber = 0;
  let unitsLeft = 0;
  let unit = 0;
  let postcodeLeft = 0;
  let postcode = '';
  let position = 0;
  let row = 0;
  for (let k = 0; k < size; k++) {
    const dwellingType = rng.bernoulli(DOMINANT_TYPE_SHARE) ? street.dominantType : drawDwellingType(rng);
    const sharesBuilding = dwellingType === 'apartment' && unitsLeft > 0;
    if (!sharesBuilding) {
      houseNumber += 1;
      position += FRONTAGE_M[dwellingType];
      if (position > ROW_LENGTH_M) [position, row] = [FRONTAGE_M[dwellingType], row + 1];
      unitsLeft = dwellingType === 'apartment' ? rng.int(4, APARTMENT_SUFFIXES.length) : 0;
      unit = 0;
      // A postcode covers a run of house numbers, never half a building.
      if (postcodeLeft-- <= 0) {
        postcode = postcodes.next();
        postcodeLeft = rng.int(8, 20);
      }
    }
    const houseSuffix = dwellingType === 'apartment' ? (APARTMENT_SUFFIXES[unit++] ?? null) : null;
    if (dwellingType === 'apartment') unitsLeft -= 1;
    const side = row * ROW_SPACING_M + (houseNumber % 2 === 0 ? 12 : -12);
    const [x, y] = clampToBox(
      street.x + street.dx * position - street.dy * side + 2 * rng.normal(),
      street.y + street.dy * position + street.dx * side + 2 * rng.normal(),
    );
    slots.push({ postcode, houseNumber, houseSuffix, dwellingType, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 });
  }
  return slots;
}
