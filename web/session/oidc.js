// @ts-check
/**
 * Sign-in through the OIDC issuer: the authorization code flow with PKCE (S256). The
 * verifier and state wait in sessionStorage while the browser is at the issuer.
 */
import { store } from './store.js';

/** @import { AuthConfig } from '../types/session.js' */
/** @typedef {{ authorization_endpoint: string, token_endpoint: string }} Discovery */

/** @param {ArrayBuffer | Uint8Array} bytes */
function base64url(bytes) {
  let binary = '';
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {AuthConfig} config @returns {Promise<Discovery>} */
async function discovery(config) {
  const res = await fetch(`${String(config.issuer).replace(/\/$/, '')}/.well-known/openid-configuration`);
  return res.json();
}

/** Leaves for the issuer's sign-in page. @param {AuthConfig} config */
export async function startOidc(config) {
  const d = await discovery(config);
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('hennep.pkce', JSON.stringify({ verifier, state }));
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: String(config.clientId),
    redirect_uri: `${location.origin}/`,
    scope: 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.toString());
}

/**
 * Back from the issuer with `?code=`: trades the code for a token and keeps it.
 * @param {AuthConfig} config
 * @param {URLSearchParams} params
 */
export async function finishOidc(config, params) {
  const saved = /** @type {{ verifier: string, state: string } | null} */ (JSON.parse(sessionStorage.getItem('hennep.pkce') ?? 'null'));
  sessionStorage.removeItem('hennep.pkce');
  history.replaceState(null, '', '/');
  if (!saved || saved.state !== params.get('state'))
    throw new Error('the sign-in answer does not belong to this sign-in (state differs); sign in again');
  const d = await discovery(config);
  const res = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: `${location.origin}/`,
      client_id: String(config.clientId),
      code_verifier: saved.verifier,
    }),
  });
  const body = /** @type {{ access_token?: string, error?: string, error_description?: string }} */ (await res.json());
  if (!res.ok || !body.access_token)
    throw new Error(`the issuer refused the sign-in: ${body.error_description ?? body.error ?? res.status}`);
  store.token = body.access_token;
}
