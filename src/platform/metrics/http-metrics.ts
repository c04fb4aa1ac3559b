import type { NextFunction, Request, Response } from 'express';
import { HealthRegistry } from '../health/health.registry';
import { requestIdOf } from '../logging/request-id';
import { MetricsService } from './metrics.service';

/**
 * Counts and times every HTTP request by method, route template (never the raw path: ids and
 * credit codes would make a series each) and status; a 5xx also tells /health.
 */
export function httpMetrics(metrics: MetricsService, health: HealthRegistry) {
  const requests = metrics.counter(
    'http_requests_total',
    'HTTP requests answered, by method, route template and status',
    ['method', 'route', 'status'],
  );
  const duration = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP request duration, by method, route template and status',
    ['method', 'route', 'status'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeTemplate(req), status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      if (res.statusCode >= 500)
        health.recordFailure(
          'http',
          `${res.statusCode} ${req.method} ${labels.route} (request ${requestIdOf(req) ?? '-'})`,
        );
    });
    next();
  };
}

/** The matched route, e.g. /v1/firms/:creditCode/findings; "unmatched" for a 404 without a route. */
export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (typeof route?.path !== 'string') return 'unmatched';
  return `${req.baseUrl}${route.path}` || '/';
}
