/**
 * The rate-limit step: a fixed-window limit per user, at most `limit` requests per window.
 * Kept in this process, so with n replicas behind a load balancer a user gets at most
 * n × limit.
 */
import type express from 'express';
import { HttpError } from './errors.ts';

/** One budget per key (a user, or a client address for calls without a valid token). */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** 0 when allowed; otherwise the seconds until the window resets. */
  take(key: string): number {
    if (this.limit === 0) return 0;
    const now = this.clock().getTime();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.limit) return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    window.count++;
    return 0;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}

/** Throws 429 (with Retry-After) when `key` used up its minute. */
export function rateLimit(limiter: RateLimiter, key: string, res: express.Response): void {
  const retryAfter = limiter.take(key);
  if (retryAfter > 0) {
    res.set('Retry-After', String(retryAfter));
    throw new HttpError(
      429,
      'rate_limited',
      `more than ${limiter.limit} requests in a minute from ${key.startsWith('ip:') ? 'this address without a valid token' : key}; retry after ${retryAfter} s`,
    );
  }
}
