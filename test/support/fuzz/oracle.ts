import { grantingRole } from '../../../service/permissions.ts';
import { acceptanceProblems, decoded, mediaOf } from './acceptance.ts';
import { schemaProblem, where } from './json-schema.ts';
import type { Operation } from './operations.ts';
import type { TokenKind } from './tokens.ts';
import type { Answer, FuzzRequest } from './wire.ts';

/**
 * What must hold for every answer, whatever was asked: the status is one the document lists
 * for the operation, and no fault of the service (5xx) but the 503 of scoring switched off;
 * the body is of a media type and schema the document gives for that status; a token that
 * names nobody is refused (401) and a role without the permission gets 403; a success went
 * to a request the document allows in every part; the request is in the audit log exactly
 * once, as it was sent and answered.
 */
export interface Problem {
  /** Short and without values: problems of one kind are reported together. */
  kind: string;
  detail: string;
}

export interface AuditRow {
  actor: string;
  action: string;
  method: string | null;
  path: string | null;
  status: number;
}

export interface Exchange {
  op: Operation;
  request: FuzzRequest;
  answer: Answer;
  token: TokenKind;
  /** The audit entries (with a path) written since the request was sent. */
  entries: readonly AuditRow[];
  /** Whether a model with a risk list is active: otherwise scoring answers 503. */
  scoringOn(): Promise<boolean>;
}

/** The 503s of scoring switched off (routes that document a 503 of their own). */
const SCORING_OFF = ['no_active_model', 'model_disabled', 'no_risk_list'];

export async function problemsOf(exchange: Exchange): Promise<Problem[]> {
  const success = exchange.answer.status < 300;
  return [
    ...(await statusProblems(exchange)),
    ...answerBodyProblems(exchange),
    ...tokenProblems(exchange),
    ...(success ? acceptanceProblems(exchange.op, exchange.request) : []),
    ...auditProblems(exchange),
  ];
}

async function statusProblems({ op, answer, scoringOn }: Exchange): Promise<Problem[]> {
  const { status } = answer;
  const code = errorCode(answer);
  const problems: Problem[] = [];
  if (status >= 500) {
    const scoringOff = status === 503 && op.route.errors?.[503] !== undefined && SCORING_OFF.includes(code ?? '') && !(await scoringOn());
    if (!scoringOff) problems.push({ kind: `answered ${status}${code ? ` ${code}` : ''}`, detail: 'a fault of the service' });
  }
  if (!op.responses[String(status)])
    problems.push({ kind: `status ${status} is not documented`, detail: `documented: ${Object.keys(op.responses).join(', ')}` });
  return problems;
}

function errorCode(answer: Answer): string | null {
  try {
    const code = (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

function answerBodyProblems({ op, request, answer }: Exchange): Problem[] {
  const documented = op.responses[String(answer.status)];
  if (!documented) return [];
  const media = mediaOf(answer.headers['content-type']);
  const schema = documented[media];
  if (!schema)
    return [
      { kind: `a ${answer.status} answer in ${media || 'no media type'}`, detail: `documented: ${Object.keys(documented).join(', ')}` },
    ];
  let body: unknown = answer.text;
  if (media === 'application/json') {
    try {
      body = JSON.parse(answer.text);
    } catch {
      return [{ kind: `a ${answer.status} answer that is not JSON`, detail: answer.text.slice(0, 200) }];
    }
  }
  const problems: Problem[] = [];
  const error = schemaProblem(schema, body);
  if (error)
    problems.push({ kind: `the ${answer.status} body does not match the document: ${where(error)}`, detail: JSON.stringify(error.params) });
  // The chain walk's own verdict: nothing in this test alters the log (a head passed in may be a made-up one).
  if (
    request.operation === 'GET /api/v1/audit-log/verify' &&
    answer.status === 200 &&
    !request.query.includes('head=') &&
    (body as { ok?: unknown }).ok !== true
  ) {
    problems.push({ kind: 'the audit log does not verify', detail: answer.text.slice(0, 400) });
  }
  return problems;
}

function tokenProblems({ op, request, answer, token }: Exchange): Problem[] {
  if (token.subject === null)
    return answer.status === 401
      ? []
      : [
          {
            kind: `a token to refuse answered ${answer.status}, not 401`,
            detail: `${token.label}; the security scheme: a JWT of the issuer whose sub names somebody`,
          },
        ];
  if (answer.status === 401) return [{ kind: 'a valid token was refused with 401', detail: token.label }];
  // A path that does not percent-decode reaches no route, so no permission is asked: 400 for anybody signed in.
  const reachesRoute = decoded(request.path) !== null;
  if (reachesRoute && !grantingRole(token.roles, op.route.action) && answer.status !== 403)
    return [
      { kind: `a role without the permission answered ${answer.status}, not 403`, detail: `${token.label}, without ${op.route.action}` },
    ];
  return [];
}

function auditProblems({ op, request, answer, token, entries }: Exchange): Problem[] {
  if (entries.length !== 1) return [{ kind: `audited ${entries.length} times, not once`, detail: JSON.stringify(entries) }];
  const entry = entries[0]!;
  // A path that does not percent-decode is refused before any route, under an action of its own.
  const actions = op.route.action === entry.action || (entry.action === 'malformed-path' && decoded(request.path) === null);
  const expected: Array<[string, unknown, unknown]> = [
    ['actor', entry.actor, token.subject ?? 'anonymous'],
    ['method', entry.method, request.method],
    ['path', entry.path, request.path],
    ['status', entry.status, answer.status],
  ];
  const problems = expected
    .filter(([, actual, wanted]) => actual !== wanted)
    .map(([field, actual, wanted]) => ({
      kind: `the audit entry's ${field} is not the request's`,
      detail: `${JSON.stringify(actual)}, not ${JSON.stringify(wanted)}`,
    }));
  if (!actions) problems.push({ kind: "the audit entry's action is not the route's", detail: `${entry.action}, not ${op.route.action}` });
  return problems;
}
