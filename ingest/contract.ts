/**
 * Data contract v1.1 (docs: data-contract.md) as code: one entry per source file.
 * `keyed` files replace stored rows by key; `history` files replace all stored rows of
 * each address they carry.
 */
import { boolean, column, date, decimal, integer, oneOf, pattern, probability, text, type Column, type ColumnType } from './columns.ts';

export const SOURCE_FILES = ['addresses.csv', 'occupancy.csv', 'energy.csv', 'reports.csv', 'inspections.csv', 'companies.csv'] as const;
export type SourceFile = (typeof SOURCE_FILES)[number];

export const DWELLING_TYPES = ['apartment', 'terraced', 'semi_detached', 'detached', 'other'] as const;
export const OWNERSHIPS = ['owner_occupied', 'social_rent', 'private_rent', 'unknown'] as const;
export const REPORT_CATEGORIES = [
  'odour',
  'noise',
  'humidity',
  'suspicious_activity',
  'anonymous_tip',
  'grid_fraud_alert',
  'other',
] as const;
export const REPORT_SOURCES = ['municipality', 'police', 'housing_corporation', 'grid_operator', 'anonymous'] as const;
export const INSPECTION_REASONS = ['tip', 'police', 'risk_model', 'random', 'other'] as const;
export const INSPECTION_OUTCOMES = ['cultivation', 'preparation', 'nothing_found', 'no_access'] as const;
/** Outcomes that make the label of the inspection's year positive. */
export const POSITIVE_OUTCOMES = ['cultivation', 'preparation'] as const;
/**
 * Inspection ids the service gives the controls whose outcome it records. A delivery
 * may not carry them, so that it can never overwrite an outcome recorded there.
 */
export const SERVICE_INSPECTION_ID_PREFIXES = ['risk_model-', 'sample-'] as const;

/**
 * Header words that reject a whole file: personal data the contract never admits.
 * Matched case-insensitively anywhere in a column name (`bewoner_nationaliteit`).
 */
export const FORBIDDEN_COLUMN_WORDS = [
  'bsn',
  'name',
  'naam',
  'birth',
  'geboorte',
  'nationality',
  'nationaliteit',
  'ethnic',
  'etniciteit',
  'religion',
  'religie',
  'health',
  'gezondheid',
  'income',
  'inkomen',
  'benefit',
  'uitkering',
] as const;

export interface RowProblem {
  column: string;
  reason: string;
}

export interface FileSpec {
  file: SourceFile;
  table: string;
  required: boolean;
  kind: 'keyed' | 'history';
  columns: readonly Column[];
  /** Key columns (keyed files); the last one is named when a key repeats. */
  key: readonly string[];
  /** A rule across fields of one row, given the parsed values by column name. */
  rowRule?: (row: Readonly<Record<string, unknown>>) => RowProblem | null;
}

const addressId = column('address_id', pattern(/^[0-9]{16}$/, '16 digits (a BAG verblijfsobject-id)'));

const inspectionIdText = text(40);
const deliveredInspectionId: ColumnType<string> = {
  sqlType: 'text',
  parse(s) {
    const prefix = SERVICE_INSPECTION_ID_PREFIXES.find((p) => s.startsWith(p));
    if (prefix === undefined) return inspectionIdText.parse(s);
    return {
      ok: false,
      reason:
        `begins with '${prefix}': id reserved for controls recorded by the service. ` +
        'Leave the row out: the service keeps its own record of this control',
    };
  },
};

/** Only a control drawn by chance has a chance it was drawn with. */
function probabilityOnlyWhenRandom(row: Readonly<Record<string, unknown>>): RowProblem | null {
  const given = row.selection_probability as number | null;
  if (given === null || row.reason === 'random') return null;
  return {
    column: 'selection_probability',
    reason:
      `'${given}' is given on a control whose reason is '${String(row.reason)}': ` +
      'only random controls have a selection probability. Leave the field empty',
  };
}

function endAfterStart(startColumn: string, endColumn: string, allowEqual: boolean) {
  return (row: Readonly<Record<string, unknown>>): RowProblem | null => {
    const start = row[startColumn] as string;
    const end = row[endColumn] as string | null;
    if (end === null || end > start || (allowEqual && end === start)) return null;
    return { column: endColumn, reason: `is ${allowEqual ? 'before' : 'not after'} ${startColumn} (${start})` };
  };
}

/** The contract for deliveries made in `currentYear` (year bounds depend on it). */
export function contractFor(currentYear: number): readonly FileSpec[] {
  return [addressesSpec(currentYear), occupancySpec(), energySpec(currentYear), reportsSpec(), inspectionsSpec(), companiesSpec()];
}

function addressesSpec(currentYear: number): FileSpec {
  return {
    file: 'addresses.csv',
    table: 'addresses',
    required: true,
    kind: 'keyed',
    key: ['address_id'],
    columns: [
      addressId,
      column(
        'postcode',
        pattern(/^[1-9][0-9]{3}[A-Z]{2}$/, 'a postcode like 1351AB', (s) => s.replace(/ /g, '').toUpperCase()),
      ),
      column('house_number', integer(1, 99999)),
      column('house_suffix', text(6), { nullable: true }),
      column('street', text(80)),
      column('district_code', pattern(/^WK[0-9]{6}$/, 'a CBS wijk code like WK003401')),
      column('neighbourhood_code', pattern(/^BU[0-9]{8}$/, 'a CBS buurt code like BU00340101')),
      column('x_rd', decimal(0, 300000)),
      column('y_rd', decimal(300000, 625000)),
      column('building_year', integer(1000, currentYear + 1)),
      column('floor_area_m2', integer(10, 10000)),
      column('dwelling_type', oneOf(DWELLING_TYPES)),
      column('ownership', oneOf(OWNERSHIPS)),
      column('owner_is_company', boolean),
      column('woz_value_eur', integer(0, Number.MAX_SAFE_INTEGER), { nullable: true }),
    ],
  };
}

function occupancySpec(): FileSpec {
  return {
    file: 'occupancy.csv',
    table: 'occupancy',
    required: false,
    kind: 'history',
    key: ['address_id', 'valid_from'],
    columns: [
      addressId,
      column('valid_from', date),
      column('valid_to', date, { nullable: true }),
      column('registered_persons', integer(0, 50)),
    ],
    rowRule: endAfterStart('valid_from', 'valid_to', false),
  };
}

function energySpec(currentYear: number): FileSpec {
  return {
    file: 'energy.csv',
    table: 'energy',
    required: false,
    kind: 'keyed',
    key: ['address_id', 'year'],
    columns: [
      addressId,
      column('year', integer(2000, currentYear)),
      column('electricity_kwh', decimal(0)),
      column('gas_m3', decimal(0), { nullable: true }),
      column('smart_meter', boolean),
    ],
  };
}

function reportsSpec(): FileSpec {
  return {
    file: 'reports.csv',
    table: 'reports',
    required: false,
    kind: 'keyed',
    key: ['report_id'],
    columns: [
      column('report_id', text(40)),
      addressId,
      column('reported_on', date),
      column('category', oneOf(REPORT_CATEGORIES)),
      column('source', oneOf(REPORT_SOURCES)),
    ],
  };
}

function inspectionsSpec(): FileSpec {
  return {
    file: 'inspections.csv',
    table: 'inspections',
    required: false,
    kind: 'keyed',
    key: ['inspection_id'],
    columns: [
      column('inspection_id', deliveredInspectionId),
      addressId,
      column('inspected_on', date),
      column('reason', oneOf(INSPECTION_REASONS)),
      column('outcome', oneOf(INSPECTION_OUTCOMES)),
      // v1.1; absent from v1 files, whose rows then carry none.
      column('selection_probability', probability, { nullable: true, optional: true }),
    ],
    rowRule: probabilityOnlyWhenRandom,
  };
}

function companiesSpec(): FileSpec {
  const sbiCode = pattern(/^[0-9]{2,5}$/, 'an SBI code of 2–5 digits');
  return {
    file: 'companies.csv',
    table: 'companies',
    required: false,
    kind: 'history',
    key: [],
    columns: [addressId, column('registered_from', date), column('registered_to', date, { nullable: true }), column('sbi_code', sbiCode)],
    rowRule: endAfterStart('registered_from', 'registered_to', true),
  };
}
