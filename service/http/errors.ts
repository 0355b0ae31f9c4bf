/** The API's errors: the one list of codes, the reasons a code may carry, and the error a handler throws. */

/**
 * Every error the API answers with: a stable code for programs (the web page shows a text
 * of its own per code, in Dutch or English), a message in English for people reading the
 * raw answer, and, where it helps, the field at fault and why. The codes are listed here
 * once: HttpError takes no other, and the OpenAPI document publishes the list, so a
 * client can know every code it may receive.
 */
export const ERROR_CODES = [
  'unauthenticated',
  'issuer_unavailable',
  'rate_limited',
  'forbidden',
  'purpose_required',
  'invalid_request',
  'invalid_json',
  'invalid_body',
  'body_too_large',
  'bad_request',
  'malformed_path',
  'no_route',
  'internal_error',
  'audit_unavailable',
  'database_unavailable',
  'unknown_address',
  'not_scored',
  'model_disabled',
  'no_active_model',
  'no_risk_list',
  'list_replaced',
  'unknown_signal',
  'unknown_control',
  'illegal_transition',
  'signal_open',
  'own_proposal',
  'outcome_unchanged',
  'unknown_model',
  'not_activated',
  'nothing_active',
  'empty_frame',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why, beside the code: the token's fault for `unauthenticated`; for an `invalid_request`
 * on a control's date, which limit it crossed (the limit itself is in `bound`).
 */
export const DATE_REASONS = ['before_approval', 'beyond_horizon', 'in_future'] as const;
export const TOKEN_REASONS = ['missing', 'malformed', 'expired', 'issuer', 'audience', 'signature', 'algorithm', 'claims'] as const;
export const ERROR_REASONS = [...TOKEN_REASONS, ...DATE_REASONS] as const;
export type DateReason = (typeof DATE_REASONS)[number];

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
