/**
 * The interventieteam's list as CSV, with headers and words in the asked language (Dutch
 * unless English is asked for). Two forms:
 *
 * - `csv`: `,`-separated UTF-8 without a byte-order mark (the Content-Type says
 *   `charset=utf-8`), for programs: the address id is written as its 16 digits.
 * - `csv-excel`: `;`-separated (the list separator of Dutch Excel) with a byte-order mark,
 *   so that Excel reads UTF-8; the address id is written `="0363…"`, a formula whose value
 *   is the text, which Excel and LibreOffice Calc both show as the id with its leading zero.
 *   Read as a number it would lose that zero, and past 15 digits Excel rounds it. A leading
 *   apostrophe does not work: both show it as part of the value when they open a CSV.
 *
 * Any other field a spreadsheet would run as a formula (= + - @) is neutralised.
 */
import type { Lang } from '../../config/index.ts';
import type { Control } from './view.ts';

const WORDS = {
  nl: {
    header: [
      'Controle',
      'Prioriteit',
      'Status',
      'Gepland op',
      'Adres-id (BAG)',
      'Straat',
      'Huisnummer',
      'Toevoeging',
      'Postcode',
      'Wijk',
      'Buurt',
      'Redenen',
      'RIEC-besluit',
      'Besloten op',
      'Rechtsgrond',
      'Uitkomst',
      'Gecontroleerd op',
    ],
    approved: 'goedgekeurd',
    status: { approved: 'goedgekeurd', control_planned: 'controle gepland', outcome_recorded: 'uitkomst vastgelegd' },
    outcome: {
      cultivation: 'kwekerij aangetroffen',
      preparation: 'voorbereiding aangetroffen',
      nothing_found: 'niets aangetroffen',
      no_access: 'geen toegang',
    },
  },
  en: {
    header: [
      'Control',
      'Priority',
      'Status',
      'Planned for',
      'Address id (BAG)',
      'Street',
      'House number',
      'Suffix',
      'Postcode',
      'District',
      'Neighbourhood',
      'Reasons',
      'RIEC decision',
      'Decided on',
      'Legal basis',
      'Outcome',
      'Inspected on',
    ],
    approved: 'approved',
    status: { approved: 'approved', control_planned: 'control planned', outcome_recorded: 'outcome recorded' },
    outcome: {
      cultivation: 'cultivation found',
      preparation: 'preparation found',
      nothing_found: 'nothing found',
      no_access: 'no access',
    },
  },
} as const;

/** A cell a spreadsheet shows as this text, never as a number: `="…"` (digits only, so nothing to escape). */
const asText = (digits: string) => `="${digits}"`;

/** One field as CSV text. */
function csvField(value: unknown, separator: string): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote what needs it; a leading = + - @ is neutralised so a spreadsheet does not run it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /["\n\r]/.test(safe) || safe.includes(separator) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function row(c: Control, lang: Lang, separator: ',' | ';'): string {
  const words = WORDS[lang];
  const id = /^\d+$/.test(c.addressId) && separator === ';' ? asText(c.addressId) : csvField(c.addressId, separator);
  const fields = [
    c.id,
    c.priority,
    words.status[c.status],
    c.plannedFor,
    c.address.street,
    c.address.houseNumber,
    c.address.houseSuffix,
    c.address.postcode,
    c.address.district,
    c.address.neighbourhood,
    c.reasons.join(' | '),
    words.approved,
    c.approvedOn,
    c.legalBasis,
    c.outcome === null ? null : words.outcome[c.outcome],
    c.inspectedOn,
  ].map((v) => csvField(v, separator));
  fields.splice(4, 0, id);
  return fields.join(separator);
}

export function controlsCsv(items: readonly Control[], separator: ',' | ';', lang: Lang = 'nl'): string {
  const lines = [WORDS[lang].header.map((h) => csvField(h, separator)).join(separator), ...items.map((c) => row(c, lang, separator))];
  return `${separator === ';' ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
