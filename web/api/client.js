// @ts-check
/**
 * Requests to /api/v1 with the signed-in user's token and the session's purpose, in the
 * page's language where the route answers in words. An answer of 401 ends the session:
 * the page's entry says what then happens (`whenUnauthenticated`), so that this module
 * does not depend on the sign-in view that depends on it.
 */
import { store } from '../session/store.js';
import { takesLang } from './openapi.js';

/**
 * An error answer of the API, as far as the page reads it.
 * @typedef {object} ErrorBody
 * @property {{ code?: string, message?: string, field?: string, reason?: string, bound?: string, since?: string }} [error]
 * @property {string} [requestId]
 */

/** A refusal or failure the API answered with: its status and body. */
export class ApiError extends Error {
  /** @param {number} status @param {ErrorBody | null} body */
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** @type {() => void} */
let unauthenticated = () => {};

/** What a 401 does: the page signs the user out. @param {() => void} handler */
export function whenUnauthenticated(handler) {
  unauthenticated = handler;
}

/**
 * @param {string} path below /api/v1, with its query
 * @param {string} method
 * @param {unknown} body sent as JSON when not undefined
 * @returns {Promise<Response>}
 */
async function send(path, method, body) {
  /** @type {Record<string, string>} */
  const headers = { Authorization: `Bearer ${store.token}` };
  if (store.purpose) headers['X-Purpose'] = encodeURIComponent(store.purpose);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const sep = path.includes('?') ? '&' : '?';
  const lang = store.lang;
  const worded = method === 'GET' && (await takesLang(method, path));
  const url = `/api/v1${path}${worded ? `${sep}lang=${lang}` : ''}`;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    unauthenticated();
    throw new ApiError(401, await res.json().catch(() => null));
  }
  return res;
}

/**
 * The JSON answer; the caller names its type. Throws an ApiError for a refusal.
 * @param {string} path below /api/v1, with its query
 * @param {{ method?: string, body?: unknown }} [options]
 * @returns {Promise<unknown>}
 */
export async function api(path, { method = 'GET', body } = {}) {
  const res = await send(path, method, body);
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/**
 * The answer itself, for a download; throws an ApiError for a refusal.
 * @param {string} path below /api/v1, with its query
 * @returns {Promise<Response>}
 */
export async function download(path) {
  const res = await send(path, 'GET', undefined);
  if (res.ok) return res;
  throw new ApiError(res.status, res.headers.get('content-type')?.includes('json') ? await res.json() : null);
}
