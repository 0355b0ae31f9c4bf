import { occupancyLine } from './rows.ts';

/**
 * Registration periods per address. A period ends (exclusively) on the day the next one
 * starts, so periods never overlap; a count of 0 is written as a gap, which the contract
 * reads as 0 registered. Rows are kept until the end because a period's end is only known
 * when the count changes again.
 */
export class OccupancyLedger {
  private readonly closed: string[][];
  private readonly openFrom: (string | null)[];
  private readonly persons: Int32Array;

  constructor(private readonly addressIds: readonly string[]) {
    this.closed = addressIds.map(() => []);
    this.openFrom = addressIds.map(() => null);
    this.persons = new Int32Array(addressIds.length);
  }

  /** Registered persons of address `i` right now. */
  current(i: number): number {
    return this.persons[i] ?? 0;
  }

  /** From `date` on, address `i` has `persons` registered (no-op when unchanged). */
  change(i: number, date: string, persons: number): void {
    if (persons === this.current(i)) return;
    const from = this.openFrom[i];
    if (from) this.closed[i]?.push(occupancyLine(this.addressIds[i] ?? '', from, date, this.current(i)));
    this.openFrom[i] = persons > 0 ? date : null;
    this.persons[i] = persons;
  }

  /** All periods in address order; those still running have an empty valid_to. */
  *lines(): Generator<string> {
    for (let i = 0; i < this.addressIds.length; i++) {
      yield* this.closed[i] ?? [];
      const from = this.openFrom[i];
      if (from) yield occupancyLine(this.addressIds[i] ?? '', from, null, this.current(i));
    }
  }
}
