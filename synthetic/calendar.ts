import type { Rng } from './rng.ts';

const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** `YYYY-MM-DD` of day `dayOfYear` (1 = 1 January; larger values roll into later years). */
export function isoDate(year: number, dayOfYear: number): string {
  return new Date(Date.UTC(year, 0, dayOfYear)).toISOString().slice(0, 10);
}

/**
 * Day of year uniform on 2..N. Never 1 January: a signal of year t then lies strictly after
 * the reference date 1 January t, so it can only inform features of later years.
 */
export function randomDayInYear(rng: Rng, year: number): number {
  return rng.int(2, daysInYear(year));
}

/** A uniformly random date strictly between two years' boundaries: [fromYear-01-02, toYear-12-31]. */
export function randomDateBetween(rng: Rng, fromYear: number, toYear: number): { year: number; day: number } {
  const start = Date.UTC(fromYear, 0, 2);
  const end = Date.UTC(toYear, 11, 31);
  const date = new Date(start + rng.int(0, Math.round((end - start) / MS_PER_DAY)) * MS_PER_DAY);
  const year = date.getUTCFullYear();
  return { year, day: Math.round((date.getTime() - Date.UTC(year, 0, 1)) / MS_PER_DAY) + 1 };
}

/** The date `offsetDays` after day `dayOfYear` of `year`, and the year it falls in. */
export function dateAfter(year: number, dayOfYear: number, offsetDays: number): { iso: string; year: number } {
  const date = new Date(Date.UTC(year, 0, dayOfYear + offsetDays));
  return { iso: date.toISOString().slice(0, 10), year: date.getUTCFullYear() };
}

/** Date strings of every day of the simulated years, computed once: the writer needs millions. */
export class Calendar {
  private readonly days: string[][] = [];

  constructor(
    readonly startYear: number,
    readonly endYear: number,
  ) {
    for (let year = startYear; year <= endYear; year++) {
      const strings = [''];
      for (let day = 1; day <= daysInYear(year); day++) strings.push(isoDate(year, day));
      this.days.push(strings);
    }
  }

  date(year: number, dayOfYear: number): string {
    const cached = this.days[year - this.startYear]?.[dayOfYear];
    return cached ?? isoDate(year, dayOfYear);
  }
}
