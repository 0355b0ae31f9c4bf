// @ts-check
/**
 * What the page keeps in the browser: the token and the purpose for this tab's session
 * only (sessionStorage, gone when the tab closes), the language for good (localStorage).
 */

/** @typedef {'nl' | 'en'} Lang */

/** @param {string} key @param {string | null} value */
function keep(key, value) {
  if (value) sessionStorage.setItem(key, value);
  else sessionStorage.removeItem(key);
}

export const store = {
  /** @returns {string | null} */
  get token() {
    return sessionStorage.getItem('hennep.token');
  },
  /** @param {string | null} v */
  set token(v) {
    keep('hennep.token', v);
  },
  /** @returns {string | null} */
  get purpose() {
    return sessionStorage.getItem('hennep.purpose');
  },
  /** @param {string | null} v */
  set purpose(v) {
    keep('hennep.purpose', v);
  },
  /** @returns {Lang} */
  get lang() {
    return localStorage.getItem('hennep.lang') === 'en' ? 'en' : 'nl';
  },
  /** @param {Lang} v */
  set lang(v) {
    localStorage.setItem('hennep.lang', v);
  },
};
