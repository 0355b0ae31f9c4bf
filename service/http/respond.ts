/** The respond step for a success: JSON written in one piece, or a route's raw text (CSV exports). */
import type express from 'express';
import type { RouteResult } from './route.ts';

/**
 * JSON written in one piece: express's res.json copies the text into a Buffer and node
 * then writes headers and body as two chunks; a string goes out with the headers in one
 * write.
 */
export function sendJson(res: express.Response, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

export function sendJsonText(res: express.Response, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** A route's success: its JSON (already written out as `json`) or its raw text, under the request id. */
export function sendResult(res: express.Response, answer: { status: number; result: RouteResult; json: string; requestId: string }): void {
  const { status, result, json, requestId } = answer;
  res.set('X-Request-Id', requestId);
  if (result.raw) {
    res.status(status).type(result.raw.contentType);
    if (result.raw.filename) res.attachment(result.raw.filename);
    res.send(result.raw.text);
    return;
  }
  sendJsonText(res, status, json);
}
