import { daysInYear, randomDayInYear } from './calendar.ts';
import { CONTROLS } from './params.ts';
import { triggeredDay } from './police.ts';
import { CATEGORY_TRIGGERS, RANDOM_SELECTION_PROBABILITY, RANDOM_SELECTION_THRESHOLD } from './rates.ts';
import type { Rng } from './rng.ts';
import type { InspectionOutcome, InspectionReason, ReportSource } from './types.ts';

export interface ReportDraw {
  /** Day of the year, 2..N. */
  day: number;
  /** Index into REPORT_CATEGORIES. */
  category: number;
  source: ReportSource;
}

export interface ControlDraw {
  day: number;
  reason: InspectionReason;
  outcome: InspectionOutcome;
  /** The chance the address was drawn with (random controls); null for every other reason. */
  selectionProbability: number | null;
}

const LOG_NO_ACCESS = Math.log(CONTROLS.noAccess);
const LOG_NOTHING_FOUND = Math.log(1 - CONTROLS.noAccess);
const LOG_CULTIVATION = Math.log((1 - CONTROLS.noAccess) * (1 - CONTROLS.preparationShare));
const LOG_PREPARATION = Math.log((1 - CONTROLS.noAccess) * CONTROLS.preparationShare);

export function isFind(outcome: InspectionOutcome): boolean {
  return outcome === 'cultivation' || outcome === 'preparation';
}

/** The outcome of one control: the same rule for every reason (no access, else a find exactly when cultivating). */
export function drawOutcome(rng: Rng, cultivating: boolean): InspectionOutcome {
  if (rng.bernoulli(CONTROLS.noAccess)) return 'no_access';
  if (!cultivating) return 'nothing_found';
  return rng.bernoulli(CONTROLS.preparationShare) ? 'preparation' : 'cultivation';
}

/** Controls of one address in one year: triggered by its reports, police intelligence, the random sample. Sorted by day. */
export function drawControls(rng: Rng, year: number, reports: readonly ReportDraw[], cultivating: boolean): ControlDraw[] {
  const lastDay = daysInYear(year);
  const controls: ControlDraw[] = [];
  for (const report of reports) {
    const trigger = CATEGORY_TRIGGERS[report.category];
    if (!trigger || trigger.probability === 0 || !rng.bernoulli(trigger.probability)) continue;
    const day = triggeredDay(report.day, rng.int(1, CONTROLS.maxDelayDays), lastDay);
    controls.push({ day, reason: trigger.reason, outcome: drawOutcome(rng, cultivating), selectionProbability: null });
  }
  const police = rng.poisson(cultivating ? CONTROLS.policeCultivating : CONTROLS.policeIdle);
  for (let k = 0; k < police; k++) {
    controls.push({
      day: randomDayInYear(rng, year),
      reason: 'police',
      outcome: drawOutcome(rng, cultivating),
      selectionProbability: null,
    });
  }
  if (rng.uniform() >= RANDOM_SELECTION_THRESHOLD) {
    const day = randomDayInYear(rng, year);
    controls.push({ day, reason: 'random', outcome: drawOutcome(rng, cultivating), selectionProbability: RANDOM_SELECTION_PROBABILITY });
  }
  // Sorting by day keeps file order from telling which stream a control came from.
  return controls.sort((a, b) => a.day - b.day);
}

/** log P(outcomes | cultivating): outcomes are independent given the latent state. */
export function outcomesLogLikelihood(controls: readonly ControlDraw[], cultivating: boolean): number {
  let sum = 0;
  for (const control of controls) {
    if (control.outcome === 'no_access') sum += LOG_NO_ACCESS;
    else if (control.outcome === 'nothing_found') sum += cultivating ? Number.NEGATIVE_INFINITY : LOG_NOTHING_FOUND;
    else if (!cultivating) sum += Number.NEGATIVE_INFINITY;
    else sum += control.outcome === 'preparation' ? LOG_PREPARATION : LOG_CULTIVATION;
  }
  return sum;
}
