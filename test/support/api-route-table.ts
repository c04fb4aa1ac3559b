import type { StaffRole } from '../../src/staff/staff-role';
import { examples } from '../../src/ingest/schemas/examples';
import type { Caller } from './api-callers';
import type { TestFirm } from './ingest';

// THE ROUTE TABLE: who may call every route the app serves. api-access-matrix.int-spec.ts walks
// Express's router at runtime and fails for a route without an entry here, then calls every route
// as every caller and checks the answer against the entry.

export type Access =
  | { who: 'public' }
  /** Staff token with one of the roles; `scope`: how a caller outside the target's region is refused. */
  | { who: 'staff'; roles: readonly StaffRole[] | 'any'; scope?: 'firm-404' | 'region-403' }
  /** Firm API key; `own`: the target belongs to firm A, so firm B gets 404 (existence not disclosed). */
  | { who: 'firm'; own?: boolean }
  | { who: 'staff-or-firm' }
  /** Agency feed API key: no caller of the matrix holds one, so staff and anonymous get 401, firms 403 (their key is refused by kind). */
  | { who: 'agency' };

export interface RouteRequest {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the requests need: two firms, a record and its kind, fresh keys and credit codes. */
export interface RouteContext {
  firmA: TestFirm;
  firmB: TestFirm;
  recordA: { kind: string; id: string; payload: unknown };
  receiptA: unknown;
  newCreditCode(): string;
  freshKeyId(): Promise<string>;
  freshAgencyKeyId(): Promise<string>;
  /** A new Ed25519 signing key of firm A (to revoke). */
  freshSigningKeyId(): Promise<string>;
  /** A checkpoint note and a cosignature line on it by the caller's own registered Ed25519 key (firm A's for callers without a firm key). */
  cosignatureBy(caller: Caller): Promise<{ checkpoint: string; cosignature: string }>;
  /** A new account in the built-in staff store (one per call, so disabling it never touches a caller). */
  freshStaffId(): Promise<string>;
  /** A new office of 拱墅区 (330105) in the alert contacts, reachable by phone only (SMS is off in tests), so no alert of firm A reaches it. */
  freshOfficeId(): Promise<string>;
  unique(): string;
  /** An open alert of firm A (330106), raised through the real AlertsService.onSignal; created once. */
  alertOfFirmA(): Promise<string>;
  /** A new red alert of firm A with its contingency plan (one per call: a task is completed once); its 'on-site' task is the county officer's. */
  freshRedAlertOfFirmA(): Promise<string>;
  /** A new, unrevoked manual score of firm A (one per call: a revocation is final). */
  freshManualScoreId(): Promise<string>;
  /** A new, open finding (查实事项) of firm A (one per call: a closure is final). */
  freshFindingId(): Promise<string>;
  /** The YAML of a rule pack version that does not exist yet (a new version number per call). */
  newPackYaml(): Promise<string>;
  /** An uploaded rule pack version (a copy of a bundled pack, same rules) to read, dry-run and activate. */
  candidatePack(): Promise<{ kind: string; version: number }>;
  /** A distress model version the registry serves. */
  modelVersion: string;
  /** A comparison report (model_comparisons) of that version, as train-from-database registers one. */
  modelComparisonId: string;
  /** What the power list asks of a power needing a reason and a second approver: X-Power-Reason and a section head's token in X-Power-Approver. */
  powerSignature: Record<string, string>;
}

export interface RouteCase {
  access: Access;
  request(ctx: RouteContext, caller: Caller): RouteRequest | Promise<RouteRequest>;
}

const RECEIPT_READERS = ['auditor', 'admin', 'bureau_head'] as const;
const AUDITORS = ['auditor', 'admin'] as const;
const ADMIN = ['admin'] as const;
const INSPECTORS = ['discipline_inspector'] as const;
/** Alert steps and notes: every staff role but the auditor (alerts.service.ts act: "auditors cannot act"). */
const ALERT_ACTORS = [
  'analyst',
  'county_officer',
  'section_head',
  'deputy_head',
  'bureau_head',
  'province',
  'admin',
] as const;
/** Contingency tasks: the owner (here the county officer of 330106) or a more senior official over the firm (domain/task-completion.ts). */
const TASK_COMPLETERS = ['county_officer', 'section_head', 'deputy_head', 'bureau_head', 'province'] as const;
/** api/scoring/firm-scoring.controller.ts MANUAL_SCORERS. */
const MANUAL_SCORERS = ['analyst', 'section_head', 'deputy_head', 'bureau_head'] as const;
/** api/scoring/findings.controller.ts FINDING_RECORDERS. */
const FINDING_RECORDERS = ['county_officer', 'section_head', 'deputy_head', 'bureau_head'] as const;
/** api/scoring/rule-packs.controller.ts DRY_RUNNERS. */
const DRY_RUNNERS = ['admin', 'analyst', 'section_head', 'deputy_head', 'bureau_head'] as const;

/** A push subscription as a browser's PushSubscription.toJSON() gives it, with an endpoint of its own per call. */
function pushSubscription(ctx: RouteContext): unknown {
  return {
    endpoint: `https://fcm.googleapis.com/fcm/send/matrix-${ctx.unique()}`,
    keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
  };
}

/** The report each firm kind files, with a submission id of its own per call. */
function ownReport(ctx: RouteContext, caller: Caller): unknown {
  const period = { periodStart: '2025-01-01', periodEnd: '2025-01-31' };
  if (caller.kind === 'firm' && caller.firm.kind === 'financing_guarantee')
    return examples.guaranteeReport({ reportId: `G-${ctx.unique()}`, ...period });
  return examples.p2pReport({ reportId: `P-${ctx.unique()}`, ...period });
}

const pushKind = (caller: Caller) =>
  caller.kind === 'firm' && caller.firm.kind === 'financing_guarantee' ? 'guarantee_report' : 'p2p_report';

export const ROUTE_TABLE: Readonly<Record<string, RouteCase>> = {
  'GET /health': { access: { who: 'public' }, request: () => ({ path: '/health' }) },
  'GET /health/live': { access: { who: 'public' }, request: () => ({ path: '/health/live' }) },
  'GET /metrics': { access: { who: 'public' }, request: () => ({ path: '/metrics' }) },

  'POST /v1/auth/token': {
    access: { who: 'public' },
    request: () => ({ path: '/v1/auth/token', body: { username: 'demo.analyst', password: 'hangzhou-demo-2026' } }),
  },
  'GET /v1/auth/me': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/auth/me' }) },
  'GET /v1/auth/jwks': { access: { who: 'public' }, request: () => ({ path: '/v1/auth/jwks' }) },

  'POST /v1/ingest/{kind}': {
    access: { who: 'firm' },
    request: (ctx, c) => ({ path: `/v1/ingest/${pushKind(c)}`, body: ownReport(ctx, c) }),
  },
  'POST /v1/ingest/{kind}/bulk': {
    access: { who: 'firm' },
    request: (ctx, c) => ({ path: `/v1/ingest/${pushKind(c)}/bulk`, body: [ownReport(ctx, c)] }),
  },
  'GET /v1/evidence/checkpoints/latest': {
    access: { who: 'public' },
    request: () => ({ path: '/v1/evidence/checkpoints/latest' }),
  },
  'GET /v1/ingest/signing-keys': { access: { who: 'firm' }, request: () => ({ path: '/v1/ingest/signing-keys' }) },
  'GET /v1/evidence/consistency': {
    access: { who: 'public' },
    request: () => ({ path: '/v1/evidence/consistency?from=0&to=0' }),
  },
  // A cosignature names its firm through the signing key: callers without a firm API key may send one.
  'POST /v1/witness/cosignatures': {
    access: { who: 'public' },
    request: async (ctx, c) => ({ path: '/v1/witness/cosignatures', body: await ctx.cosignatureBy(c) }),
  },
  'GET /v1/witness/cosignatures': {
    access: { who: 'firm' },
    request: () => ({ path: '/v1/witness/cosignatures?limit=5' }),
  },
  'POST /v1/witness/refusals': {
    access: { who: 'firm' },
    request: () => ({
      path: '/v1/witness/refusals',
      body: {
        checkpoint: `matrix.test/log\n0\n${Buffer.alloc(32).toString('base64')}\n`,
        firstBadSize: 0,
        reason: 'matrix test',
      },
    }),
  },
  'GET /v1/witness/refusals': { access: { who: 'firm' }, request: () => ({ path: '/v1/witness/refusals' }) },
  'GET /v1/witness/signed-submissions': {
    access: { who: 'firm' },
    request: () => ({ path: '/v1/witness/signed-submissions' }),
  },
  'GET /v1/witness/leaves': { access: { who: 'firm' }, request: () => ({ path: '/v1/witness/leaves?from=0&to=0' }) },
  'GET /v1/ingest/records': { access: { who: 'firm' }, request: () => ({ path: '/v1/ingest/records?limit=5' }) },
  'GET /v1/ingest/records.csv': { access: { who: 'firm' }, request: () => ({ path: '/v1/ingest/records.csv' }) },
  'GET /v1/ingest/records/{id}': {
    access: { who: 'firm', own: true },
    request: (ctx) => ({ path: `/v1/ingest/records/${ctx.recordA.id}` }),
  },

  'GET /v1/evidence/receipts/{kind}/{id}': {
    access: { who: 'firm', own: true },
    request: (ctx) => ({ path: `/v1/evidence/receipts/${ctx.recordA.kind}/${ctx.recordA.id}` }),
  },
  'GET /v1/evidence/checkpoints': {
    access: { who: 'public' },
    request: () => ({ path: '/v1/evidence/checkpoints?limit=2' }),
  },
  'GET /v1/evidence/checkpoints.csv': {
    access: { who: 'public' },
    request: () => ({ path: '/v1/evidence/checkpoints.csv?limit=5' }),
  },
  'POST /v1/evidence/verify': {
    access: { who: 'staff-or-firm' },
    request: (ctx) => ({ path: '/v1/evidence/verify', body: { record: ctx.recordA.payload, receipt: ctx.receiptA } }),
  },
  'GET /v1/evidence/chain': { access: { who: 'staff-or-firm' }, request: () => ({ path: '/v1/evidence/chain' }) },
  'GET /v1/evidence/tamper-findings': {
    access: { who: 'staff', roles: RECEIPT_READERS },
    request: () => ({ path: '/v1/evidence/tamper-findings?limit=10' }),
  },
  'GET /v1/evidence/tamper-findings.csv': {
    access: { who: 'staff', roles: RECEIPT_READERS },
    request: () => ({ path: '/v1/evidence/tamper-findings.csv' }),
  },

  'GET /v1/audit/receipts/{kind}/{id}': {
    access: { who: 'staff', roles: RECEIPT_READERS },
    request: (ctx) => ({ path: `/v1/audit/receipts/${ctx.recordA.kind}/${ctx.recordA.id}` }),
  },
  'GET /v1/audit/access-log': {
    access: { who: 'staff', roles: AUDITORS },
    request: () => ({ path: '/v1/audit/access-log?limit=5' }),
  },
  'GET /v1/audit/access-log.csv': {
    access: { who: 'staff', roles: AUDITORS },
    request: () => ({ path: '/v1/audit/access-log.csv?outcome=denied' }),
  },

  // 数据铁笼: inspectors (and auditors, for the traces) read; nobody writes through these routes.
  'GET /v1/cage/traces': {
    access: { who: 'staff', roles: ['discipline_inspector', 'auditor'] },
    request: () => ({ path: '/v1/cage/traces?limit=5' }),
  },
  'GET /v1/cage/indicators': {
    access: { who: 'staff', roles: INSPECTORS },
    request: () => ({ path: `/v1/cage/indicators?month=${new Date().toISOString().slice(0, 7)}` }),
  },
  'GET /v1/cage/integrity-alerts': {
    access: { who: 'staff', roles: INSPECTORS },
    request: () => ({ path: '/v1/cage/integrity-alerts?limit=5' }),
  },
  'GET /v1/cage/officials/{staffId}/case-file': {
    access: { who: 'staff', roles: INSPECTORS },
    request: async (ctx) => ({ path: `/v1/cage/officials/${await ctx.freshStaffId()}/case-file` }),
  },

  'GET /v1/firms': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/firms?limit=5' }) },
  'GET /v1/firms.csv': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/firms.csv' }) },
  'GET /v1/firms/{creditCode}': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}` }),
  },
  'GET /v1/firms/{creditCode}/records': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/records?limit=5` }),
  },
  'GET /v1/firms/{creditCode}/records.csv': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/records.csv` }),
  },

  'POST /v1/admin/firms': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({
      path: '/v1/admin/firms',
      body: {
        creditCode: ctx.newCreditCode(),
        name: `矩阵测试融资担保有限公司${ctx.unique()}`,
        kind: 'financing_guarantee',
        regionCode: '330108',
      },
    }),
  },
  'GET /v1/admin/staff': { access: { who: 'staff', roles: ADMIN }, request: () => ({ path: '/v1/admin/staff' }) },
  'POST /v1/admin/staff': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({
      path: '/v1/admin/staff',
      body: {
        username: `matrix.${ctx.unique()}`,
        displayName: '矩阵测试员',
        role: 'analyst',
        regionCode: '330100',
        password: 'matrix-password-2026',
      },
    }),
  },
  'POST /v1/admin/staff/{id}/disable': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({ path: `/v1/admin/staff/${await ctx.freshStaffId()}/disable` }),
  },
  'POST /v1/admin/staff/{id}/enable': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({ path: `/v1/admin/staff/${await ctx.freshStaffId()}/enable` }),
  },
  'PUT /v1/admin/staff/{id}/password': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({
      path: `/v1/admin/staff/${await ctx.freshStaffId()}/password`,
      body: { password: 'a-new-password-2026' },
    }),
  },
  'GET /v1/admin/contacts': { access: { who: 'staff', roles: ADMIN }, request: () => ({ path: '/v1/admin/contacts' }) },
  'PUT /v1/admin/staff/{id}/contact': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({
      path: `/v1/admin/staff/${await ctx.freshStaffId()}/contact`,
      body: { phone: '13800000099' },
    }),
  },
  'POST /v1/admin/offices': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({
      path: '/v1/admin/offices',
      body: {
        name: `矩阵测试区金融办${ctx.unique()}`,
        role: 'county_office',
        regionCode: '330105',
        phone: '057100000099',
      },
    }),
  },
  'PUT /v1/admin/offices/{id}': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({
      path: `/v1/admin/offices/${await ctx.freshOfficeId()}`,
      body: {
        name: '矩阵测试区政府总值班室',
        role: 'district_government',
        regionCode: '330105',
        phone: '057100000098',
      },
    }),
  },
  'PUT /v1/admin/firms/{creditCode}/licence-status': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({
      path: `/v1/admin/firms/${ctx.firmA.creditCode}/licence-status`,
      body: { licenceStatus: 'licensed' },
      headers: ctx.powerSignature,
    }),
  },
  'GET /v1/admin/firms/{creditCode}/api-keys': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({ path: `/v1/admin/firms/${ctx.firmA.creditCode}/api-keys` }),
  },
  'POST /v1/admin/firms/{creditCode}/api-keys': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({ path: `/v1/admin/firms/${ctx.firmA.creditCode}/api-keys`, body: { label: 'matrix' } }),
  },
  'DELETE /v1/admin/firms/{creditCode}/api-keys/{keyId}': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({ path: `/v1/admin/firms/${ctx.firmA.creditCode}/api-keys/${await ctx.freshKeyId()}` }),
  },
  'GET /v1/admin/agency-keys': {
    access: { who: 'staff', roles: ADMIN },
    request: () => ({ path: '/v1/admin/agency-keys' }),
  },
  'POST /v1/admin/agency-keys': {
    access: { who: 'staff', roles: ADMIN },
    request: () => ({ path: '/v1/admin/agency-keys', body: { agency: '矩阵测试法院', kinds: ['court_event'] } }),
  },
  'GET /v1/admin/firms/{creditCode}/signing-keys': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({ path: `/v1/admin/firms/${ctx.firmA.creditCode}/signing-keys` }),
  },
  'POST /v1/admin/firms/{creditCode}/signing-keys': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({
      path: `/v1/admin/firms/${ctx.firmA.creditCode}/signing-keys`,
      body: { algorithm: 'ed25519', publicKey: '11'.repeat(32), label: `matrix ${ctx.unique()}` },
    }),
  },
  'DELETE /v1/admin/firms/{creditCode}/signing-keys/{keyId}': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({
      path: `/v1/admin/firms/${ctx.firmA.creditCode}/signing-keys/${await ctx.freshSigningKeyId()}`,
    }),
  },
  'PUT /v1/admin/firms/{creditCode}/signature-policy': {
    access: { who: 'staff', roles: ADMIN },
    request: (ctx) => ({
      path: `/v1/admin/firms/${ctx.firmA.creditCode}/signature-policy`,
      body: { signaturesRequired: false },
    }),
  },
  'DELETE /v1/admin/agency-keys/{keyId}': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({ path: `/v1/admin/agency-keys/${await ctx.freshAgencyKeyId()}` }),
  },
  'POST /v1/ingest/gov/{kind}': {
    access: { who: 'agency' },
    request: (ctx) => ({
      path: '/v1/ingest/gov/court_event',
      body: examples.courtEvent({ eventId: `CRT-${ctx.unique()}` }),
    }),
  },
  'POST /v1/ingest/gov/{kind}/bulk': {
    access: { who: 'agency' },
    request: (ctx) => ({
      path: '/v1/ingest/gov/court_event/bulk',
      body: [examples.courtEvent({ eventId: `CRT-${ctx.unique()}` })],
    }),
  },

  'GET /v1/schemas': { access: { who: 'public' }, request: () => ({ path: '/v1/schemas' }) },
  'GET /v1/schemas/{kind}': { access: { who: 'public' }, request: () => ({ path: '/v1/schemas/p2p_report' }) },

  'GET /v1/alerts': {
    access: { who: 'staff', roles: 'any' },
    request: () => ({ path: '/v1/alerts?status=active&limit=5' }),
  },
  'GET /v1/alerts.csv': {
    access: { who: 'staff', roles: 'any' },
    request: () => ({ path: '/v1/alerts.csv?status=active' }),
  },
  'GET /v1/alerts/vapid-public-key': {
    access: { who: 'public' },
    request: () => ({ path: '/v1/alerts/vapid-public-key' }),
  },
  'POST /v1/alerts/push-subscriptions': {
    access: { who: 'staff', roles: 'any' },
    request: (ctx) => ({ path: '/v1/alerts/push-subscriptions', body: pushSubscription(ctx) }),
  },
  'GET /v1/alerts/{id}': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: async (ctx) => ({ path: `/v1/alerts/${await ctx.alertOfFirmA()}` }),
  },
  // A note: allowed in every status, so it repeats for every caller without moving the alert on.
  'POST /v1/alerts/{id}/actions': {
    access: { who: 'staff', roles: ALERT_ACTORS, scope: 'firm-404' },
    request: async (ctx, c) => ({
      path: `/v1/alerts/${await ctx.alertOfFirmA()}/actions`,
      body: { action: 'note', reason: `矩阵测试 ${c.name}` },
    }),
  },
  'POST /v1/alerts/{id}/contingency-tasks/{taskId}/complete': {
    access: { who: 'staff', roles: TASK_COMPLETERS, scope: 'firm-404' },
    request: async (ctx, c) => ({
      path: `/v1/alerts/${await ctx.freshRedAlertOfFirmA()}/contingency-tasks/on-site/complete`,
      body: { note: `矩阵测试 ${c.name}` },
    }),
  },
  'GET /v1/accountability': {
    access: { who: 'staff', roles: 'any' },
    request: () => ({ path: '/v1/accountability?limit=5' }),
  },
  'GET /v1/accountability.csv': {
    access: { who: 'staff', roles: 'any' },
    request: () => ({ path: '/v1/accountability.csv' }),
  },

  // The officials' mobile page: static, public (the page signs in through POST /v1/auth/token).
  'GET /m': { access: { who: 'public' }, request: () => ({ path: '/m' }) },
  'GET /m/alerts/{id}': {
    access: { who: 'public' },
    request: async (ctx) => ({ path: `/m/alerts/${await ctx.alertOfFirmA()}` }),
  },
  'GET /m/app.js': { access: { who: 'public' }, request: () => ({ path: '/m/app.js' }) },
  'GET /m/app.css': { access: { who: 'public' }, request: () => ({ path: '/m/app.css' }) },
  'GET /m/sw.js': { access: { who: 'public' }, request: () => ({ path: '/m/sw.js' }) },
  'GET /m/manifest.webmanifest': { access: { who: 'public' }, request: () => ({ path: '/m/manifest.webmanifest' }) },

  'GET /v1/firms/{creditCode}/assessments': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/assessments?limit=5` }),
  },
  'GET /v1/firms/{creditCode}/assessments.csv': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/assessments.csv` }),
  },
  'GET /v1/firms/{creditCode}/features': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/features` }),
  },
  'GET /v1/firms/{creditCode}/manual-scores': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/manual-scores` }),
  },
  'GET /v1/firms/{creditCode}/manual-scores.csv': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/manual-scores.csv` }),
  },
  'POST /v1/firms/{creditCode}/manual-scores': {
    access: { who: 'staff', roles: MANUAL_SCORERS, scope: 'firm-404' },
    request: (ctx) => ({
      path: `/v1/firms/${ctx.firmA.creditCode}/manual-scores`,
      body: { mode: 'adjust', value: 0, reason: '矩阵测试：不改变分数' },
    }),
  },
  'POST /v1/firms/{creditCode}/manual-scores/{id}/revoke': {
    access: { who: 'staff', roles: MANUAL_SCORERS, scope: 'firm-404' },
    request: async (ctx) => ({
      path: `/v1/firms/${ctx.firmA.creditCode}/manual-scores/${await ctx.freshManualScoreId()}/revoke`,
      body: { reason: '矩阵测试撤销' },
    }),
  },
  'GET /v1/firms/{creditCode}/findings': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/findings` }),
  },
  'POST /v1/firms/{creditCode}/findings': {
    access: { who: 'staff', roles: FINDING_RECORDERS, scope: 'firm-404' },
    // A guarantor's finding on a P2P platform: recorded and re-scored, yet no rule of firm A's kind reads it.
    request: (ctx) => ({
      path: `/v1/firms/${ctx.firmA.creditCode}/findings`,
      body: { code: 'guarantee_to_controller', source: '矩阵测试', note: '矩阵测试' },
    }),
  },
  'GET /v1/firms/{creditCode}/outcomes': {
    access: { who: 'staff', roles: 'any', scope: 'firm-404' },
    request: (ctx) => ({ path: `/v1/firms/${ctx.firmA.creditCode}/outcomes` }),
  },
  'POST /v1/firms/{creditCode}/outcomes': {
    access: { who: 'staff', roles: FINDING_RECORDERS, scope: 'firm-404' },
    request: (ctx) => ({
      path: `/v1/firms/${ctx.firmA.creditCode}/outcomes`,
      body: { outcome: 'case_filed', occurredOn: '2025-01-15', note: '矩阵测试：公安立案' },
    }),
  },
  'POST /v1/firms/{creditCode}/findings/{id}/close': {
    access: { who: 'staff', roles: FINDING_RECORDERS, scope: 'firm-404' },
    request: async (ctx) => ({
      path: `/v1/firms/${ctx.firmA.creditCode}/findings/${await ctx.freshFindingId()}/close`,
      body: { reason: '矩阵测试关闭' },
    }),
  },
  'GET /v1/ranking': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/ranking?limit=5' }) },
  'GET /v1/ranking.csv': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/ranking.csv' }) },
  'GET /v1/lists': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/lists' }) },
  'GET /v1/lists.csv': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/lists.csv' }) },
  'GET /v1/portal/grade': { access: { who: 'firm' }, request: () => ({ path: '/v1/portal/grade' }) },

  'GET /v1/rule-packs': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/rule-packs' }) },
  'GET /v1/rule-packs.csv': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/rule-packs.csv' }) },
  'GET /v1/rule-packs/{kind}/{version}': {
    access: { who: 'staff', roles: 'any' },
    request: async (ctx) => {
      const { kind, version } = await ctx.candidatePack();
      return { path: `/v1/rule-packs/${kind}/${version}` };
    },
  },
  'POST /v1/rule-packs': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => ({ path: '/v1/rule-packs', body: { yaml: await ctx.newPackYaml() } }),
  },
  'POST /v1/rule-packs/{kind}/{version}/dry-run': {
    access: { who: 'staff', roles: DRY_RUNNERS },
    request: async (ctx) => {
      const { kind, version } = await ctx.candidatePack();
      return { path: `/v1/rule-packs/${kind}/${version}/dry-run`, body: { dates: ['2025-01-31'] } };
    },
  },
  'POST /v1/rule-packs/{kind}/{version}/activate': {
    access: { who: 'staff', roles: ADMIN },
    request: async (ctx) => {
      const { kind, version } = await ctx.candidatePack();
      return { path: `/v1/rule-packs/${kind}/${version}/activate` };
    },
  },
  'GET /v1/models': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/models' }) },
  'GET /v1/models.csv': { access: { who: 'staff', roles: 'any' }, request: () => ({ path: '/v1/models.csv' }) },
  'GET /v1/models/{version}': {
    access: { who: 'staff', roles: 'any' },
    request: (ctx) => ({ path: `/v1/models/${ctx.modelVersion}` }),
  },
  // Promoting the served version again (with a comparison report of it) leaves the same model served.
  'POST /v1/models/{version}/activate': {
    access: { who: 'staff', roles: ['analyst', 'admin'] },
    request: (ctx) => ({
      path: `/v1/models/${ctx.modelVersion}/activate`,
      body: { comparisonId: ctx.modelComparisonId },
    }),
  },
  'GET /v1/model-comparisons/{id}': {
    access: { who: 'staff', roles: 'any' },
    request: (ctx) => ({ path: `/v1/model-comparisons/${ctx.modelComparisonId}` }),
  },
  'GET /v1/model-monitoring': {
    access: { who: 'staff', roles: 'any' },
    request: () => ({ path: '/v1/model-monitoring' }),
  },

  'GET /v1/reports/monthly': {
    access: { who: 'staff', roles: 'any', scope: 'region-403' },
    request: () => ({ path: '/v1/reports/monthly?region=330106&month=2025-01' }),
  },
};

/** Swagger UI and the document (once bootstrap serves them): public, whatever files the UI adds. */
export const PUBLIC_PREFIXES = ['GET /docs'];

/** The region of firm A (西湖区) and of the monthly report: who is outside it. */
const TARGET_REGION = '330106';

function regionCovers(scope: string, region: string): boolean {
  if (scope.endsWith('0000')) return region.startsWith(scope.slice(0, 2));
  if (scope.endsWith('00')) return region.startsWith(scope.slice(0, 4));
  return scope === region;
}

/** The status a caller must get: 'ok' (2xx), or the refusal 401, 403 or 404. */
export function expectedOutcome(access: Access, caller: Caller): 'ok' | 401 | 403 | 404 {
  switch (access.who) {
    case 'public':
      return 'ok';
    case 'staff-or-firm':
      return caller.kind === 'anonymous' ? 401 : 'ok';
    case 'agency':
      return caller.kind === 'firm' ? 403 : 401;
    case 'firm':
      if (caller.kind !== 'firm') return 401;
      return access.own && caller.name === 'firm B' ? 404 : 'ok';
    case 'staff': {
      if (caller.kind !== 'staff') return 401;
      if (access.roles !== 'any' && !access.roles.includes(caller.role)) return 403;
      const systemWide = caller.role === 'auditor' || caller.role === 'admin';
      if (access.scope && !systemWide && !regionCovers(caller.regionCode, TARGET_REGION))
        return access.scope === 'firm-404' ? 404 : 403;
      return 'ok';
    }
  }
}
