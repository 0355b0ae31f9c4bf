export { generateMunicipality, type GenerateOptions, type GenerateSummary } from './generate.ts';
export { SyntheticMunicipality, type MunicipalityOptions } from './municipality.ts';
export type { Delivery } from './delivery.ts';
export type { YearTruth } from './simulation.ts';
export { ACCESS_PROBABILITY, detectionProbability, type ExtraControl, type ExtraOutcome, type ExtraReason } from './intervention.ts';
export { RngFamily, Rng } from './rng.ts';
export { daysInYear } from './calendar.ts';
export type { Address, InspectionReason } from './types.ts';
