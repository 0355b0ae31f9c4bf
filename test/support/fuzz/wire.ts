import http from 'node:http';

/**
 * A fuzz request as it goes over the wire, sent with node:http (no client that tidies up
 * paths, headers or bodies), and its answer; both printed in full in a failure message.
 */
export interface FuzzRequest {
  /** The operation's key, `POST /api/v1/signals`. */
  operation: string;
  method: 'GET' | 'POST';
  /** Percent-encoded, without the query. */
  path: string;
  /** Percent-encoded `?a=b&c=d`, or ''. */
  query: string;
  headers: Record<string, string>;
  /** The Authorization header in words (tokens are long and alike): `analist`, `none`, `expired`. */
  token: string;
  body: Buffer | null;
  /** The body's text before any Content-Encoding, for the message and the checks. */
  bodyText: string | null;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Percent-encodes all but RFC 3986's unreserved characters (dots too: no dot segments). Lone surrogates go as U+FFFD. */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_~-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** What node:http lets into a header value: visible ISO-8859-1, space and tab. */
export const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function send(port: number, request: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body) headers['Content-Length'] = request.body.length;
    // A connection per request: an answer given before the body was read leaves no bytes behind for the next.
    const req = http.request(
      { host: '127.0.0.1', port, method: request.method, path: `${request.path}${request.query}`, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.end(request.body ?? undefined);
  });
}

/** Text with every character outside printable ASCII written as \u{…}: a NUL or a zero-width space shows. */
export function printable(text: string, limit = 600): string {
  const chars = [...text];
  const shown = chars
    .slice(0, limit)
    .map((c) => (/^[\x20-\x7e]$/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`))
    .join('');
  return chars.length > limit ? `${shown}… (${chars.length - limit} more characters)` : shown;
}

export function formatRequest(request: FuzzRequest): string {
  const lines = [`${request.method} ${request.path}${request.query}`];
  for (const [name, value] of Object.entries(request.headers))
    lines.push(`  ${name}: ${name === 'Authorization' ? `<${request.token}>` : printable(value)}`);
  if (!('Authorization' in request.headers)) lines.push(`  (no Authorization: ${request.token})`);
  if (request.body) lines.push(`  body (${request.body.length} bytes): ${printable(request.bodyText ?? '')}`);
  return lines.join('\n');
}

export function formatAnswer(answer: Answer): string {
  return `→ ${answer.status} ${answer.headers['content-type'] ?? '(no Content-Type)'}\n  ${printable(answer.text)}`;
}
