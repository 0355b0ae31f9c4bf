import fc from 'fast-check';
import type pg from 'pg';
import { ACTIONS } from '../../../service/permissions.ts';
import type { TokenKind } from './tokens.ts';
import type { Hints } from './values.ts';

/**
 * Values that mean something in the city at hand, by parameter or field name: addresses on
 * the risk list, signal ids that exist, the model versions, real districts, a cursor of the
 * current list, dates around the service's clock, for a decision a signal that is
 * proposed (and so on). Without them nearly every valid request would end in a 404 and the
 * workflow behind it would never run.
 */
const REASONS = [
  'Hoge score, hoog stroomverbruik en twee meldingen van buren',
  'Voldoende aanleiding voor een controle ter plaatse',
  'Geen aanleiding: het verbruik past bij het huishouden',
  'Signaal past bij eerdere bevindingen in deze straat',
];
const JUSTIFICATIONS = [
  'Terug naar het vorige model na een storing in de levering',
  'Handmatige activering na beoordeling van de modelkaart',
];
const LEGAL_BASES = ['art. 13b Opiumwet', 'art. 174a Gemeentewet', 'Opiumwet'];

/** A calendar day `days` after `date`, as YYYY-MM-DD. */
const day = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** Hints by parameter name, and for some operations by operation (its key) and name. */
export interface CityHints {
  hints: Hints;
  operationHints: Readonly<Record<string, Hints>>;
  /** Reads the signals' states again: call it after every request. */
  refresh(): Promise<void>;
}

export async function hintsFrom(pool: pg.Pool, tokens: readonly TokenKind[], clock: Date): Promise<CityHints> {
  const column = async <T>(sql: string) => (await pool.query<{ v: T }>(sql)).rows.map((r) => r.v);
  const ranked = await column<string>('SELECT address_id AS v FROM risk_scores ORDER BY list_id DESC, rank LIMIT 60');
  const districts = await column<string>('SELECT DISTINCT district_code AS v FROM addresses ORDER BY 1');
  const neighbourhoods = await column<string>('SELECT DISTINCT neighbourhood_code AS v FROM addresses ORDER BY 1');
  const versions = await column<number>('SELECT version AS v FROM models ORDER BY 1');
  const lists = (await column<string>('SELECT id AS v FROM risk_lists ORDER BY 1')).map(Number);
  const subjects = tokens.flatMap((t) => (t.subject === null ? [] : [t.subject]));

  // Generation is lazy (fast-check draws each request after the previous one ran), so a
  // signal id drawn from here is one in that state when the request is made.
  const signals = new Map<string, number[]>();
  const refresh = async () => {
    signals.clear();
    for (const { id, status } of (await pool.query<{ id: string; status: string }>('SELECT id, status FROM signals ORDER BY id')).rows)
      signals.set(status, [...(signals.get(status) ?? []), Number(id)]);
  };
  await refresh();
  const signalIn = (status: string) =>
    fc.oneof(
      { arbitrary: fc.nat().map((n) => signals.get(status)?.[n % signals.get(status)!.length] ?? 1 + (n % 24)), weight: 3 },
      { arbitrary: fc.integer({ min: 1, max: 24 }), weight: 1 },
    );

  return {
    refresh,
    operationHints: {
      'POST /api/v1/signals/{id}/decision': { id: signalIn('proposed') },
      'POST /api/v1/controls/{id}/plan': { id: signalIn('approved') },
      'POST /api/v1/controls/{id}/outcome': { id: signalIn('control_planned') },
      'POST /api/v1/controls/{id}/correction': { id: signalIn('outcome_recorded') },
      // Most sizes the schema allows exceed the city's frame; a draw per district needs one per district (8).
      'POST /api/v1/samples': {
        n: fc.oneof(
          { arbitrary: fc.integer({ min: 8, max: 12 }), weight: 3 },
          { arbitrary: fc.integer({ min: 1, max: 10_000 }), weight: 1 },
        ),
      },
    },
    hints: {
      addressId: fc.constantFrom(...ranked),
      id: fc.integer({ min: 1, max: 24 }),
      version: fc.oneof(
        { arbitrary: fc.constantFrom(...versions), weight: 4 },
        { arbitrary: fc.constant(versions.reduce((a, b) => Math.max(a, b), 0) + 1), weight: 1 },
      ),
      district: fc.constantFrom(...districts),
      neighbourhood: fc.constantFrom(...neighbourhoods),
      // A cursor of a stored list at any rank, the last ones past the end of the list.
      cursor: fc
        .tuple(
          fc.constantFrom(...lists),
          fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 3001, max: Number.MAX_SAFE_INTEGER })),
        )
        .map(([list, rank]) => `${list}.${rank}`),
      limit: fc.integer({ min: 1, max: 20 }),
      before: fc.integer({ min: 1, max: 3000 }),
      after: fc.integer({ min: 1, max: 3000 }),
      // The auditor's days: `from` never after `to`, so the range itself is not what refuses a request.
      from: fc.constantFrom(day(clock, -30), day(clock, -1), day(clock, 0)),
      to: fc.constantFrom(day(clock, 0), day(clock, 1)),
      actor: fc.constantFrom('anonymous', ...subjects),
      action: fc.constantFrom(...ACTIONS),
      reason: fc.constantFrom(...REASONS),
      legalBasis: fc.constantFrom(...LEGAL_BASES),
      justification: fc.constantFrom(...JUSTIFICATIONS),
      priority: fc.integer({ min: 1, max: 3 }),
      plannedFor: fc.constantFrom(day(clock, 0), day(clock, 3), day(clock, 28), day(clock, -14)),
      inspectedOn: fc.constantFrom(day(clock, 0), day(clock, -1)),
    },
  };
}
