import { DWELLING_TYPES, OWNERSHIPS } from '../ingest/index.ts';
import type { FeatureEntry } from './catalogue-types.ts';

const TYPE_WORDS: Record<(typeof DWELLING_TYPES)[number], { nl: string; en: string }> = {
  apartment: { nl: 'appartement', en: 'apartment' },
  terraced: { nl: 'tussenwoning', en: 'terraced house' },
  semi_detached: { nl: 'twee-onder-een-kap', en: 'semi-detached house' },
  detached: { nl: 'vrijstaande woning', en: 'detached house' },
  other: { nl: 'overig woningtype', en: 'other dwelling type' },
};

const OWNERSHIP_WORDS: Record<(typeof OWNERSHIPS)[number], { nl: string; en: string }> = {
  owner_occupied: { nl: 'koopwoning', en: 'owner-occupied' },
  social_rent: { nl: 'sociale huur', en: 'social rent' },
  private_rent: { nl: 'particuliere huur', en: 'private rent' },
  unknown: { nl: 'eigendom onbekend', en: 'ownership unknown' },
};

const oneHot = (name: string, words: { nl: string; en: string }, kind: 'type' | 'ownership'): FeatureEntry => ({
  name, group: 'dwelling', sources: ['addresses.csv'], unit: 'flag', decimals: 0,
  description: { nl: `Woning is ${words.nl} (1 = ja)`, en: `Dwelling is ${words.en} (1 = yes)` },
  missing: 'Never missing: a required column of addresses.csv.',
  purpose: kind === 'type'
    ? 'Dwelling types differ in how suitable they are for a cultivation and in normal energy use.'
    : 'Ownership is a known risk factor (landlords who do not check); the fairness audit reports selection and false-positive rates per ownership type.',
  sentence: { nl: `Woningtype/eigendom: ${words.nl} ({value})`, en: `Dwelling type/ownership: ${words.en} ({value})` },
});

export const dwellingEntries: FeatureEntry[] = [
  ...DWELLING_TYPES.map((t) => oneHot(`type_${t}`, TYPE_WORDS[t], 'type')),
  ...OWNERSHIPS.map((o) => oneHot(`ownership_${o}`, OWNERSHIP_WORDS[o], 'ownership')),
  {
    name: 'owner_is_company', group: 'dwelling', sources: ['addresses.csv'], unit: 'flag', decimals: 0,
    description: { nl: 'Eigenaar is een rechtspersoon (1 = ja)', en: 'Owner is a legal entity (1 = yes)' },
    missing: 'Never missing: a required column of addresses.csv.',
    purpose: 'Homes owned by companies are let on more often without checks on their use.',
    sentence: { nl: 'Eigenaar is een rechtspersoon: {value} (1 = ja)', en: 'Owner is a legal entity: {value} (1 = yes)' },
  },
  {
    name: 'building_year', group: 'dwelling', sources: ['addresses.csv'], unit: 'year', decimals: 0,
    description: { nl: 'Bouwjaar', en: 'Building year' },
    missing: 'Never missing: a required column of addresses.csv.',
    purpose: 'Age sets the insulation and electrical installation, and so normal energy use and the fire risk of a cultivation.',
    sentence: { nl: 'Bouwjaar: {value}', en: 'Building year: {value}' },
  },
  {
    name: 'floor_area_m2', group: 'dwelling', sources: ['addresses.csv'], unit: 'm²', decimals: 0,
    description: { nl: 'Gebruiksoppervlakte', en: 'Floor area' },
    missing: 'Never missing: a required column of addresses.csv.',
    purpose: 'Size sets normal energy use and the room a cultivation needs.',
    sentence: { nl: 'Gebruiksoppervlakte: {value} m² (mediaan: {reference})', en: 'Floor area: {value} m² (median: {reference})' },
  },
  {
    name: 'woz_per_m2_ratio', group: 'dwelling', sources: ['addresses.csv'], unit: '× neighbourhood median', decimals: 2,
    description: { nl: 'WOZ-waarde per m² als veelvoud van de mediaan in de buurt', en: 'WOZ value per m² as a multiple of the neighbourhood median' },
    missing: 'No WOZ value: 1 (as the median), with woz_missing = 1.',
    purpose: 'Cheap homes relative to their surroundings are let on more often without checks.',
    sentence: { nl: 'WOZ-waarde per m²: {value}× de mediaan van de buurt', en: 'WOZ value per m²: {value}× the neighbourhood median' },
  },
  {
    name: 'woz_per_m2', group: 'dwelling', sources: ['addresses.csv'], unit: '€/m²', decimals: 0,
    description: { nl: 'WOZ-waarde per m² woonoppervlak', en: 'WOZ value per m² of floor area' },
    missing: 'No WOZ value: the neighbourhood median, with woz_missing = 1 (0 when the whole neighbourhood lacks one).',
    purpose: 'Cheap homes, wherever they are, are rented out more often with little oversight.',
    sentence: { nl: 'WOZ-waarde per m²: € {value}', en: 'WOZ value per m²: € {value}' },
  },
  {
    name: 'woz_missing', group: 'dwelling', sources: ['addresses.csv'], unit: 'flag', decimals: 0,
    description: { nl: 'Geen WOZ-waarde bekend (1 = ontbreekt)', en: 'No WOZ value known (1 = missing)' },
    missing: 'Never missing: this is the indicator.',
    purpose: 'Makes the imputed WOZ ratio visible instead of passing it off as measured.',
    sentence: { nl: 'WOZ-waarde ontbreekt: {value} (1 = ontbreekt)', en: 'WOZ value missing: {value} (1 = missing)' },
  },
];
