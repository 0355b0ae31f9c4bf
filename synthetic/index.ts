export { generateMunicipality, type GenerateOptions, type GenerateSummary } from './generate.ts';
