import { knownEnd, type Registration } from './companies.ts';
import type { Address } from './types.ts';

/** Column order of each file written; the first six are exactly the data contract's. */
export const HEADERS = {
  'addresses.csv': [
    'address_id',
    'postcode',
    'house_number',
    'house_suffix',
    'street',
    'district_code',
    'neighbourhood_code',
    'x_rd',
    'y_rd',
    'building_year',
    'floor_area_m2',
    'dwelling_type',
    'ownership',
    'owner_is_company',
    'woz_value_eur',
  ],
  'occupancy.csv': ['address_id', 'valid_from', 'valid_to', 'registered_persons'],
  'energy.csv': ['address_id', 'year', 'electricity_kwh', 'gas_m3', 'smart_meter'],
  'reports.csv': ['report_id', 'address_id', 'reported_on', 'category', 'source'],
  'inspections.csv': ['inspection_id', 'address_id', 'inspected_on', 'reason', 'outcome', 'selection_probability'],
  'companies.csv': ['address_id', 'registered_from', 'registered_to', 'sbi_code'],
  'truth.csv': ['address_id', 'year', 'cultivating', 'p_bayes', 'group'],
} as const satisfies Record<string, readonly string[]>;

export type OutputFile = keyof typeof HEADERS;
export const OUTPUT_FILES = Object.keys(HEADERS) as OutputFile[];

/** An empty field is null in the contract. */
function field(value: string | number | null): string {
  return value === null ? '' : String(value);
}

export function addressLine(a: Address): string {
  return [
    a.id,
    a.postcode,
    a.houseNumber,
    field(a.houseSuffix),
    a.street,
    a.neighbourhood.district.code,
    a.neighbourhood.code,
    a.x.toFixed(1),
    a.y.toFixed(1),
    a.buildingYear,
    a.floorArea,
    a.dwellingType,
    a.ownership,
    a.ownerIsCompany,
    field(a.woz),
  ].join(',');
}

export function occupancyLine(addressId: string, from: string, to: string | null, persons: number): string {
  return `${addressId},${from},${field(to)},${persons}`;
}

export function energyLine(addressId: string, year: number, electricityKwh: number, gasM3: number | null, smartMeter: boolean): string {
  return `${addressId},${year},${electricityKwh},${field(gasM3)},${smartMeter}`;
}

export function reportLine(reportId: string, addressId: string, date: string, category: string, source: string): string {
  return `${reportId},${addressId},${date},${category},${source}`;
}

export function inspectionLine(
  inspectionId: string,
  addressId: string,
  date: string,
  reason: string,
  outcome: string,
  selectionProbability: number | null,
): string {
  const probability = selectionProbability === null ? null : formatExactProbability(selectionProbability);
  return `${inspectionId},${addressId},${date},${reason},${outcome},${field(probability)}`;
}

/** A registration as a delivery covering years up to `throughYear` shows it. */
export function companyLine(addressId: string, registration: Registration, throughYear: number): string {
  return `${addressId},${registration.from},${field(knownEnd(registration, throughYear))},${registration.sbi}`;
}

/** A probability with ten decimals, trailing zeros dropped (no exponent notation). */
export function formatProbability(p: number): string {
  return p.toFixed(10).replace(/\.?0+$/, '');
}

/**
 * A probability with every digit its double needs to be read back exactly (a weight such as
 * 1 / probability should not carry rounding of ours), never in exponent notation.
 */
export function formatExactProbability(p: number): string {
  const shortest = String(p);
  if (!shortest.includes('e')) return shortest;
  // String() turns to exponent notation below 1e-6; 17 significant digits read back exactly.
  return p.toFixed(Math.min(100, 17 - Math.floor(Math.log10(p)))).replace(/\.?0+$/, '');
}

export function truthLine(addressId: string, year: number, cultivating: boolean, pBayes: number, groupB: boolean): string {
  return `${addressId},${year},${cultivating},${formatProbability(pBayes)},${groupB ? 'b' : 'a'}`;
}

/** Sequential identifiers such as `R-00000042`. */
export function sequenceId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(8, '0')}`;
}
