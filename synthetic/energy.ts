import { ENERGY } from './params.ts';
import type { Rng } from './rng.ts';
import type { DwellingType } from './types.ts';

export interface EnergyDwelling {
  /** m². */
  floorArea: number;
  dwellingType: DwellingType;
  hasGas: boolean;
}

const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** SD of log kWh when a metered grow adds its log-normal factor: a product of log-normals. */
const GROWING_LOG_SD = Math.sqrt(ENERGY.logSd ** 2 + ENERGY.growLogSd ** 2);

/** Mean of log(electricity kWh per year) of a household of `persons`, without cultivation. */
export function electricityLogMean(dwelling: EnergyDwelling, persons: number): number {
  const kwh = ENERGY.baseKwh + ENERGY.kwhPerPerson * persons + ENERGY.kwhPerM2 * dwelling.floorArea;
  return Math.log(kwh) + ENERGY.typeLogShift[dwelling.dwellingType];
}

export function normalLogDensity(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return -0.5 * z * z - Math.log(sd) - LOG_SQRT_TWO_PI;
}

/** Metered electricity in whole kWh; `meteredGrow` multiplies it by the grow factor. */
export function drawElectricityKwh(rng: Rng, logMean: number, meteredGrow: boolean): number {
  let logKwh = logMean + ENERGY.logSd * rng.normal();
  if (meteredGrow) logKwh += ENERGY.growLogMean + ENERGY.growLogSd * rng.normal();
  return Math.max(1, Math.round(Math.exp(logKwh)));
}

/**
 * Log densities of the observed log kWh without and with a metered grow. The written value
 * is rounded to whole kWh; at thousands of kWh the density at the rounded value differs
 * from the mass of its rounding interval by a relative 1e-6 or less: far below sampling noise.
 */
export function electricityLogDensities(kwh: number, logMean: number): [normal: number, meteredGrow: number] {
  const logKwh = Math.log(kwh);
  return [normalLogDensity(logKwh, logMean, ENERGY.logSd), normalLogDensity(logKwh, logMean + ENERGY.growLogMean, GROWING_LOG_SD)];
}

/** Gas m³ per year, independent of cultivation; null without a gas connection. */
export function drawGasM3(rng: Rng, dwelling: EnergyDwelling, persons: number): number | null {
  if (!dwelling.hasGas) return null;
  const mean = ENERGY.baseGasM3 + ENERGY.gasM3PerM2 * dwelling.floorArea + ENERGY.gasM3PerPerson * persons;
  return Math.round(rng.logNormal(Math.log(mean), ENERGY.gasLogSd));
}
