/**
 * The security headers of every answer: helmet's, with a strict Content-Security-Policy —
 * nothing inline, nothing from elsewhere but the OIDC issuer, which the page asks for its
 * discovery document and tokens.
 */
import type express from 'express';
import helmet from 'helmet';
import type { Config } from '../../config/index.ts';

/** The headers of this configuration, worked out once. */
export function securityHeaders(config: Config): express.RequestHandler {
  const issuerOrigin = config.oidc.issuer ? new URL(config.oidc.issuer).origin : null;
  return fixedHelmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: issuerOrigin ? ["'self'", issuerOrigin] : ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: false,
  });
}

type HelmetOptions = NonNullable<Parameters<typeof helmet>[0]>;

/**
 * Helmet's headers, worked out once: helmet runs a dozen middlewares per request to set the
 * same fixed headers, work repeated on every request for nothing new. Only fixed values
 * can be worked out once, so a directive given as a function (a per-request
 * CSP nonce) is refused here. Helmet's only calls on the response are setHeader and
 * removeHeader, recorded here.
 */
export function fixedHelmetHeaders(options: HelmetOptions): express.RequestHandler {
  const csp = options.contentSecurityPolicy;
  if (csp && typeof csp === 'object') {
    for (const [name, values] of Object.entries(csp.directives ?? {})) {
      if (typeof values === 'function' || (Array.isArray(values) && values.some((v) => typeof v === 'function'))) {
        throw new Error(`Content-Security-Policy directive ${name} is computed per request: the fixed headers cannot hold it`);
      }
    }
  }
  const set: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let finished = false as boolean;
  let failure: unknown;
  helmet(options)({} as express.Request, recorder as unknown as express.Response, (error?: unknown) => {
    finished = true;
    failure = error;
  });
  if (!finished) throw new Error('helmet did not finish at once: its headers cannot be worked out in advance');
  if (failure) throw failure;
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
