/**
 * The dates a control may carry, as calendar days in Dutch time (YYYY-MM-DD compares as
 * text): planned on or after the day the RIEC approved it and at most a year ahead;
 * inspected on or after that day and not after today. A refusal names the limit crossed
 * (`reason`) and the date that bounds it, so that a client can say it in its own words.
 */
import { z } from 'zod';
import { HttpError, type DateReason } from '../http/errors.ts';

const PLANNING_HORIZON_DAYS = 365;

/** Calendar days as the municipality counts them (Dutch time, not UTC: 00:30 is already tomorrow). */
const LOCAL_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
export const localDate = (date: Date) => LOCAL_DATE.format(date);

export const dateSchema = z.iso.date('a date looks like 2026-03-01');

export interface DateProblem {
  reason: DateReason;
  /** The limit crossed: the approval day, the last day that can be planned, or today. */
  bound: string;
  message: string;
}

/** The days a control's date is held against: the day the RIEC approved it, and today. */
export interface ControlDays {
  approvedOn: string;
  today: string;
}

/** The last day a control can be planned on today. */
export function lastPlanDate(todayIs: string): string {
  const horizon = new Date(`${todayIs}T00:00:00Z`);
  horizon.setUTCDate(horizon.getUTCDate() + PLANNING_HORIZON_DAYS);
  return horizon.toISOString().slice(0, 10);
}

export function planningProblem(plannedFor: string, { approvedOn, today }: ControlDays): DateProblem | null {
  if (plannedFor < approvedOn)
    return {
      reason: 'before_approval',
      bound: approvedOn,
      message: `${plannedFor} is before the RIEC approved the control on ${approvedOn}`,
    };
  const last = lastPlanDate(today);
  if (plannedFor > last)
    return {
      reason: 'beyond_horizon',
      bound: last,
      message: `${plannedFor} is more than ${PLANNING_HORIZON_DAYS} days ahead (the latest date now is ${last}); plan within a year`,
    };
  return null;
}

export function inspectionProblem(inspectedOn: string, { approvedOn, today }: ControlDays): DateProblem | null {
  if (inspectedOn > today) return { reason: 'in_future', bound: today, message: `${inspectedOn} is in the future` };
  if (inspectedOn < approvedOn)
    return {
      reason: 'before_approval',
      bound: approvedOn,
      message: `${inspectedOn} is before the RIEC approved the control on ${approvedOn}`,
    };
  return null;
}

/** 400 naming the field, the limit crossed and its date. */
export function dateRefusal(field: string, problem: DateProblem): HttpError {
  return new HttpError(400, 'invalid_request', `${field}: ${problem.message}`, { field, reason: problem.reason, bound: problem.bound });
}
