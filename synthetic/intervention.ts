/**
 * Controls sent on top of the city's own practice (a risk list, a random sample), given
 * from outside for a year. They follow the rules of the city's own controls: the outcome
 * is `no_access` with the same chance, otherwise a find exactly when the address
 * cultivates; a find dismantles the cultivation (the chain's reoffend probability applies
 * the next year) and counts in the neighbourhood's find rate.
 *
 * p_bayes stays exact as long as the choice of these controls depends only on what was
 * observable before the year (a risk list of 1 January, p_bayes itself) and on random
 * numbers of the caller's own: their selection then carries no information about the
 * latent state, and a year with m of them at an address finds a cultivation there unless
 * the city's own controls and all m miss it.
 */
import { daysInYear } from './calendar.ts';
import { drawOutcome, type ControlDraw } from './controls.ts';
import { CONTROLS } from './params.ts';
import { DETECTION_PROBABILITY } from './rates.ts';
import type { Rng } from './rng.ts';

export type ExtraReason = 'risk_model' | 'random';

export interface ExtraControl {
  /** Index of the address in the city (Address.index). */
  addressIndex: number;
  /** Day of the year, 2..N: never 1 January, like every other signal of the year. */
  day: number;
  reason: ExtraReason;
  /** The chance the address was drawn with (reason `random`); null otherwise. */
  selectionProbability: number | null;
}

export interface ExtraOutcome extends ExtraControl {
  outcome: ControlDraw['outcome'];
}

/** P(a control gets in): it then finds a cultivation exactly when there is one. */
export const ACCESS_PROBABILITY = 1 - CONTROLS.noAccess;

/** P(a control of the year finds the cultivation | cultivating) with `extra` controls on top of the city's own. */
export function detectionProbability(extra: number): number {
  // With none, exactly the constant: the city without interventions writes what it always wrote.
  return extra === 0 ? DETECTION_PROBABILITY : 1 - (1 - DETECTION_PROBABILITY) * CONTROLS.noAccess ** extra;
}

/** Refuses controls that the city could not have carried out (unknown address, a day outside the year, a bad probability). */
export function checkExtraControls(
  controls: readonly ExtraControl[],
  year: number,
  addressCount: number,
  exists: (index: number) => boolean,
): void {
  const lastDay = daysInYear(year);
  for (const control of controls) {
    const where = `extra control of address ${control.addressIndex} in ${year}`;
    if (!Number.isInteger(control.addressIndex) || control.addressIndex < 0 || control.addressIndex >= addressCount)
      throw new RangeError(`${where}: no such address`);
    if (!exists(control.addressIndex)) throw new RangeError(`${where}: the dwelling does not exist yet`);
    if (!Number.isInteger(control.day) || control.day < 2 || control.day > lastDay)
      throw new RangeError(`${where}: day ${control.day} is not in 2..${lastDay}`);
    const p = control.selectionProbability;
    if (control.reason === 'random' ? !(p !== null && p > 0 && p <= 1) : p !== null) {
      throw new RangeError(`${where}: a random control needs a selection probability in (0, 1], any other none (got ${p})`);
    }
  }
}

/**
 * The outcomes of one address's extra controls of a year, in day order, drawn from the
 * address-year's own intervention stream: the city's own draws never see them.
 */
export function drawExtraOutcomes(rng: Rng, controls: readonly ExtraControl[], cultivating: boolean): ExtraOutcome[] {
  return [...controls].sort((a, b) => a.day - b.day).map((control) => ({ ...control, outcome: drawOutcome(rng, cultivating) }));
}
