import { DWELLING_TYPES, OWNERSHIPS } from '../ingest/index.ts';
import type { FeatureEntry } from './catalogue-types.ts';

/** What a one-hot category is called, and its state in a sentence when the dwelling is not (0) or is (1) of it. */
interface CategoryWords {
  nl: string;
  en: string;
  states: NonNullable<FeatureEntry['states']>;
}

const TYPE_WORDS: Record<(typeof DWELLING_TYPES)[number], CategoryWords> = {
  apartment: {
    nl: 'appartement',
    en: 'apartment',
    states: { nl: ['geen appartement', 'appartement'], en: ['not an apartment', 'apartment'] },
  },
  terraced: {
    nl: 'tussenwoning',
    en: 'terraced house',
    states: { nl: ['geen tussenwoning', 'tussenwoning'], en: ['not a terraced house', 'terraced house'] },
  },
  semi_detached: {
    nl: 'twee-onder-een-kap',
    en: 'semi-detached house',
    states: { nl: ['geen twee-onder-een-kap', 'twee-onder-een-kap'], en: ['not a semi-detached house', 'semi-detached house'] },
  },
  detached: {
    nl: 'vrijstaande woning',
    en: 'detached house',
    states: { nl: ['geen vrijstaande woning', 'vrijstaande woning'], en: ['not a detached house', 'detached house'] },
  },
  other: {
    nl: 'overig woningtype',
    en: 'other dwelling type',
    states: { nl: ['geen overig woningtype', 'overig woningtype'], en: ['not other', 'other'] },
  },
};

const OWNERSHIP_WORDS: Record<(typeof OWNERSHIPS)[number], CategoryWords> = {
  owner_occupied: {
    nl: 'koopwoning',
    en: 'owner-occupied',
    states: { nl: ['geen koopwoning', 'koopwoning'], en: ['not owner-occupied', 'owner-occupied'] },
  },
  social_rent: {
    nl: 'sociale huur',
    en: 'social rent',
    states: { nl: ['geen sociale huur', 'sociale huur'], en: ['not social rent', 'social rent'] },
  },
  private_rent: {
    nl: 'particuliere huur',
    en: 'private rent',
    states: { nl: ['geen particuliere huur', 'particuliere huur'], en: ['not private rent', 'private rent'] },
  },
  unknown: { nl: 'eigendom onbekend', en: 'ownership unknown', states: { nl: ['bekend', 'onbekend'], en: ['known', 'unknown'] } },
};

const oneHot = (name: string, words: CategoryWords, kind: 'type' | 'ownership'): FeatureEntry => ({
  name,
  group: 'dwelling',
  sources: ['addresses.csv'],
  unit: 'flag',
  decimals: 0,
  description: { nl: `Woning is ${words.nl} (1 = ja)`, en: `Dwelling is ${words.en} (1 = yes)` },
  missing: 'Never missing: a required column of addresses.csv.',
  purpose:
    kind === 'type'
      ? 'Dwelling types differ in how suitable they are for a cultivation and in normal energy use.'
      : 'Ownership is a known risk factor (landlords who do not check); the fairness audit reports selection and false-positive rates per ownership type.',
  sentence:
    kind === 'type' ? { nl: 'Woningtype: {value}', en: 'Dwelling type: {value}' } : { nl: 'Eigendom: {value}', en: 'Ownership: {value}' },
  states: words.states,
});

export const dwellingEntries: FeatureEntry[] = [
  ...DWELLING_TYPES.map((t) => oneHot(`type_${t}`, TYPE_WORDS[t], 'type')),
  ...OWNERSHIPS.map((o) => oneHot(`ownership_${o}`, OWNERSHIP_WORDS[o], 'ownership')),
  {
    name: 'owner_is_company',
    group: 'dwelling',
    sources: ['addresses.csv'],
    unit: 'flag',
    decimals: 0,
    description: { nl: 'Eigenaar is een rechtspersoon (1 = ja)', en: 'Owner is a legal entity (1 = yes)' },
    missing: 'Never missing: a required column of addresses.csv.',
    purpose: 'Homes owned by companies are let on more often without checks on their use.',
    sentence: { nl: 'Eigenaar: {value}', en: 'Owner: {value}' },
    states: { nl: ['geen rechtspersoon', 'een rechtspersoon'], en: ['not a legal entity', 'a legal entity'] },
  },
  {
    name: 'building_year',
    group: 'dwelling',
    sources: ['addresses.csv'],
    unit: 'year',
    decimals: 0,
    plain: true,
    description: { nl: 'Bouwjaar', en: 'Building year' },
    missing: 'Never missing: a required column of addresses.csv.',
    purpose: 'Age sets the insulation and electrical installation, and so normal energy use and the fire risk of a cultivation.',
    sentence: { nl: 'Bouwjaar: {value}', en: 'Building year: {value}' },
  },
  {
    name: 'floor_area_m2',
    group: 'dwelling',
    sources: ['addresses.csv'],
    unit: 'm²',
    decimals: 0,
    description: { nl: 'Gebruiksoppervlakte', en: 'Floor area' },
    missing: 'Never missing: a required column of addresses.csv.',
    purpose: 'Size sets normal energy use and the room a cultivation needs.',
    sentence: { nl: 'Gebruiksoppervlakte: {value} m² (mediaan: {reference})', en: 'Floor area: {value} m² (median: {reference})' },
  },
  {
    name: 'woz_per_m2_ratio',
    group: 'dwelling',
    sources: ['addresses.csv'],
    unit: '× neighbourhood median',
    decimals: 2,
    imputedWhen: 'woz_missing',
    description: {
      nl: 'WOZ-waarde per m² als veelvoud van de mediaan in de buurt',
      en: 'WOZ value per m² as a multiple of the neighbourhood median',
    },
    missing: 'No WOZ value: 1 (as the median), with woz_missing = 1.',
    purpose: 'Cheap homes relative to their surroundings are let on more often without checks.',
    sentence: { nl: 'WOZ-waarde per m²: {value}× de mediaan van de buurt', en: 'WOZ value per m²: {value}× the neighbourhood median' },
  },
  {
    name: 'woz_per_m2',
    group: 'dwelling',
    sources: ['addresses.csv'],
    unit: '€/m²',
    decimals: 0,
    imputedWhen: 'woz_missing',
    description: { nl: 'WOZ-waarde per m² woonoppervlak', en: 'WOZ value per m² of floor area' },
    missing: 'No WOZ value: the neighbourhood median, with woz_missing = 1 (0 when the whole neighbourhood lacks one).',
    purpose: 'Cheap homes, wherever they are, are rented out more often with little oversight.',
    sentence: { nl: 'WOZ-waarde per m²: € {value}', en: 'WOZ value per m²: € {value}' },
  },
  {
    name: 'woz_missing',
    group: 'dwelling',
    sources: ['addresses.csv'],
    unit: 'flag',
    decimals: 0,
    description: { nl: 'Geen WOZ-waarde bekend (1 = ontbreekt)', en: 'No WOZ value known (1 = missing)' },
    missing: 'Never missing: this is the indicator.',
    purpose: 'Makes the imputed WOZ ratio visible instead of passing it off as measured.',
    sentence: { nl: 'WOZ-waarde: {value}', en: 'WOZ value: {value}' },
    states: { nl: ['bekend', 'ontbreekt'], en: ['known', 'missing'] },
  },
];
