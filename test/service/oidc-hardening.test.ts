import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError, createAuthenticator, DISCOVERY_RETRY_MS, type AuthenticatorInternals } from '../../service/auth/index.ts';
import { embeddedConfig } from '../support/service.ts';

/**
 * The OIDC path against a real external issuer over HTTP (oauth2-mock-server), behind a
 * thin front that counts discovery requests and can play down (503) or hand out a
 * discovery document of its own: the issuer check of discovery, the backoff after a failed
 * discovery, the issuer named in every 503, and the token's `typ` and `azp`.
 */
const AUDIENCE = 'hennep-risk';
const CLIENT_ID = 'hennep-web';
const DISCOVERY = '/.well-known/openid-configuration';

interface ExternalIssuer {
  /** The issuer URL, as the tokens' `iss` and the discovery document name it. */
  url: string;
  discoveryRequests: number;
  /** Discovery answers 503. */
  down: boolean;
  jwksRequests: number;
  /** The key set answers 503. */
  keysDown: boolean;
  /** Discovery answers a document of the front's own with these fields instead of the issuer's. */
  document: { issuer?: string; jwks_uri?: string } | null;
  token(claims?: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function externalIssuer(): Promise<ExternalIssuer> {
  const mock = new OAuth2Server();
  await mock.issuer.keys.generate('RS256');
  const front = createServer((req, res) => {
    if (req.url === DISCOVERY) {
      issuer.discoveryRequests++;
      if (issuer.down) return void res.writeHead(503).end();
      if (issuer.document)
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ issuer: issuer.url, jwks_uri: `${issuer.url}/jwks`, ...issuer.document }));
    }
    if (req.url === '/jwks') {
      issuer.jwksRequests++;
      if (issuer.keysDown) return void res.writeHead(503).end();
    }
    mock.service.requestHandler(req, res);
  });
  const url = await listening(front);
  mock.issuer.url = url;
  const issuer: ExternalIssuer = {
    url,
    discoveryRequests: 0,
    down: false,
    jwksRequests: 0,
    keysDown: false,
    document: null,
    token: (claims = {}, header = {}) =>
      mock.issuer.buildToken({
        scopesOrTransform: (h, payload) => {
          Object.assign(h, header);
          Object.assign(payload, { aud: AUDIENCE, sub: 'ana', roles: ['analist'], ...claims });
        },
      }),
  };
  return issuer;
}

const authenticatorFor = (issuer: string, internals?: AuthenticatorInternals) =>
  createAuthenticator(
    embeddedConfig({ HENNEP_OIDC_ISSUER: issuer, HENNEP_OIDC_AUDIENCE: AUDIENCE, HENNEP_OIDC_CLIENT_ID: CLIENT_ID }),
    internals,
  );

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('OIDC discovery', () => {
  it('refuses an issuer whose discovery document names another issuer, naming both and the discovery URL', async () => {
    const issuer = await externalIssuer();
    issuer.document = { issuer: 'https://sso.example.nl/realms/elsewhere' };
    const verifier = await authenticatorFor(issuer.url);
    const error = await refusal(verifier.verify(await issuer.token()));
    expect(error.reason).toBe('unavailable');
    expect(error.message).toContain(`${issuer.url}${DISCOVERY}`);
    expect(error.message).toContain('names issuer https://sso.example.nl/realms/elsewhere, not the configured issuer');
    expect(error.message).toContain(`configured issuer ${issuer.url}:`);

    const silent = await externalIssuer();
    silent.document = { issuer: undefined };
    expect((await refusal((await authenticatorFor(silent.url)).verify(await silent.token()))).message).toContain('names no issuer');
  });

  it('compares the issuer exactly: a configured trailing slash the issuer does not use is refused at discovery, naming both', async () => {
    const issuer = await externalIssuer();
    // Tokens would carry iss without the slash and fail on `iss` one by one; discovery says why at once.
    const error = await refusal((await authenticatorFor(`${issuer.url}/`)).verify(await issuer.token()));
    expect(error.reason).toBe('unavailable');
    expect(error.message).toContain(`names issuer ${issuer.url}, not the configured issuer ${issuer.url}/`);
  });

  it('remembers a failed discovery for a while: requests meanwhile fail at once, naming the issuer and when it is tried again', async () => {
    const issuer = await externalIssuer();
    let clock = Date.parse('2026-03-02T09:00:00Z');
    const verifier = await authenticatorFor(issuer.url, { now: () => clock });
    // The backoff runs on the injected (monotonic) clock; the message names the wall-clock time.
    const wallRetry = Date.now() + DISCOVERY_RETRY_MS;
    issuer.down = true;

    // Requests arriving together share one discovery (tokens made first, so the three verifications overlap).
    const tokens = await Promise.all([1, 2, 3].map((n) => issuer.token({ sub: `early-${n}` })));
    const first = await Promise.all(tokens.map((token) => refusal(verifier.verify(token))));
    expect(issuer.discoveryRequests).toBe(1);
    for (const error of first) {
      expect(error.reason).toBe('unavailable');
      const match = /^(.*) \(discovery is not tried again before (\S+)\)$/.exec(error.message);
      expect(match?.[1]).toBe(`the OIDC issuer ${issuer.url} answered 503 at ${issuer.url}${DISCOVERY}`);
      expect(Math.abs(Date.parse(match![2]!) - wallRetry)).toBeLessThan(5000);
    }

    // Within the window nothing is asked, even once the issuer is back.
    issuer.down = false;
    clock += DISCOVERY_RETRY_MS - 1;
    const meanwhile = await refusal(verifier.verify(await issuer.token({ sub: 'meanwhile' })));
    expect(meanwhile.reason).toBe('unavailable');
    expect(meanwhile.message).toContain(issuer.url);
    expect(meanwhile.message).toBe(first[0]!.message);
    expect(issuer.discoveryRequests).toBe(1);

    // After it, discovery is tried again; once it succeeds it is kept.
    clock += 1;
    expect(await verifier.verify(await issuer.token({ sub: 'after' }))).toMatchObject({ subject: 'after' });
    expect(issuer.discoveryRequests).toBe(2);
    clock += 10 * DISCOVERY_RETRY_MS;
    issuer.down = true;
    expect(await verifier.verify(await issuer.token({ sub: 'later' }))).toMatchObject({ subject: 'later' });
    expect(issuer.discoveryRequests).toBe(2);
  });

  it('remembers a failed key fetch for a while: keys at hand still verify, a token needing new ones gets the 503 at once', async () => {
    const issuer = await externalIssuer();
    let clock = 0;
    const verifier = await authenticatorFor(issuer.url, { now: () => clock });
    const token = (sub: string, header: Record<string, unknown> = {}) => issuer.token({ sub }, header);

    // The first key fetch fails: remembered, whatever comes meanwhile.
    issuer.keysDown = true;
    const first = await refusal(verifier.verify(await token('first')));
    expect(first.reason).toBe('unavailable');
    expect(first.message).toMatch(
      new RegExp(
        `^the OIDC issuer ${issuer.url}'s keys could not be fetched from ${issuer.url}/jwks \\(the key set is not tried again before \\S+\\)$`,
      ),
    );
    issuer.keysDown = false;
    clock += DISCOVERY_RETRY_MS - 1;
    expect(await refusal(verifier.verify(await token('meanwhile')))).toBe(first);
    expect(issuer.jwksRequests).toBe(1);
    clock += 1;
    expect(await verifier.verify(await token('after'))).toMatchObject({ subject: 'after' });
    expect(issuer.jwksRequests).toBe(2);

    // Keys held, the issuer down again: a token naming a key not held makes jose fetch (once
    // its 30 s cool-down since the last fetch is over), which fails and is remembered.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31_000 });
    try {
      issuer.keysDown = true;
      const rotated = await refusal(verifier.verify(await token('rotated', { kid: 'rotated-key' })));
      expect(rotated.reason).toBe('unavailable');
      expect(issuer.jwksRequests).toBe(3);
      // Meanwhile the held keys verify the tokens they signed, and nothing is fetched.
      expect(await verifier.verify(await token('held'))).toMatchObject({ subject: 'held' });
      expect(await refusal(verifier.verify(await token('rotated-again', { kid: 'rotated-key' })))).toBe(rotated);
      // Held keys older than jose's ten minutes are not used: the 503 again, still no fetch.
      vi.setSystemTime(Date.now() + 11 * 60_000);
      expect(await refusal(verifier.verify(await token('stale')))).toBe(rotated);
      expect(issuer.jwksRequests).toBe(3);
      // After the window the keys are fetched again.
      issuer.keysDown = false;
      clock += DISCOVERY_RETRY_MS;
      expect(await verifier.verify(await token('back'))).toMatchObject({ subject: 'back' });
      expect(issuer.jwksRequests).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('names the issuer in every 503: no answer, an error status, a bad document, keys that cannot be fetched', async () => {
    // No answer: a port nobody listens on any more.
    const closed = createServer();
    const nobody = await listening(closed);
    await new Promise((resolve) => closed.close(resolve));
    servers.splice(servers.indexOf(closed), 1);
    const issuer = await externalIssuer();
    const token = await issuer.token();
    const silent = await refusal((await authenticatorFor(nobody)).verify(token));
    expect(silent.reason).toBe('unavailable');
    expect(silent.message).toContain(`the OIDC issuer ${nobody} does not answer at ${nobody}${DISCOVERY}`);
    // The network error (which can name internal hosts) is for the log, not for the caller.
    expect(silent.message).not.toMatch(/ECONNREFUSED|fetch failed/);
    expect(silent.internal).toMatch(/fetch failed/);

    issuer.down = true;
    expect((await refusal((await authenticatorFor(issuer.url)).verify(token))).message).toContain(
      `the OIDC issuer ${issuer.url} answered 503`,
    );
    issuer.down = false;

    issuer.document = { jwks_uri: 'not a url' };
    expect((await refusal((await authenticatorFor(issuer.url)).verify(token))).message).toContain(
      `the OIDC issuer ${issuer.url}'s discovery document at ${issuer.url}${DISCOVERY} names no jwks_uri URL`,
    );

    issuer.document = { jwks_uri: `${issuer.url}/no-such-jwks` };
    const keys = await refusal((await authenticatorFor(issuer.url)).verify(token));
    expect(keys.reason).toBe('unavailable');
    expect(keys.message).toContain(`the OIDC issuer ${issuer.url}'s keys could not be fetched from ${issuer.url}/no-such-jwks`);
  });
});

describe('token type and authorized party', () => {
  it('accepts typ JWT and at+jwt in any case, with or without application/, and no typ', async () => {
    const issuer = await externalIssuer();
    const verifier = await authenticatorFor(issuer.url);
    for (const typ of ['JWT', 'jwt', 'at+jwt', 'AT+JWT', 'application/at+jwt', 'application/JWT', undefined]) {
      expect(await verifier.verify(await issuer.token({ sub: `typ-${typ}` }, { typ })), String(typ)).toMatchObject({
        subject: `typ-${typ}`,
      });
    }
  });

  it('refuses other token types (a DPoP proof, a logout token) with a 401, naming the type seen and the accepted ones', async () => {
    const issuer = await externalIssuer();
    const verifier = await authenticatorFor(issuer.url);
    for (const typ of ['dpop+jwt', 'logout+jwt', 'application/secevent+jwt', 'JOSE']) {
      const error = await refusal(verifier.verify(await issuer.token({}, { typ })));
      expect(error.reason).toBe('claims');
      expect(error.message).toBe(`the token's type (typ "${typ}") is not an access token: accepted are JWT and at+jwt (or no typ)`);
    }
  });

  it('accepts an azp that is the audience or the web client, and refuses any other, also one listed in aud', async () => {
    const issuer = await externalIssuer();
    const verifier = await authenticatorFor(issuer.url);
    const accepted = [{ azp: AUDIENCE }, { azp: CLIENT_ID }, { aud: [AUDIENCE, 'reports', 'account'] }];
    for (const [n, claims] of accepted.entries())
      expect(await verifier.verify(await issuer.token({ sub: `azp-${n}`, ...claims })), JSON.stringify(claims)).toMatchObject({
        subject: `azp-${n}`,
      });

    const error = await refusal(verifier.verify(await issuer.token({ azp: 'another-app', aud: [AUDIENCE, 'account'] })));
    expect(error.reason).toBe('claims');
    expect(error.message).toBe(
      `the token was issued to another party (azp "another-app"): accepted are the audience ${AUDIENCE} and the web client ${CLIENT_ID}`,
    );
    // Keycloak lists a client in aud when the user holds one of its roles: still another party.
    expect((await refusal(verifier.verify(await issuer.token({ azp: 'reports', aud: [AUDIENCE, 'reports'] })))).reason).toBe('claims');
    expect((await refusal(verifier.verify(await issuer.token({ azp: ['another-app'] })))).reason).toBe('claims');
  });
});
