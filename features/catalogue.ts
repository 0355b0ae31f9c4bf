/* eslint-disable max-lines -- one table of the 57 features, reviewed as one: splitting it would hide a feature from whoever checks the list */
/**
 * The feature catalogue: every input a model may see. A feature that is not here
 * cannot be built, trained on or explained. Nothing here draws on personal data: the
 * data contract admits none (no names, BSN, birth dates, nationality, ethnicity,
 * religion, health, income or benefits), and tests check every entry's sources.
 */
import { REPORT_CATEGORIES } from '../ingest/index.ts';
import { controlEntries, NEVER, sectorEntries } from './catalogue-controls.ts';
import type { FeatureEntry } from './catalogue-types.ts';
import { dwellingEntries } from './catalogue-dwelling.ts';

const energy: FeatureEntry[] = [
  {
    name: 'kwh_per_m2',
    group: 'energy',
    sources: ['energy.csv', 'addresses.csv'],
    unit: 'kWh/m²',
    decimals: 1,
    imputedWhen: 'energy_missing',
    description: {
      nl: 'Elektriciteitsverbruik van het laatste jaar per m² gebruiksoppervlakte',
      en: 'Electricity use of the last year per m² of floor area',
    },
    missing:
      'No energy row for the year before the reference date: the median kWh/m² of dwellings of the same type is used ' +
      '(of all dwellings when no dwelling of that type has data; 0 when none has) and energy_missing is 1.',
    purpose:
      "Cultivation lamps, ventilation and heating use far more electricity than a household; the grid operator's annual figure is the " +
      'most direct physical signal.',
    sentence: {
      nl: 'Elektriciteitsverbruik {year}: {value} kWh per m² (mediaan: {reference})',
      en: 'Electricity use {year}: {value} kWh per m² (median: {reference})',
    },
  },
  {
    name: 'kwh_peer_ratio',
    group: 'energy',
    sources: ['energy.csv', 'addresses.csv', 'occupancy.csv'],
    unit: '× median',
    decimals: 1,
    imputedWhen: 'energy_missing',
    description: {
      nl: 'Elektriciteitsverbruik als veelvoud van de mediaan van vergelijkbare woningen (zelfde type, grootteklasse en aantal bewoners)',
      en: 'Electricity use as a multiple of the median of comparable dwellings (same type, size band and number of occupants)',
    },
    missing:
      'No energy row: 1 (as the median), with energy_missing = 1. Peer groups under 20 dwellings fall back to all dwellings of the same type.',
    purpose: 'Compares a home with homes like it, so that a large family or a large house is not mistaken for a cultivation.',
    sentence: {
      nl: 'Elektriciteitsverbruik {year}: {value}× de mediaan van vergelijkbare woningen',
      en: 'Electricity use {year}: {value}× the median of comparable dwellings',
    },
  },
  {
    name: 'kwh_change_ratio',
    group: 'energy',
    sources: ['energy.csv'],
    unit: 'ratio',
    decimals: 2,
    description: {
      nl: 'Elektriciteitsverbruik van het laatste jaar gedeeld door dat van het jaar ervoor',
      en: 'Electricity use of the last year divided by that of the year before',
    },
    missing: 'Either year missing, or the earlier year 0 kWh: 1 (no change). Clipped to 0.1–10.',
    purpose: 'A cultivation that starts shows as a jump in consumption at the same address.',
    sentence: {
      nl: 'Verandering elektriciteitsverbruik t.o.v. het jaar ervoor: {value}× (mediaan: {reference}×)',
      en: 'Change in electricity use against the year before: {value}× (median: {reference}×)',
    },
  },
  {
    name: 'smart_meter',
    group: 'energy',
    sources: ['energy.csv'],
    unit: 'flag',
    decimals: 0,
    description: { nl: 'Slimme meter in het laatste jaar (1 = ja)', en: 'Smart meter in the last year (1 = yes)' },
    missing: 'No energy row: 0.',
    purpose: 'Meter type changes how reliable the metered figure is and how easily power is tapped around it.',
    sentence: { nl: '{value} in {year}', en: '{value} in {year}' },
    states: { nl: ['Geen slimme meter', 'Slimme meter'], en: ['No smart meter', 'Smart meter'] },
  },
  {
    name: 'gas_m3_per_m2',
    group: 'energy',
    sources: ['energy.csv', 'addresses.csv'],
    unit: 'm³/m²',
    decimals: 2,
    imputedWhen: 'energy_missing',
    description: { nl: 'Gasverbruik van het laatste jaar per m²', en: 'Gas use of the last year per m²' },
    missing: 'No gas connection or no energy row: 0, with no_gas_connection or energy_missing = 1.',
    purpose: 'Heating patterns differ in a home used for cultivation; gas also normalises electricity use of all-electric homes.',
    sentence: {
      nl: 'Gasverbruik {year}: {value} m³ per m² (mediaan: {reference})',
      en: 'Gas use {year}: {value} m³ per m² (median: {reference})',
    },
  },
  {
    name: 'no_gas_connection',
    group: 'energy',
    sources: ['energy.csv'],
    unit: 'flag',
    decimals: 0,
    description: { nl: 'Geen gasaansluiting in het laatste jaar (1 = geen)', en: 'No gas connection in the last year (1 = none)' },
    missing: 'No energy row: 0 (energy_missing marks it).',
    purpose: 'All-electric homes use more electricity; the model must not read that as a signal.',
    sentence: { nl: '{value} in {year}', en: '{value} in {year}' },
    states: { nl: ['Gasaansluiting', 'Geen gasaansluiting'], en: ['Gas connection', 'No gas connection'] },
  },
  {
    name: 'energy_missing',
    group: 'energy',
    sources: ['energy.csv'],
    unit: 'flag',
    decimals: 0,
    description: { nl: 'Geen energiegegevens over het laatste jaar (1 = ontbreekt)', en: 'No energy data for the last year (1 = missing)' },
    missing: 'Never missing: this is the indicator.',
    purpose: 'Makes imputed energy values visible to the model and to the analyst instead of passing them off as measured.',
    sentence: { nl: 'Energiegegevens over {year}: {value}', en: 'Energy data for {year}: {value}' },
    states: { nl: ['aanwezig', 'ontbreken'], en: ['present', 'missing'] },
  },
];

const occupancy: FeatureEntry[] = [
  {
    name: 'registered_persons',
    group: 'occupancy',
    sources: ['occupancy.csv'],
    unit: 'persons',
    decimals: 0,
    description: {
      nl: 'Aantal ingeschreven personen op de peildatum (alleen een aantal, geen persoonsgegevens)',
      en: 'Number of registered persons at the reference date (a count only, no personal data)',
    },
    missing: 'No period covers the reference date: 0, as the data contract defines.',
    purpose: 'Homes used only for cultivation often have no one registered; the count also sets the expected energy use.',
    sentence: {
      nl: 'Ingeschreven personen op {date}: {value} (mediaan: {reference})',
      en: 'Registered persons on {date}: {value} (median: {reference})',
    },
  },
  {
    name: 'nobody_registered',
    group: 'occupancy',
    sources: ['occupancy.csv'],
    unit: 'flag',
    decimals: 0,
    description: { nl: 'Niemand ingeschreven op de peildatum (1 = niemand)', en: 'No one registered at the reference date (1 = no one)' },
    missing: 'Never missing (no period = 0 registered).',
    purpose: 'An empty registration next to energy use is a known pattern of cultivation homes.',
    sentence: { nl: '{value} op {date}', en: '{value} on {date}' },
    states: { nl: ['Iemand ingeschreven', 'Niemand ingeschreven'], en: ['Someone registered', 'No one registered'] },
  },
  {
    name: 'months_unoccupied_24m',
    group: 'occupancy',
    sources: ['occupancy.csv'],
    unit: 'months',
    decimals: 1,
    description: {
      nl: 'Maanden zonder ingeschreven personen in de 24 maanden voor de peildatum',
      en: 'Months without registered persons in the 24 months before the reference date',
    },
    missing: 'Time not covered by any period counts as 0 registered (data contract).',
    purpose: 'Long registered vacancy of a home that still uses energy is a signal; a single move is not.',
    sentence: {
      nl: 'Maanden zonder inschrijving (24 mnd.): {value} (mediaan: {reference})',
      en: 'Months without registration (24 mo.): {value} (median: {reference})',
    },
  },
  {
    name: 'registration_changes_24m',
    group: 'occupancy',
    sources: ['occupancy.csv'],
    unit: 'count',
    decimals: 0,
    description: {
      nl: 'Wijzigingen in het aantal ingeschrevenen in de 24 maanden voor de peildatum',
      en: 'Changes in the number registered in the 24 months before the reference date',
    },
    missing: 'No periods: 0.',
    purpose: 'Frequent changes in registration are reported around homes used for cultivation.',
    sentence: { nl: 'Wijzigingen in inschrijving (24 mnd.): {value}', en: 'Changes in registration (24 mo.): {value}' },
  },
  {
    name: 'm2_per_person',
    group: 'occupancy',
    sources: ['occupancy.csv', 'addresses.csv'],
    unit: 'm²/person',
    decimals: 0,
    description: { nl: 'Gebruiksoppervlakte per ingeschreven persoon', en: 'Floor area per registered person' },
    missing: 'No one registered: the floor area itself (as for one person); nobody_registered marks it.',
    purpose: 'Space per person sets what energy use and activity are normal for a home.',
    sentence: {
      nl: 'Oppervlakte per ingeschreven persoon: {value} m² (mediaan: {reference})',
      en: 'Floor area per registered person: {value} m² (median: {reference})',
    },
  },
];

const CATEGORY_WORDS: Record<(typeof REPORT_CATEGORIES)[number], { nl: string; en: string }> = {
  odour: { nl: 'stank', en: 'odour' },
  noise: { nl: 'geluid', en: 'noise' },
  humidity: { nl: 'vocht', en: 'humidity' },
  suspicious_activity: { nl: 'verdachte activiteit', en: 'suspicious activity' },
  anonymous_tip: { nl: 'anonieme tips', en: 'anonymous tips' },
  grid_fraud_alert: { nl: 'fraudesignalen van de netbeheerder', en: 'grid-fraud alerts from the grid operator' },
  other: { nl: 'overige meldingen', en: 'other reports' },
};

/**
 * Reports whose every extra one in the last 12 months can only make a cultivation likelier
 * (noise and "other" are too mixed to say). Only the 12-month counts: beside them, the
 * 36-month count measures the older reports, which a control may already have answered,
 * so its direction given the rest is not known.
 */
const TELLING: ReadonlySet<string> = new Set(['odour', 'humidity', 'suspicious_activity', 'anonymous_tip', 'grid_fraud_alert']);

const reports: FeatureEntry[] = REPORT_CATEGORIES.flatMap((category) =>
  ([12, 36] as const).map((months): FeatureEntry => ({
    name: `reports_${category}_${months}m`,
    group: 'reports',
    sources: ['reports.csv'],
    unit: 'count',
    decimals: 0,
    description: {
      nl: `Aantal meldingen (${CATEGORY_WORDS[category].nl}) in de ${months} maanden voor de peildatum`,
      en: `Number of reports (${CATEGORY_WORDS[category].en}) in the ${months} months before the reference date`,
    },
    missing: 'No reports: 0 (a count).',
    purpose:
      category === 'anonymous_tip'
        ? 'Tips are how most cultivations are found; they are also the signal most open to bias, which the fairness audit watches.'
        : 'Meldingen record what neighbours, the police, housing corporations and the grid operator observed at the address.',
    sentence: {
      nl: `Meldingen ${CATEGORY_WORDS[category].nl}, laatste ${months} maanden: {value}`,
      en: `Reports of ${CATEGORY_WORDS[category].en}, last ${months} months: {value}`,
    },
    ...(TELLING.has(category) && months === 12 ? { monotone: 'increasing' as const } : {}),
  })),
);

const recency = (name: string, category: 'grid_fraud_alert' | 'anonymous_tip'): FeatureEntry => ({
  name,
  group: 'reports',
  sources: ['reports.csv'],
  unit: 'months',
  decimals: 0,
  description: {
    nl: `Maanden sinds de laatste melding (${CATEGORY_WORDS[category].nl})`,
    en: `Months since the last report (${CATEGORY_WORDS[category].en})`,
  },
  missing: 'Never reported, or longer ago: 120 (ten years), the cap.',
  purpose: 'A recent signal weighs more than an old one.',
  sentence: {
    nl: `Maanden sinds laatste melding (${CATEGORY_WORDS[category].nl}): {value}`,
    en: `Months since last report (${CATEGORY_WORDS[category].en}): {value}`,
  },
  never: NEVER,
  monotone: 'decreasing',
});

const history: FeatureEntry[] = [
  recency('months_since_grid_fraud_alert', 'grid_fraud_alert'),
  recency('months_since_anonymous_tip', 'anonymous_tip'),
  {
    name: 'months_since_find',
    group: 'history',
    sources: ['inspections.csv'],
    unit: 'months',
    decimals: 0,
    description: {
      nl: 'Maanden sinds een eerdere vondst (kwekerij of voorbereiding) op dit adres',
      en: 'Months since an earlier find (cultivation or preparation) at this address',
    },
    missing: 'Never found, or longer ago: 120 (ten years), the cap.',
    purpose: 'Cultivations recur at addresses where one was dismantled before.',
    sentence: { nl: 'Maanden sinds eerdere vondst op dit adres: {value}', en: 'Months since an earlier find at this address: {value}' },
    never: NEVER,
    // No declared direction: a recent find can lower the risk as well (the cultivation was dismantled, the address is watched).
  },
  {
    name: 'negative_controls',
    group: 'history',
    sources: ['inspections.csv'],
    unit: 'count',
    decimals: 0,
    description: { nl: 'Eerdere controles op dit adres zonder vondst', en: 'Earlier controls at this address that found nothing' },
    missing: 'No controls: 0.',
    purpose: 'A control that found nothing is evidence against, and guards against checking the same home again and again.',
    sentence: { nl: 'Eerdere controles zonder vondst: {value}', en: 'Earlier controls that found nothing: {value}' },
  },
  {
    name: 'finds_within_250m_36m',
    group: 'history',
    sources: ['inspections.csv', 'addresses.csv'],
    unit: 'count',
    decimals: 0,
    description: {
      nl: 'Vondsten op andere adressen binnen 250 m in de 36 maanden voor de peildatum',
      en: 'Finds at other addresses within 250 m in the 36 months before the reference date',
    },
    missing: 'None: 0.',
    purpose: 'Cultivations cluster: the same networks, landlords and building types recur nearby.',
    sentence: { nl: 'Vondsten binnen 250 m (36 mnd.): {value}', en: 'Finds within 250 m (36 mo.): {value}' },
    monotone: 'increasing',
  },
  {
    name: 'finds_in_neighbourhood_36m',
    group: 'history',
    sources: ['inspections.csv', 'addresses.csv'],
    unit: 'count',
    decimals: 0,
    description: {
      nl: 'Vondsten op andere adressen in dezelfde buurt in de 36 maanden voor de peildatum',
      en: 'Finds at other addresses in the same neighbourhood in the 36 months before the reference date',
    },
    missing: 'None: 0.',
    purpose: 'As above, at the scale of the CBS buurt.',
    sentence: { nl: 'Vondsten in de buurt (36 mnd.): {value}', en: 'Finds in the neighbourhood (36 mo.): {value}' },
  },
];

const companies: FeatureEntry[] = [
  {
    name: 'companies_registered',
    group: 'companies',
    sources: ['companies.csv'],
    unit: 'count',
    decimals: 0,
    description: {
      nl: 'KvK-inschrijvingen op het adres op de peildatum',
      en: 'Chamber of Commerce registrations at the address at the reference date',
    },
    missing: 'None: 0.',
    purpose: 'Businesses registered at a home can explain high energy use, or disguise it.',
    sentence: { nl: 'KvK-inschrijvingen op het adres: {value}', en: 'Chamber of Commerce registrations at the address: {value}' },
  },
  {
    name: 'companies_started_12m',
    group: 'companies',
    sources: ['companies.csv'],
    unit: 'count',
    decimals: 0,
    description: {
      nl: 'KvK-inschrijvingen op het adres begonnen in de 12 maanden voor de peildatum',
      en: 'Chamber of Commerce registrations at the address started in the 12 months before the reference date',
    },
    missing: 'None: 0.',
    purpose: 'A new registration at a home can accompany a new cultivation.',
    sentence: { nl: 'Nieuwe KvK-inschrijvingen (12 mnd.): {value}', en: 'New Chamber of Commerce registrations (12 mo.): {value}' },
  },
];

export const FEATURE_CATALOGUE: readonly FeatureEntry[] = Object.freeze([
  ...energy,
  ...occupancy,
  ...reports,
  ...history,
  ...controlEntries,
  ...dwellingEntries,
  ...companies,
  ...sectorEntries,
]);
export const FEATURE_NAMES: readonly string[] = FEATURE_CATALOGUE.map((f) => f.name);

export function featureEntry(name: string): FeatureEntry {
  const entry = FEATURE_CATALOGUE.find((f) => f.name === name);
  if (!entry) throw new Error(`'${name}' is not in the feature catalogue`);
  return entry;
}
