// @ts-check
/** Who is signed in and how the page signs in: GET /api/v1/me and GET /auth/config. */

/** @typedef {{ action: string, description: string, purpose: boolean }} Permission */

/**
 * @typedef {object} Me
 * @property {string} name
 * @property {string[]} roles
 * @property {Permission[]} permissions
 */

/**
 * How the service signs users in: an OIDC issuer, or its own tokens (from `hennep token`,
 * or from the demo sign-in when that is on).
 * @typedef {object} AuthConfig
 * @property {'oidc' | 'embedded'} mode
 * @property {boolean} demoSignIn
 * @property {string | null} issuer
 * @property {string | null} clientId
 * @property {string[]} roles
 */

export {};
