/** Enumerations of the data contract (docs: data-contract.md) and the generator's own records. */

export const DWELLING_TYPES = ['apartment', 'terraced', 'semi_detached', 'detached', 'other'] as const;
export type DwellingType = (typeof DWELLING_TYPES)[number];

export const OWNERSHIPS = ['owner_occupied', 'social_rent', 'private_rent', 'unknown'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export const REPORT_CATEGORIES = [
  'odour',
  'noise',
  'humidity',
  'suspicious_activity',
  'anonymous_tip',
  'grid_fraud_alert',
  'other',
] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export const REPORT_SOURCES = ['municipality', 'police', 'housing_corporation', 'grid_operator', 'anonymous'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export type InspectionReason = 'tip' | 'police' | 'risk_model' | 'random' | 'other';
export type InspectionOutcome = 'cultivation' | 'preparation' | 'nothing_found' | 'no_access';

export interface District {
  /** `WK` + municipality code + 2 digits. */
  code: string;
  /** Centre in RD New metres. */
  x: number;
  y: number;
  /** Years in which most of the district was built. */
  era: readonly [number, number];
}

export interface Neighbourhood {
  index: number;
  /** `BU` + municipality code + the district's 2 digits + 2 digits. */
  code: string;
  district: District;
  x: number;
  y: number;
  /** Prior probability that a household here belongs to protected group b. */
  groupBShare: number;
  /** Typical WOZ value, € per m² floor area. */
  wozPerM2: number;
  /** First four digits of the postcodes here. */
  pc4: number;
  /** Street-name theme (index into the theme list). */
  theme: number;
  /** Number of addresses: the denominator of neighbourhood find rates. */
  size: number;
}

export interface Address {
  index: number;
  /** 16 digits: municipality code + '01' + 10-digit sequence. */
  id: string;
  postcode: string;
  houseNumber: number;
  houseSuffix: string | null;
  street: string;
  neighbourhood: Neighbourhood;
  /** RD New metres. */
  x: number;
  y: number;
  buildingYear: number;
  /** Gebruiksoppervlakte, m². */
  floorArea: number;
  dwellingType: DwellingType;
  ownership: Ownership;
  ownerIsCompany: boolean;
  /** €, null when unknown. */
  woz: number | null;
  /** Persons registered whenever the dwelling is registered as occupied (latent, static). */
  householdSize: number;
  hasGas: boolean;
  /** First year with a smart meter (may lie outside the simulated years). */
  smartMeterYear: number;
  /** Protected attribute: never written to the source files. */
  groupB: boolean;
  /** First simulated year in which the dwelling exists. */
  firstYear: number;
  /** Multiplier of the start hazard from addresses.csv fields only (see risk.ts). */
  staticRisk: number;
}
