import { CHAIN } from './params.ts';
import type { DwellingType, Ownership } from './types.ts';

/** WOZ per m² (€) at which the WOZ term of the hazard is neutral. */
const WOZ_REFERENCE_PER_M2 = 3300;

export interface StaticRiskInput {
  dwellingType: DwellingType;
  ownership: Ownership;
  ownerIsCompany: boolean;
  /** €, null when unknown. */
  woz: number | null;
  /** m². */
  floorArea: number;
}

/**
 * Multiplier of the base start hazard from fields of addresses.csv only, so that the
 * filter sees exactly what the sampler used.
 */
export function staticRisk(dwelling: StaticRiskInput): number {
  let risk: number = CHAIN.typeFactor[dwelling.dwellingType];
  if (dwelling.ownership === 'private_rent') risk *= CHAIN.privateRentFactor;
  if (dwelling.ownerIsCompany && dwelling.ownership !== 'social_rent') risk *= CHAIN.companyOwnerFactor;
  if (dwelling.woz !== null && dwelling.woz > 0) {
    const z = Math.log(dwelling.woz / dwelling.floorArea / WOZ_REFERENCE_PER_M2) / 0.2;
    risk *= Math.exp(CHAIN.wozSlope * Math.max(-3, Math.min(3, z)));
  }
  return risk;
}

/**
 * Yearly probability that a cultivation starts at an address without one.
 * `neighbourhoodFindsPer1000`: observed finds in the neighbourhood over the last
 * `CHAIN.neighbourhoodWindowYears` years, per 1,000 dwellings.
 */
export function startHazard(risk: number, foundEarlier: boolean, neighbourhoodFindsPer1000: number): number {
  const hazard =
    CHAIN.baseHazard * risk * (foundEarlier ? CHAIN.earlierFindFactor : 1) * (1 + CHAIN.neighbourhoodGain * neighbourhoodFindsPer1000);
  return Math.min(CHAIN.maxHazard, hazard);
}

/** P(cultivating in the dwelling's first simulated year). */
export function initialCultivationProbability(hazard: number): number {
  return Math.min(CHAIN.maxHazard, CHAIN.initialFactor * hazard);
}

/**
 * P(c_t = 1) given P(c_{t-1} = 1) — 0 or 1 in the sampler, a filtered probability in the
 * posterior — and whether a control found a cultivation in t−1 (then it was dismantled).
 */
export function nextCultivationProbability(previous: number, foundLastYear: boolean, hazard: number): number {
  if (foundLastYear) return CHAIN.reoffend;
  return previous * CHAIN.continuation + (1 - previous) * hazard;
}
