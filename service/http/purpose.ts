/**
 * The purpose (doelbinding) of a request for address-level data: read from the request
 * and checked. A purpose says why in words: at least ten letters or digits once the text
 * is Unicode-normalised (NFKC), so invisible characters, combining marks, braille blanks
 * or emoji do not count towards it. A case reference (letters, a year and a number, as
 * RIEC-2026-0042) stands for a purpose of its own.
 */
import type express from 'express';

const PURPOSE_MIN = 10;
/** The longest purpose accepted, in characters; the audit entry keeps at most this many. */
export const PURPOSE_MAX = 500;
export const CASE_REFERENCE = /^[A-Z]{2,10}-\d{4}-\d{1,6}$/;
/** Controls (C0, C1), format characters (U+200B, U+202E), private use, unassigned, line and paragraph separators. */
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** The request's purpose: `X-Purpose` (percent-encoding allowed) or `?purpose=`. */
export function purposeOf(req: express.Request): string | null {
  const header = req.get('x-purpose');
  let text: string | undefined = header;
  if (header !== undefined && /%[0-9A-Fa-f]{2}/.test(header)) {
    try {
      text = decodeURIComponent(header);
    } catch {
      text = header;
    }
  }
  text ??= typeof req.query.purpose === 'string' ? req.query.purpose : undefined;
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/** Null when `purpose` will do; else what is wrong with it, in words for the caller. */
export function checkPurpose(purpose: string | null): string | null {
  if (purpose === null)
    return `this request reads or changes address-level data and needs a purpose: send an X-Purpose header (or ?purpose=) of at least ${PURPOSE_MIN} letters or digits, or a case reference such as RIEC-2026-0042`;
  if ([...purpose].length > PURPOSE_MAX) return `the purpose is ${[...purpose].length} characters; at most ${PURPOSE_MAX}`;
  const normal = purpose.normalize('NFKC');
  const invisible = INVISIBLE.exec(normal);
  if (invisible) {
    const code = `U+${invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `the purpose contains a control or invisible character (${code}): state it on one line of plain text`;
  }
  if (CASE_REFERENCE.test(normal)) return null;
  const letters = normal.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (letters < PURPOSE_MIN)
    return `the purpose '${purpose}' has ${letters} letters or digits: state why in at least ${PURPOSE_MIN}, or give a case reference such as RIEC-2026-0042 (letters, a year, a number)`;
  return null;
}
