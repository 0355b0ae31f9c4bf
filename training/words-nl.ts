/** Numbers in the Dutch sentences of the card: a decimal comma and a dot between thousands (nl-NL). */

/** `x` with exactly `digits` decimals, written nl-NL. */
export function decimalNl(x: number, digits: number): string {
  return x.toLocaleString('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A whole number written nl-NL (10.000). */
export function wholeNl(x: number): string {
  return x.toLocaleString('nl-NL', { maximumFractionDigits: 0 });
}

/** A share as a percentage, as the English sentences write it (more decimals under 1 %), in nl-NL. */
export function percentNl(x: number): string {
  return `${decimalNl(100 * x, x < 0.01 ? 3 : 1)} %`;
}
