// Documentation of the routes whose controllers carry no OpenAPI decorators (health, metrics,
// firm push, firm receipts, staff login). Keyed by "METHOD /path" as OpenAPI spells the path.
export type Security = 'public' | 'staff' | 'firm';

export interface RouteDoc {
  tag: string;
  summary: string;
  security: Security;
  problems?: number[];
}

export const FOREIGN_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /health': {
    tag: 'operations',
    summary: 'Readiness per dependency: 200 when every critical dependency answers, else 503',
    security: 'public',
  },
  'GET /health/live': { tag: 'operations', summary: 'Liveness: the process answers', security: 'public' },
  'GET /metrics': { tag: 'operations', summary: 'Prometheus metrics (text exposition format)', security: 'public' },
  'POST /v1/auth/token': {
    tag: 'auth',
    summary: 'Staff password login: an EdDSA access token; failed logins are throttled per client IP (429)',
    security: 'public',
    problems: [401, 422, 429],
  },
  'GET /v1/auth/me': { tag: 'auth', summary: 'The staff principal of the token', security: 'staff', problems: [401] },
  'GET /v1/auth/jwks': { tag: 'auth', summary: 'Public keys of the staff tokens (JWKS)', security: 'public' },
  'POST /v1/ingest/{kind}': {
    tag: 'ingest',
    summary: 'Push one record of a kind (firm API key; Idempotency-Key supported)',
    security: 'firm',
    problems: [401, 403, 404, 409, 413, 422, 429],
  },
  'POST /v1/ingest/{kind}/bulk': {
    tag: 'ingest',
    summary: 'Push many records of a kind (JSON array or NDJSON); per-item report',
    security: 'firm',
    problems: [401, 403, 404, 409, 413, 422, 429],
  },
  'GET /v1/ingest/records': {
    tag: 'ingest',
    summary: "The calling firm's own records, newest first, cursor pagination",
    security: 'firm',
    problems: [401],
  },
  'GET /v1/ingest/records.csv': {
    tag: 'ingest',
    summary: "The calling firm's own records as CSV (every one of the kind, newest first, no payloads)",
    security: 'firm',
    problems: [401],
  },
  'GET /v1/ingest/records/{id}': {
    tag: 'ingest',
    summary: "One of the calling firm's own records",
    security: 'firm',
    problems: [401, 404],
  },
  'GET /v1/evidence/receipts/{kind}/{id}': {
    tag: 'evidence',
    summary: "The evidence receipt of one of the calling firm's own records",
    security: 'firm',
    problems: [401, 404, 409],
  },
  'GET /v1/evidence/checkpoints': {
    tag: 'evidence',
    summary: 'Signed checkpoints with consistency proofs, newest first (public)',
    security: 'public',
  },
  'GET /v1/evidence/checkpoints.csv': {
    tag: 'evidence',
    summary:
      'Signed checkpoints and their anchors as CSV: `limit` (default 1000, at most 10,000) before `before` (public)',
    security: 'public',
  },
};
