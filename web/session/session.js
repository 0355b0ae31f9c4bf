// @ts-check
/**
 * Who is signed in, as /api/v1/me says, and what they may do: the page renders only what
 * the user's permissions allow (the API refuses the rest anyway).
 */

/** @import { Me } from '../types/session.js' */

/** @type {Me | null} */
let current = null;

/** The signed-in user, or null. */
export const me = () => current;

/** @param {Me | null} user */
export function setMe(user) {
  current = user;
}

/** Whether the user holds `action` (a permission such as `risk:list`). @param {string} action */
export const can = (action) => Boolean(current?.permissions.some((p) => p.action === action));

/** Whether any of the user's permissions reads address-level data, which needs a purpose. */
export const needsPurpose = () => Boolean(current?.permissions.some((p) => p.purpose));
