import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlertsService } from '../../src/alerts/alerts.service';
import { AlertsDirectoryService } from '../../src/alerts/directory/alerts-directory.service';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { creditCodeCheckChar } from '../../src/firms/credit-code';
import { AgencyApiKeysService } from '../../src/ingest/keys/agency-api-keys.service';
import { FirmApiKeysService } from '../../src/ingest/keys/firm-api-keys.service';
import { examples } from '../../src/ingest/schemas/examples';
import { FindingsService } from '../../src/scoring/findings.service';
import { ManualScoresService } from '../../src/scoring/manual-scores.service';
import { ModelRegistry } from '../../src/scoring/model-registry.service';
import { RulePacksService } from '../../src/scoring/rule-packs.service';
import { assessmentSignal } from '../support/alerts-app';
import { allCallers, call, Caller } from '../support/api-callers';
import { expectedOutcome, PUBLIC_PREFIXES, ROUTE_TABLE, RouteContext } from '../support/api-route-table';
import { servedRoutes } from '../support/api-routes';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { push, registerExampleFirms, TestFirm } from '../support/ingest';
import { waitFor } from '../support/wait-for';
import { SigningKeysService } from '../../src/ingest/signing/signing-keys.service';
import { ed25519 } from '@noble/curves/ed25519';
import { signCosignature, splitNote } from '../../src/evidence-chain/witness/cosignature';

describe('API access matrix', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let callers: Caller[];
  let ctx: RouteContext;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, INGEST_RATE_LIMIT: '1000', ANCHOR_INTERVAL_MS: '200' });
    const firms = await registerExampleFirms(app.app);
    // Firm A: the p2p firm of 西湖区 330106; firm B: the guarantee firm of 拱墅区 330105.
    const [firmA, firmB] = [firms.p2p, firms.guarantee];
    callers = await allCallers(app, firmA, firmB);
    const pushed = await push(
      app.url,
      '/v1/ingest/p2p_report',
      firmA.key,
      examples.p2pReport({ reportId: 'MATRIX-A' }),
    );
    expect(pushed.status).toBe(201);
    const [stored] = await app.app
      .get(DataSource)
      .query(`SELECT payload FROM ingest_records WHERE id = $1`, [pushed.body.id]);
    const receiptA = await waitFor("the receipt of firm A's record", async () => {
      const answer = await call(
        app.url,
        callers.find((c) => c.name === 'firm A')!,
        'GET',
        `/v1/evidence/receipts/p2p_report/${pushed.body.id}`,
      );
      return answer.status === 200 ? answer.body : null;
    });
    let n = 0;
    const keys = app.app.get(FirmApiKeysService);
    // Objects the alert, scoring and rule pack routes act on, made through the real services.
    const alerts = app.app.get(AlertsService);
    let alertA: Promise<string> | null = null;
    const raiseAlertOfFirmA = async () => {
      const raised = await alerts.onSignal(
        assessmentSignal({
          firmId: firmA.id,
          cause: { kind: 'rule', ruleId: 'P2P-01' },
          tier: 'blue',
          reasons: [{ ruleId: 'P2P-01', text: '同一自然人借款余额超过上限', value: '250000', threshold: '200000' }],
          periodId: '2025-01',
          assessedAt: new Date(),
        }),
      );
      expect(raised.alert?.id).toBeDefined();
      return raised.alert!.id;
    };
    const raiseRedAlertOfFirmA = async () => {
      const raised = await alerts.onSignal(
        assessmentSignal({
          firmId: firmA.id,
          cause: { kind: 'rule', ruleId: `MATRIX-RED-${n++}` },
          tier: 'red',
          reasons: [{ ruleId: 'EW-01', text: '实际控制人失联', value: 'true', threshold: 'false', veto: true }],
          veto: true,
          periodId: '2025-01',
          assessedAt: new Date(),
        }),
      );
      expect(raised.alert?.tier).toBe('red');
      return raised.alert!.id;
    };
    const manualScores = app.app.get(ManualScoresService);
    const findings = app.app.get(FindingsService);
    const staffDirectory = app.app.get(StaffDirectoryService);
    const contacts = app.app.get(AlertsDirectoryService);
    const analyst = (await staffDirectory.findByUsername('demo.analyst'))!;
    const admin = (await staffDirectory.findByUsername('demo.admin'))!;
    const packs = app.app.get(RulePacksService);
    const bundledYaml = (await packs.get('micro_loan', 1)).yaml;
    const packWithVersion = (version: number) => bundledYaml.replace(/^version: 1$/m, `version: ${version}`);
    let nextPackVersion = 100;
    let candidate: Promise<{ kind: string; version: number }> | null = null;
    const [model] = app.app
      .get(ModelRegistry)
      .list()
      .filter((m) => m.active);
    expect(model).toBeDefined();
    const modelComparisonId = randomUUID();
    await app.app
      .get(DataSource)
      .query(
        `INSERT INTO model_comparisons (id, candidate_version, window_from, window_to, horizon_months, monotone, report) VALUES ($1, $2, '2025-04-30', '2025-09-30', 3, true, '{}')`,
        [modelComparisonId, model.version],
      );
    // Each firm's witness key, registered once; the note is whatever checkpoint is latest when asked.
    const witnessKeys = new Map<string, Uint8Array>();
    const witnessKeyOf = async (firm: TestFirm) => {
      if (!witnessKeys.has(firm.id)) {
        const secret = ed25519.utils.randomPrivateKey();
        await app.app.get(SigningKeysService).register(firm.id, {
          algorithm: 'ed25519',
          publicKey: ed25519.getPublicKey(secret),
          validFrom: new Date(Date.now() - 60_000),
        });
        witnessKeys.set(firm.id, secret);
      }
      return witnessKeys.get(firm.id)!;
    };
    ctx = {
      cosignatureBy: async (caller) => {
        const firm = caller.kind === 'firm' ? caller.firm : firmA;
        const secret = await witnessKeyOf(firm);
        const checkpoint = await waitFor(
          'a checkpoint note',
          async () => {
            const response = await fetch(`${app.url}/v1/evidence/checkpoints/latest`);
            return response.ok ? response.text() : undefined;
          },
          20_000,
        );
        return {
          checkpoint,
          cosignature: signCosignature(splitNote(checkpoint).body, `witness.${firm.creditCode}`, secret),
        };
      },
      firmA,
      firmB,
      recordA: { kind: 'p2p_report', id: pushed.body.id, payload: stored.payload },
      receiptA,
      unique: () => `${Date.now().toString(36)}${(n++).toString(36)}`,
      newCreditCode: () => {
        const body = `91330108MA${String(1_000_000 + n++)
          .slice(1)
          .padStart(7, '0')}`;
        return body + creditCodeCheckChar(body);
      },
      freshKeyId: async () => (await keys.issue(firmA.id, 'to revoke')).id,
      freshSigningKeyId: async () =>
        (
          await app.app
            .get(SigningKeysService)
            .register(firmA.id, { algorithm: 'ed25519', publicKey: randomBytes(32), label: 'to revoke' })
        ).keyId,
      freshAgencyKeyId: async () =>
        (
          await app.app
            .get(AgencyApiKeysService)
            .issue({ agency: '矩阵测试税务局', kinds: ['tax_event'], label: 'to revoke' })
        ).id,
      freshStaffId: async () =>
        (
          await staffDirectory.create({
            username: `fresh.${randomUUID().slice(0, 8)}`,
            displayName: '矩阵测试员',
            role: 'analyst',
            regionCode: '330100',
            password: 'matrix-password-2026',
          })
        ).id,
      freshOfficeId: () =>
        contacts.addOffice({
          name: '矩阵测试区金融办',
          role: 'county_office',
          regionCode: '330105',
          phone: '057100000097',
        }),
      alertOfFirmA: () => (alertA ??= raiseAlertOfFirmA()),
      freshRedAlertOfFirmA: raiseRedAlertOfFirmA,
      freshManualScoreId: async () =>
        (await manualScores.add(firmA.id, analyst, { mode: 'adjust', value: 0, reason: '矩阵测试：待撤销' })).id,
      freshFindingId: async () =>
        (
          await findings.confirm(firmA.id, analyst, {
            code: 'guarantee_to_controller',
            source: '矩阵测试',
            note: '矩阵测试：待关闭',
          })
        ).id,
      newPackYaml: async () => packWithVersion(nextPackVersion++),
      candidatePack: () =>
        (candidate ??= packs.upload(packWithVersion(2), admin.id).then((p) => ({ kind: p.pack, version: p.version }))),
      modelVersion: model.version,
      modelComparisonId,
      powerSignature: {
        'x-power-reason': encodeURIComponent('矩阵测试'),
        'x-power-approver': (
          callers.find((c) => c.kind === 'staff' && c.role === 'section_head') as Extract<Caller, { kind: 'staff' }>
        ).token,
      },
    };
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should have an entry in the route table for every route the app serves', () => {
    const served = servedRoutes(app.app);
    expect(served.length).toBeGreaterThan(20);
    const missing = served.filter(
      (route) => !ROUTE_TABLE[route] && !PUBLIC_PREFIXES.some((p) => route === p || route.startsWith(`${p}/`)),
    );
    expect(missing).toEqual([]);
    // And the table lists nothing the app does not serve (a stale entry hides a renamed route).
    expect(Object.keys(ROUTE_TABLE).filter((route) => !served.includes(route))).toEqual([]);
  });

  it('should allow or refuse every route for every caller exactly as the route table says', async () => {
    const mismatches: string[] = [];
    const rows: string[] = [];
    for (const route of servedRoutes(app.app)) {
      const entry = ROUTE_TABLE[route];
      if (!entry) continue; // docs routes: public, checked in api-openapi
      const [method] = route.split(' ');
      const cells: string[] = [];
      for (const caller of callers) {
        const request = await entry.request(ctx, caller);
        const answer = await call(app.url, caller, method, request.path, request.body, request.headers);
        const expected = expectedOutcome(entry.access, caller);
        const ok = expected === 'ok' ? answer.status < 400 : answer.status === expected;
        cells.push(`${caller.name}=${answer.status}`);
        if (!ok)
          mismatches.push(
            `${route} as ${caller.name}: expected ${expected}, got ${answer.status} ${answer.text.slice(0, 200)}`,
          );
        // Every refusal is problem+json (RFC 9457).
        if (answer.status >= 400) expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      rows.push(`${route}: ${cells.join(' ')}`);
    }
    expect(mismatches).toEqual([]);
    if (process.env.API_MATRIX_PRINT) console.log(rows.join('\n'));
    expect(rows.length).toBe(Object.keys(ROUTE_TABLE).length);
  });
});
