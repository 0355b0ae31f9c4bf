import type { Rng } from './rng.ts';
import { DWELLING_TYPES, OWNERSHIPS, type DwellingType, type Neighbourhood, type Ownership } from './types.ts';

/** Dutch-like housing stock: shares of dwelling types (indexed like DWELLING_TYPES). */
const TYPE_SHARES = [0.35, 0.35, 0.12, 0.1, 0.08];

/** Ownership given the type, indexed like OWNERSHIPS; overall ≈ 55 % owner, 28 % social, 15 % private, 2 % unknown. */
const OWNERSHIP_BY_TYPE: Record<DwellingType, readonly number[]> = {
  apartment: [0.36, 0.4, 0.22, 0.02],
  terraced: [0.55, 0.3, 0.13, 0.02],
  semi_detached: [0.8, 0.08, 0.1, 0.02],
  detached: [0.88, 0.02, 0.08, 0.02],
  other: [0.4, 0.2, 0.3, 0.1],
};

/** Floor area, m²: log-normal around a typical size, clamped to a plausible range. */
const FLOOR_AREA: Record<DwellingType, { median: number; logSd: number; min: number; max: number }> = {
  apartment: { median: 72, logSd: 0.2, min: 45, max: 110 },
  terraced: { median: 118, logSd: 0.15, min: 80, max: 170 },
  semi_detached: { median: 140, logSd: 0.15, min: 100, max: 210 },
  detached: { median: 175, logSd: 0.2, min: 120, max: 250 },
  other: { median: 85, logSd: 0.45, min: 25, max: 300 },
};

/** Household size 1–6 given the type. */
const HOUSEHOLD_BY_TYPE: Record<DwellingType, readonly number[]> = {
  apartment: [0.5, 0.3, 0.1, 0.06, 0.03, 0.01],
  terraced: [0.22, 0.32, 0.18, 0.18, 0.07, 0.03],
  semi_detached: [0.15, 0.38, 0.17, 0.2, 0.07, 0.03],
  detached: [0.12, 0.45, 0.15, 0.18, 0.07, 0.03],
  other: [0.45, 0.3, 0.1, 0.1, 0.03, 0.02],
};

/** WOZ per m² relative to the neighbourhood's level. */
const WOZ_TYPE_FACTOR: Record<DwellingType, number> = { apartment: 0.95, terraced: 1, semi_detached: 1.05, detached: 1.12, other: 0.9 };
const WOZ_MISSING = 0.02;

/** Share of private-rent (and unknown) dwellings owned by a company; housing corporations always are one. */
const COMPANY_OWNER_SHARE: Record<Ownership, number> = { owner_occupied: 0, social_rent: 1, private_rent: 0.5, unknown: 0.4 };

export function drawDwellingType(rng: Rng): DwellingType {
  return DWELLING_TYPES[rng.categorical(TYPE_SHARES)] ?? 'other';
}

export function drawFloorArea(rng: Rng, type: DwellingType): number {
  const spec = FLOOR_AREA[type];
  const area = rng.logNormal(Math.log(spec.median), spec.logSd);
  return Math.round(Math.min(spec.max, Math.max(spec.min, area)));
}

export function drawOwnership(rng: Rng, type: DwellingType): Ownership {
  return OWNERSHIPS[rng.categorical(OWNERSHIP_BY_TYPE[type])] ?? 'unknown';
}

/** The contract's owner_is_company means a legal entity: housing corporations are one too. */
export function drawOwnerIsCompany(rng: Rng, ownership: Ownership): boolean {
  const share = COMPANY_OWNER_SHARE[ownership];
  return share >= 1 || (share > 0 && rng.bernoulli(share));
}

export function drawHouseholdSize(rng: Rng, type: DwellingType): number {
  return 1 + rng.categorical(HOUSEHOLD_BY_TYPE[type]);
}

/** WOZ value in €, rounded to thousands; null for a few dwellings. */
export function drawWoz(rng: Rng, type: DwellingType, floorArea: number, neighbourhood: Neighbourhood): number | null {
  if (rng.bernoulli(WOZ_MISSING)) return null;
  const perM2 = neighbourhood.wozPerM2 * WOZ_TYPE_FACTOR[type] * rng.logNormal(0, 0.1);
  return Math.round((floorArea * perM2) / 1000) * 1000;
}

/** Building year: the street's year give or take one, a few much older farm and dike houses. */
export function drawBuildingYear(rng: Rng, streetYear: number): number {
  if (rng.bernoulli(0.03)) return rng.int(1900, 1975);
  return rng.bernoulli(0.2) ? streetYear + rng.int(-1, 1) : streetYear;
}
