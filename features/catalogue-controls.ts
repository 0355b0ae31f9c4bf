import type { FeatureEntry } from './catalogue-types.ts';

/**
 * The cap of every recency (RECENCY_CAP_MONTHS of sql.ts, which imports this file) stands
 * for "never, or longer ago": a sentence says so instead of the number.
 */
export const NEVER = { value: 120, nl: 'nooit (of meer dan tien jaar geleden)', en: 'never (or more than ten years ago)' } as const;

/**
 * Features that tie signals to the controls that answered them, and new registrations by
 * sector. A control settles what the reports before it suggested; reports after the last
 * control are unanswered. These are interactions an additive model cannot form from
 * separate counts, so they are features of their own.
 */

/** Report categories that point at a cultivation (noise and other do not distinguish it). */
export const SIGNAL_CATEGORIES = ['odour', 'humidity', 'suspicious_activity', 'anonymous_tip', 'grid_fraud_alert'] as const;

export const controlEntries: FeatureEntry[] = [
  {
    name: 'months_since_control',
    group: 'history',
    sources: ['inspections.csv'],
    unit: 'months',
    decimals: 0,
    description: {
      nl: 'Maanden sinds de laatste controle op dit adres (elke uitkomst)',
      en: 'Months since the latest control at this address (any outcome)',
    },
    missing: 'Never controlled, or longer ago: 120 (ten years), the cap.',
    purpose: 'A recent control tells what the home looked like then; its weight fades with time.',
    sentence: { nl: 'Maanden sinds de laatste controle: {value}', en: 'Months since the latest control: {value}' },
    never: NEVER,
  },
  {
    name: 'months_since_negative_control',
    group: 'history',
    sources: ['inspections.csv'],
    unit: 'months',
    decimals: 0,
    description: {
      nl: 'Maanden sinds de laatste controle zonder vondst op dit adres',
      en: 'Months since the latest control at this address that found nothing',
    },
    missing: 'No such control, or longer ago: 120 (ten years), the cap.',
    purpose: 'A control that found nothing is evidence against a cultivation at that time.',
    sentence: {
      nl: 'Maanden sinds de laatste controle zonder vondst: {value}',
      en: 'Months since the latest control that found nothing: {value}',
    },
    never: NEVER,
  },
  {
    name: 'signal_reports_since_control_12m',
    group: 'reports',
    sources: ['reports.csv', 'inspections.csv'],
    unit: 'count',
    decimals: 0,
    description: {
      nl: 'Meldingen van geur, vocht, verdachte activiteit, anonieme tip of netfraude in de 12 maanden voor de peildatum, gedaan na de laatste controle',
      en: 'Odour, humidity, suspicious-activity, anonymous-tip and grid-fraud reports in the 12 months before the reference date, made after the latest control',
    },
    missing: 'None: 0.',
    purpose: 'Reports that no control has answered yet; a control that found nothing answers the reports before it.',
    sentence: {
      nl: 'Signaalmeldingen na de laatste controle (12 mnd.): {value}',
      en: 'Signal reports after the latest control (12 mo.): {value}',
    },
  },
];

/** SBI sections by the first two digits of the code (the standard classification of the CBS). */
export const SBI_SECTIONS = [
  { name: 'agriculture', from: '01', to: '03', nl: 'landbouw', en: 'agriculture' },
  { name: 'construction', from: '41', to: '43', nl: 'bouw', en: 'construction' },
  { name: 'trade', from: '45', to: '47', nl: 'handel', en: 'trade' },
  { name: 'real_estate', from: '68', to: '68', nl: 'verhuur en handel van onroerend goed', en: 'real estate' },
  { name: 'business_services', from: '77', to: '82', nl: 'verhuur en overige zakelijke diensten', en: 'rental and business services' },
] as const;

export const sectorEntries: FeatureEntry[] = SBI_SECTIONS.map((s) => ({
  name: `companies_${s.name}_24m`,
  group: 'companies',
  sources: ['companies.csv'],
  unit: 'count',
  decimals: 0,
  description: {
    nl: `KvK-inschrijvingen op het adres in de sector ${s.nl} (SBI ${s.from}–${s.to}), begonnen in de 24 maanden voor de peildatum`,
    en: `Chamber of Commerce registrations at the address in ${s.en} (SBI ${s.from}–${s.to}) started in the 24 months before the reference date`,
  },
  missing: 'None: 0.',
  purpose: 'Front companies cluster in a few sectors; the model learns from earlier finds which ones, if any, matter.',
  sentence: {
    nl: `Nieuwe KvK-inschrijvingen, ${s.nl} (24 mnd.): {value}`,
    en: `New Chamber of Commerce registrations, ${s.en} (24 mo.): {value}`,
  },
}));
