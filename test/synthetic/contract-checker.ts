import type { Table } from './fixtures.ts';

/**
 * An independent reading of docs/data-contract.md (v1.1; column rules and the rules within
 * one row), so the generator is not checked against its own idea of the format.
 */
type Check = (value: string) => boolean;

interface ColumnRule {
  nullable: boolean;
  check: Check;
}

const CURRENT_YEAR = new Date().getUTCFullYear();

const matches =
  (regex: RegExp): Check =>
  (v) =>
    regex.test(v);
const integer =
  (min: number, max: number): Check =>
  (v) =>
    /^-?[0-9]+$/.test(v) && Number(v) >= min && Number(v) <= max;
const decimal =
  (min: number, max = Number.POSITIVE_INFINITY): Check =>
  (v) =>
    /^-?[0-9]+(\.[0-9]+)?$/.test(v) && Number(v) >= min && Number(v) <= max;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v);
const text =
  (max: number): Check =>
  (v) =>
    v.length <= max;
const probability: Check = (v) => decimal(0, 1)(v) && Number(v) > 0;
const bool = oneOf('true', 'false');
const date: Check = (v) => {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) return false;
  const parsed = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === v;
};

const required = (check: Check): ColumnRule => ({ nullable: false, check });
const nullable = (check: Check): ColumnRule => ({ nullable: true, check });
const addressId = required(matches(/^[0-9]{16}$/));

export const CONTRACT: Record<string, Record<string, ColumnRule>> = {
  'addresses.csv': {
    address_id: addressId,
    postcode: required(matches(/^[1-9][0-9]{3}[A-Z]{2}$/)),
    house_number: required(integer(1, 99999)),
    house_suffix: nullable(text(6)),
    street: required(text(80)),
    district_code: required(matches(/^WK[0-9]{6}$/)),
    neighbourhood_code: required(matches(/^BU[0-9]{8}$/)),
    x_rd: required(decimal(0, 300000)),
    y_rd: required(decimal(300000, 625000)),
    building_year: required(integer(1000, CURRENT_YEAR + 1)),
    floor_area_m2: required(integer(10, 10000)),
    dwelling_type: required(oneOf('apartment', 'terraced', 'semi_detached', 'detached', 'other')),
    ownership: required(oneOf('owner_occupied', 'social_rent', 'private_rent', 'unknown')),
    owner_is_company: required(bool),
    woz_value_eur: nullable(integer(0, Number.MAX_SAFE_INTEGER)),
  },
  'occupancy.csv': {
    address_id: addressId,
    valid_from: required(date),
    valid_to: nullable(date),
    registered_persons: required(integer(0, 50)),
  },
  'energy.csv': {
    address_id: addressId,
    year: required(integer(2000, CURRENT_YEAR)),
    electricity_kwh: required(decimal(0)),
    gas_m3: nullable(decimal(0)),
    smart_meter: required(bool),
  },
  'reports.csv': {
    report_id: required(text(40)),
    address_id: addressId,
    reported_on: required(date),
    category: required(oneOf('odour', 'noise', 'humidity', 'suspicious_activity', 'anonymous_tip', 'grid_fraud_alert', 'other')),
    source: required(oneOf('municipality', 'police', 'housing_corporation', 'grid_operator', 'anonymous')),
  },
  'inspections.csv': {
    inspection_id: required(text(40)),
    address_id: addressId,
    inspected_on: required(date),
    reason: required(oneOf('tip', 'police', 'risk_model', 'random', 'other')),
    outcome: required(oneOf('cultivation', 'preparation', 'nothing_found', 'no_access')),
    selection_probability: nullable(probability),
  },
  'companies.csv': {
    address_id: addressId,
    registered_from: required(date),
    registered_to: nullable(date),
    sbi_code: required(matches(/^[0-9]{2,5}$/)),
  },
  'truth.csv': {
    address_id: addressId,
    year: required(integer(2000, CURRENT_YEAR)),
    cultivating: required(bool),
    p_bayes: required(decimal(0, 1)),
    group: required(oneOf('a', 'b')),
  },
};

/** Rules across the fields of one row: what is wrong with it, or null. */
const ROW_RULES: Record<string, (row: Readonly<Record<string, string>>) => string | null> = {
  'inspections.csv': (row) =>
    row.selection_probability && row.reason !== 'random'
      ? `selection_probability "${row.selection_probability}" on reason ${row.reason}`
      : null,
};

/** Every broken column or row rule as `file:line column "value"` (line 1 is the header), at most `limit`. */
export function columnProblems(file: string, table: Table, limit = 20): string[] {
  const rules = CONTRACT[file] ?? {};
  const rowRule = ROW_RULES[file];
  const problems: string[] = [];
  table.rows.forEach((row, r) => {
    if (row.length !== table.header.length) problems.push(`${file}:${r + 2} has ${row.length} fields`);
    table.header.forEach((column, c) => {
      const rule = rules[column];
      const value = row[c] ?? '';
      const ok = rule !== undefined && (value === '' ? rule.nullable : rule.check(value));
      if (!ok && problems.length < limit) problems.push(`${file}:${r + 2} ${column} "${value}"`);
    });
    const broken = rowRule?.(Object.fromEntries(table.header.map((column, c) => [column, row[c] ?? ''])));
    if (broken && problems.length < limit) problems.push(`${file}:${r + 2} ${broken}`);
  });
  return problems.slice(0, limit);
}
