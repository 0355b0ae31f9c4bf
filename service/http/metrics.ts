/**
 * Prometheus metrics at /metrics: requests by route pattern (never by address), their
 * latency, audit entries written, and the process defaults. One registry per app, so
 * tests and several apps in one process do not share counters.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One app's metrics, and how a request is counted. */
export interface ServiceMetrics {
  registry: Registry;
  observe(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics(auditAppended: () => number): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hennep_' });
  const requests = new Counter({
    name: 'hennep_http_requests_total',
    help: 'API requests by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hennep_http_request_duration_seconds',
    help: 'API request latency, audit entry included',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'hennep_audit_entries_appended',
    help: 'Audit log entries appended by this process',
    registers: [registry],
    collect() {
      this.set(auditAppended());
    },
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
  };
}
