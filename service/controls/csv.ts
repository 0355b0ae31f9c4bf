/**
 * The interventieteam's list as CSV: `,`-separated, or `;`-separated with a byte-order mark
 * for Excel. Fields a spreadsheet would run as a formula are neutralised.
 */
import type { Control } from './view.ts';

/** One field as CSV text. */
function csvField(value: unknown, separator: string): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote what needs it; a leading = + - @ is neutralised so a spreadsheet does not run it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /["\n\r]/.test(safe) || safe.includes(separator) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function controlsCsv(items: readonly Control[], separator: ',' | ';'): string {
  const header = [
    'id',
    'priority',
    'status',
    'planned_for',
    'address_id',
    'street',
    'house_number',
    'house_suffix',
    'postcode',
    'district',
    'neighbourhood',
    'reasons',
    'outcome',
    'inspected_on',
  ];
  const lines = [header.join(separator)];
  for (const c of items) {
    lines.push(
      [
        c.id,
        c.priority,
        c.status,
        c.plannedFor,
        c.addressId,
        c.address.street,
        c.address.houseNumber,
        c.address.houseSuffix,
        c.address.postcode,
        c.address.district,
        c.address.neighbourhood,
        c.reasons.join(' | '),
        c.outcome,
        c.inspectedOn,
      ]
        .map((v) => csvField(v, separator))
        .join(separator),
    );
  }
  // A byte-order mark lets Excel read the file as UTF-8.
  return `${separator === ';' ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
