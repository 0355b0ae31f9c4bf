/**
 * Parameters of the generative model. Rates are per address per calendar year unless
 * stated otherwise. The generator samples from them and the forward filter (posterior.ts)
 * evaluates the very same numbers, which is what makes `p_bayes` exact.
 */
import type { DwellingType, InspectionReason, ReportCategory, ReportSource } from './types.ts';

/** The latent yearly cultivation state c_t: a Markov chain per address. */
export const CHAIN = {
  /** Start probability of a reference dwelling (owner-occupied terraced house, median WOZ/m²). */
  baseHazard: 7e-4,
  privateRentFactor: 3,
  /** A company owner other than a housing corporation. */
  companyOwnerFactor: 3,
  /** Hazard multiplier per unit of z = log(WOZ per m² / 3,300 €) / 0.2 (cheap dwellings: more risk). */
  wozSlope: -0.25,
  typeFactor: { apartment: 0.8, terraced: 1, semi_detached: 1.3, detached: 1.3, other: 1.5 } satisfies Record<DwellingType, number>,
  /** An earlier find at the address (not the year just before: then `reoffend` applies). */
  earlierFindFactor: 5,
  /** Hazard gain per observed find per 1,000 dwellings of the neighbourhood in the window. */
  neighbourhoodGain: 0.1,
  neighbourhoodWindowYears: 3,
  maxHazard: 0.5,
  /** P(c_t = 1 | c_{t-1} = 1, not found in t-1). */
  continuation: 0.55,
  /** P(c_t = 1 | found in t-1): the cultivation was dismantled. */
  reoffend: 0.08,
  /** P(c at the first simulated year) = min(maxHazard, initialFactor × hazard), about stationary. */
  initialFactor: 2.4,
} as const;

/** Registered persons of year t: zero with these probabilities, else the household size. */
export const OCCUPANCY = {
  zeroWhenCultivating: 0.35,
  zeroOtherwise: 0.03,
  /** Existing dwellings with no registration at the start (independent of everything). */
  vacantAtStart: 0.03,
} as const;

/** Metered electricity (kWh per year) and gas (m³ per year). */
export const ENERGY = {
  /** P(power is stolen past the meter | cultivating): metered kWh then looks normal. */
  tappingShare: 0.6,
  baseKwh: 900,
  kwhPerPerson: 550,
  kwhPerM2: 6,
  typeLogShift: { apartment: -0.05, terraced: 0, semi_detached: 0.05, detached: 0.1, other: 0 } satisfies Record<DwellingType, number>,
  /** SD of log kWh around its mean. */
  logSd: 0.3,
  /** Metered growing load: kWh × exp(N(log 3.5, 0.35)) when cultivating without tapping. */
  growLogMean: Math.log(3.5),
  growLogSd: 0.35,
  baseGasM3: 250,
  gasM3PerM2: 7,
  gasM3PerPerson: 60,
  gasLogSd: 0.25,
  /** New dwellings from this building year have no gas connection (Dutch rule since 2018). */
  allElectricFrom: 2018,
  /** Older dwellings converted to all-electric. */
  allElectricShare: 0.03,
} as const;

/** Poisson rates of reports given the latent state. */
export interface CategoryRates {
  /** Not cultivating, group a. */
  idle: number;
  /** Not cultivating, group b (only false anonymous tips differ). */
  idleGroupB: number;
  /** Cultivating, power stolen. */
  tapping: number;
  /** Cultivating, power metered. */
  metered: number;
}

const same = (idle: number, cultivating: number): CategoryRates => ({ idle, idleGroupB: idle, tapping: cultivating, metered: cultivating });

export const REPORT_RATES: Record<ReportCategory, CategoryRates> = {
  odour: same(2e-4, 0.35),
  noise: same(0.03, 0.06),
  humidity: same(0.0015, 0.2),
  suspicious_activity: same(0.001, 0.3),
  anonymous_tip: { idle: 2e-4, idleGroupB: 7.5e-4, tapping: 0.6, metered: 0.6 },
  grid_fraud_alert: { idle: 5e-4, idleGroupB: 5e-4, tapping: 0.6, metered: 0.03 },
  other: same(0.02, 0.02),
};

/** Who files a report of each category: drawn independently of the latent state. */
export const REPORT_SOURCE_WEIGHTS: Record<ReportCategory, Partial<Record<ReportSource, number>>> = {
  odour: { municipality: 0.6, police: 0.2, housing_corporation: 0.2 },
  noise: { municipality: 0.7, police: 0.2, housing_corporation: 0.1 },
  humidity: { housing_corporation: 0.7, municipality: 0.3 },
  suspicious_activity: { police: 0.8, municipality: 0.2 },
  anonymous_tip: { anonymous: 1 },
  grid_fraud_alert: { grid_operator: 1 },
  other: { municipality: 0.8, housing_corporation: 0.2 },
};

/** A report of these categories leads to a control in the same year with this probability. */
export const TRIGGERS: Partial<Record<ReportCategory, { reason: InspectionReason; probability: number }>> = {
  anonymous_tip: { reason: 'tip', probability: 0.25 },
  odour: { reason: 'tip', probability: 0.15 },
  humidity: { reason: 'tip', probability: 0.03 },
  suspicious_activity: { reason: 'police', probability: 0.25 },
  grid_fraud_alert: { reason: 'other', probability: 0.3 },
};

export const CONTROLS = {
  /** A triggered control follows its report after 1..maxDelayDays days (clamped to 31 December). */
  maxDelayDays: 30,
  /** Controls on police intelligence (reason `police`), uniform over the year. */
  policeIdle: 2e-4,
  policeCultivating: 0.06,
  /**
   * Random controls (reason `random`): each year every address is drawn with probability
   * 1 − e^(−random), independently of everything, and a drawn one is controlled once
   * (rates.ts: RANDOM_SELECTION_PROBABILITY, written with each random control).
   */
  random: 3e-4,
  noAccess: 0.05,
  /** Share of `preparation` among successful controls. */
  preparationShare: 0.15,
} as const;

/** Chamber of Commerce registrations at the address. */
export const COMPANIES = {
  /** Background registrations (home-based businesses). */
  backgroundRate: 0.012,
  /** Extra registrations while cultivating (front companies). */
  cultivatingRate: 0.08,
  /** Existing dwellings with a registration still open at the start. */
  existingAtStart: 0.08,
  /** Mean lifetime of a registration, years (exponential; independent of everything). */
  meanLifetimeYears: 5,
  backgroundSbi: {
    '6201': 2,
    '7022': 3,
    '4399': 2,
    '8559': 1,
    '9602': 1,
    '4791': 2,
    '7410': 1,
    '8690': 1,
    '4690': 0.3,
    '6820': 0.4,
    '8121': 0.3,
    '4321': 0.5,
    '0113': 0.05,
  },
  cultivatingSbi: { '0113': 2, '4690': 3, '8121': 2, '6820': 2, '4321': 1, '4791': 1 },
} as const;
