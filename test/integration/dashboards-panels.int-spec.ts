import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { Client } from 'pg';
import { parse as parseYaml } from 'yaml';
import { dashboardJson } from '../../dashboards/generate';
import { Dashboard, Panel, PromTarget, SqlExpectation, SqlTarget } from '../../dashboards/grafana-model';
import { allDashboards, EXTERNAL_METRICS, PENDING_METRICS, PENDING_TABLES } from '../../dashboards/risk-dashboards';
import { RunningApp } from '../../src/bootstrap';
import { FirmsService } from '../../src/firms/firms.service';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { RecordKind } from '../../src/ingest/schemas/records';
import { reportKindOf } from '../../src/firms/report-kinds';
import { FirmTrajectory, simulateTrajectories } from '../../src/ingest/simulator/firm-trajectory';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { chainEnv } from '../support/evidence';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '..', '..');
const DASHBOARDS_DIR = join(ROOT, 'dashboards');
const generated = allDashboards();
const committed = generated.map((g) => ({ ...g, json: readFileSync(join(DASHBOARDS_DIR, g.file), 'utf8') }));

// The tables the migrations create, read at collection time so pending panels are known up front.
const MIGRATED_TABLES = new Set(
  readdirSync(join(ROOT, 'src/platform/database/migrations'))
    .filter((f) => /\.ts$/.test(f))
    .flatMap((f) =>
      [
        ...readFileSync(join(ROOT, 'src/platform/database/migrations', f), 'utf8').matchAll(/CREATE TABLE "(\w+)"/g),
      ].map((m) => m[1]),
    ),
);

interface SqlPanelCase {
  file: string;
  panel: Panel;
  target: SqlTarget;
  expectation: SqlExpectation;
  missingTables: string[];
}

const sqlPanels: SqlPanelCase[] = committed.flatMap(({ file, json, expectations }) => {
  const dashboard = JSON.parse(json) as Dashboard;
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? [])
      .filter((t): t is SqlTarget => 'rawSql' in t)
      .map((target) => {
        const expectation = expectations.get(panel.id);
        if (!expectation)
          throw new Error(
            `${file}: panel ${panel.id} '${panel.title}' has SQL but generate.ts declares no expected columns for it`,
          );
        return {
          file,
          panel,
          target,
          expectation,
          missingTables: expectation.tables.filter((t) => !MIGRATED_TABLES.has(t)),
        };
      }),
  );
});

// A panel may wait for a table only if that table is explicitly pending; any other missing table fails.
const pendingPanels = sqlPanels.filter(
  (c) => c.missingTables.length > 0 && c.missingTables.every((t) => PENDING_TABLES.includes(t)),
);
const runnablePanels = sqlPanels.filter((c) => !pendingPanels.includes(c));

describe('Grafana dashboards', () => {
  describe('JSON files', () => {
    it.each(committed.map((c) => [c.file, c]))('should be what dashboards/generate.ts writes: %s', (_file, c) => {
      expect(c.json).toBe(dashboardJson(c.dashboard));
    });

    it('should validate every dashboard against the dashboard JSON Schema', () => {
      const ajv = new Ajv({ allErrors: true, strict: false });
      const validate = ajv.compile(JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'dashboard.schema.json'), 'utf8')));
      const problems = committed.flatMap(({ file, json }) =>
        validate(JSON.parse(json)) ? [] : (validate.errors ?? []).map((e) => `${file} ${e.instancePath}: ${e.message}`),
      );
      expect(problems).toEqual([]);
    });

    it('should have unique uids, unique panel ids and panels that stay on the grid without overlapping', () => {
      const problems: string[] = [];
      const uids = committed.map((c) => (JSON.parse(c.json) as Dashboard).uid);
      if (new Set(uids).size !== uids.length) problems.push(`duplicate uids: ${uids.join(', ')}`);
      for (const { file, json } of committed) {
        const panels = (JSON.parse(json) as Dashboard).panels;
        const ids = panels.map((p) => p.id);
        if (new Set(ids).size !== ids.length) problems.push(`${file}: duplicate panel ids`);
        for (const [i, a] of panels.entries()) {
          if (a.gridPos.x + a.gridPos.w > 24) problems.push(`${file}: '${a.title}' runs past column 24`);
          for (const b of panels.slice(i + 1)) {
            const overlap =
              a.gridPos.x < b.gridPos.x + b.gridPos.w &&
              b.gridPos.x < a.gridPos.x + a.gridPos.w &&
              a.gridPos.y < b.gridPos.y + b.gridPos.h &&
              b.gridPos.y < a.gridPos.y + a.gridPos.h;
            if (overlap) problems.push(`${file}: '${a.title}' overlaps '${b.title}'`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('should refer only to the datasources the provisioning file creates', () => {
      const provisioned = parseYaml(
        readFileSync(join(DASHBOARDS_DIR, 'provisioning/datasources/risk.yaml'), 'utf8'),
      ) as { datasources: Array<{ uid: string; type: string }> };
      const known = new Set(provisioned.datasources.map((d) => `${d.type}/${d.uid}`));
      const used = committed.flatMap(({ file, json }) =>
        (JSON.parse(json) as Dashboard).panels.flatMap((p) =>
          [p.datasource, ...(p.targets ?? []).map((t) => t.datasource)]
            .filter(Boolean)
            .map((d) => ({ file, title: p.title, ref: `${d!.type}/${d!.uid}` })),
        ),
      );
      expect(used.filter((u) => !known.has(u.ref))).toEqual([]);
      expect(known).toEqual(new Set(['grafana-postgresql-datasource/risk-pg', 'prometheus/risk-prom']));
    });

    it('should read only Prometheus metrics the service exposes, or ones listed as external or pending', () => {
      const exposed = metricNamesInSource(join(ROOT, 'src'));
      const unknown = committed.flatMap(({ file, json }) =>
        (JSON.parse(json) as Dashboard).panels.flatMap((p) =>
          (p.targets ?? [])
            .filter((t): t is PromTarget => 'expr' in t)
            .flatMap((t) => metricsInPromQl(t.expr))
            .filter((m) => !exposed.has(m) && !EXTERNAL_METRICS.includes(m) && !PENDING_METRICS.includes(m))
            .map((m) => `${file} '${p.title}': ${m}`),
        ),
      );
      expect(unknown).toEqual([]);
      // A pending metric that the service now exposes should leave the pending list.
      expect(PENDING_METRICS.filter((m) => exposed.has(m))).toEqual([]);
    });

    it('should list as pending only tables that no migration creates yet', () => {
      expect(PENDING_TABLES.filter((t) => MIGRATED_TABLES.has(t))).toEqual([]);
      expect(
        sqlPanels
          .filter((c) => !pendingPanels.includes(c) && c.missingTables.length > 0)
          .map((c) => `${c.file} '${c.panel.title}': ${c.missingTables.join(', ')}`),
      ).toEqual([]);
    });
  });

  describe('SQL panels against the migrated PostgreSQL', () => {
    let app: RunningApp | undefined;
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let client: Client;
    let vars: Record<string, string[]>;
    const range = { from: new Date(Date.now() - 3 * 365 * 86_400_000), to: new Date(Date.now() + 86_400_000) };

    beforeAll(async () => {
      db = await createTestDatabase();
      app = await startTestApp({
        ...chainEnv(db.url).env,
        ID_HASH_KEY: randomBytes(32).toString('hex'),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'dashboards-')),
      });
      const trajectories = simulateTrajectories({
        seed: 20260,
        firms: 6,
        months: 12,
        startMonth: monthsAgo(13),
        deterioratingShare: 0.5,
      });
      await ingestThroughIntake(app, trajectories);
      client = new Client({ connectionString: db.url });
      await client.connect();
      // The anchor role sequences, signs and anchors every leaf on the real validators.
      await waitFor(
        'every evidence leaf to be anchored on the chain',
        async () => {
          const [row] = (
            await client.query(
              `SELECT (SELECT count(*) FROM evidence_leaves)::int AS leaves, (SELECT coalesce(max(tree_size), 0) FROM evidence_anchors)::int AS anchored`,
            )
          ).rows;
          return row.anchored > 0 && row.anchored >= row.leaves;
        },
        90_000,
        500,
      );
      // Stop the roles before adding alert history by hand, so no worker acts on it meanwhile.
      await app.close();
      app = undefined;
      await seedAlertHistory(client);
      await seedTamperFinding(client);
      vars = {};
      for (const { dashboard } of generated) {
        for (const v of dashboard.templating.list) {
          const rows = (await client.query(expand(v.query, range, {}))).rows as Array<{ __value: string }>;
          vars[v.name] = v.multi ? rows.map((r) => r.__value) : [firmWithMostData(rows, await busiestFirm(client))];
        }
      }
    }, 180_000);

    afterAll(async () => {
      await app?.close();
      await client?.end();
      await db?.drop();
    });

    it.each(generated.flatMap((g) => g.dashboard.templating.list.map((v) => [g.file, v.name, v.query])))(
      'should return __text and __value from the %s variable $%s',
      async (_file, _name, query) => {
        const result = await client.query(expand(query, range, {}));
        expect(result.fields.map((f) => f.name)).toEqual(['__text', '__value']);
        expect(result.rows.length).toBeGreaterThan(0);
      },
    );

    it.each(runnablePanels.map((c) => [`${c.file} «${c.panel.title}»`, c]))(
      'should return the expected columns for %s',
      async (_name, c) => {
        const sql = expand(c.target.rawSql, range, vars);
        const result = await client.query(sql);
        expect(result.fields.map((f) => f.name)).toEqual(c.expectation.columns);
        if (!c.expectation.mayBeEmpty) expect(result.rows.length).toBeGreaterThan(0);
        if (c.target.format === 'time_series') expect(result.fields[0].name).toBe('time');
      },
    );

    // Explicitly named: these panels read a table that is still being added (PENDING_TABLES).
    if (pendingPanels.length > 0)
      it.skip.each(pendingPanels.map((c) => [`${c.file} «${c.panel.title}»`, c.missingTables.join(', ')]))(
        'PENDING %s: table %s not migrated yet',
        () => undefined,
      );
  });
});

// --- the Grafana side: macros and variables as the PostgreSQL datasource expands them -------------

/** Expands the Grafana macros and template variables our panels use, as Grafana's PostgreSQL datasource does. */
function expand(sql: string, range: { from: Date; to: Date }, vars: Record<string, string[]>): string {
  const literal = (d: Date) => `'${d.toISOString()}'`;
  let out = sql
    .replace(
      /\$__timeFilter\(([^)]+)\)/g,
      (_m, col: string) => `${col.trim()} BETWEEN ${literal(range.from)} AND ${literal(range.to)}`,
    )
    .replace(/\$__timeFrom\(\)/g, literal(range.from))
    .replace(/\$__timeTo\(\)/g, literal(range.to))
    .replace(/\$__timeGroupAlias\(([^,]+),\s*'?(\d+)([smhd])'?\)/g, (_m, col: string, n: string, u: string) => {
      const seconds = Number(n) * { s: 1, m: 60, h: 3600, d: 86400 }[u as 's' | 'm' | 'h' | 'd'];
      return `floor(extract(epoch from ${col.trim()})/${seconds})*${seconds} AS "time"`;
    });
  // '$firm' (single value, quoted in the SQL) and ($region) (multi value: Grafana quotes and joins).
  out = out.replace(/\$([a-zA-Z_]\w*)/g, (m, name: string) => {
    if (!(name in vars)) return m;
    const values = vars[name];
    return out.includes(`'$${name}'`) ? values[0] : values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
  });
  const left = out.match(/\$[a-zA-Z_]\w*/);
  if (left) throw new Error(`unexpanded ${left[0]} in:\n${out}`);
  return out;
}

function metricsInPromQl(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without)\s*\([^)]*\)/g, ' ');
  const keywords = new Set([
    'sum',
    'max',
    'min',
    'avg',
    'count',
    'rate',
    'increase',
    'histogram_quantile',
    'clamp_min',
    'by',
    'without',
    'le',
  ]);
  return [...stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)]
    .filter((m) => !m[2] && !keywords.has(m[1]))
    .map((m) => m[1].replace(/_(bucket|sum|count)$/, ''));
}

function metricNamesInSource(dir: string): Set<string> {
  const names = new Set<string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(
          /metrics\s*\.(?:counter|gauge|histogram)\(\s*'([a-z_:][a-z0-9_:]*)'/g,
        ))
          names.add(m[1]);
      }
    }
  };
  walk(dir);
  return names;
}

// --- seed data: simulated firms through the intake path, then realistic alert history ------------

function monthsAgo(n: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}

async function ingestThroughIntake(app: RunningApp, trajectories: FirmTrajectory[]): Promise<void> {
  const firms = app.app.get(FirmsService);
  const intake = app.app.get(RecordIntakeService, { strict: false });
  for (const t of trajectories) {
    await firms.register({
      creditCode: t.firm.creditCode,
      name: t.firm.name,
      kind: t.firm.kind,
      regionCode: t.firm.regionCode,
    });
    const items: Array<{ kind: RecordKind; value: unknown }> = [{ kind: 'key_persons', value: t.keyPersons }];
    for (const m of t.months) {
      items.push({ kind: reportKindOf(t.firm.kind), value: m.report });
      items.push(...m.contracts.map((value) => ({ kind: 'contract' as const, value })));
      items.push(...m.registry.map((value) => ({ kind: 'registry_event' as const, value })));
      items.push(...m.tax.map((value) => ({ kind: 'tax_event' as const, value })));
      items.push(...m.court.map((value) => ({ kind: 'court_event' as const, value })));
      items.push(...m.socialSecurity.map((value) => ({ kind: 'social_security_event' as const, value })));
      items.push(...m.sentiment.map((value) => ({ kind: 'sentiment_item' as const, value })));
    }
    const results = await intake.accept(
      items.map((item, i) => ({ ...item, sourceRef: `dashboards-test/${t.firm.creditCode}/${i}` })),
      { source: 'http' },
    );
    const refused = results.filter((r) => r.status !== 'accepted' && r.status !== 'duplicate');
    // Sentiment that names no single firm is legitimately not attributed; anything else is a seeding bug.
    const unexpected = refused.filter((r) => r.kind !== 'sentiment_item');
    if (unexpected.length) throw new Error(`intake refused seed records: ${JSON.stringify(unexpected.slice(0, 3))}`);
  }
}

async function busiestFirm(client: Client): Promise<string> {
  const { rows } = await client.query(
    `SELECT firm_id FROM ingest_records GROUP BY firm_id ORDER BY count(*) FILTER (WHERE kind = 'sentiment_item') DESC, count(*) DESC LIMIT 1`,
  );
  return rows[0].firm_id;
}

function firmWithMostData(rows: Array<{ __value: string }>, busiest: string): string {
  return rows.some((r) => r.__value === busiest) ? busiest : rows[0].__value;
}

const HOUR = 3_600_000;

/** Alerts with a realistic history: opened, acknowledged late or on time, escalated, a red one with its plan. */
async function seedAlertHistory(client: Client): Promise<void> {
  const { rows: firms } = await client.query(`SELECT id, name, region_code FROM firms ORDER BY credit_code`);
  const now = Date.now();
  const specs = [
    {
      tier: 'red',
      cause: 'rule:P2P-07',
      status: 'acknowledged',
      openedHoursAgo: 30,
      ackAfterHours: 0.5,
      escalated: false,
      text: '提现最长延迟 12 天，超过 5 天的监管红线',
    },
    {
      tier: 'orange',
      cause: 'score_band',
      status: 'open',
      openedHoursAgo: 50,
      ackAfterHours: null,
      escalated: true,
      text: '综合风险评分 81，进入橙色区间',
    },
    {
      tier: 'yellow',
      cause: 'rule:MC-05',
      status: 'in_progress',
      openedHoursAgo: 24 * 6,
      ackAfterHours: 30,
      escalated: false,
      text: '新发放贷款综合成本超过 24% 的笔数占比 8%',
    },
    {
      tier: 'blue',
      cause: 'rule:FG-03',
      status: 'resolved',
      openedHoursAgo: 24 * 20,
      ackAfterHours: 70,
      escalated: false,
      text: '为关联方担保余额占净资产 4.2%',
    },
    {
      tier: 'red',
      cause: 'evidence_tampered',
      status: 'open',
      openedHoursAgo: 3,
      ackAfterHours: null,
      escalated: true,
      text: '存证数据被篡改：报送记录与存证叶子不一致',
    },
  ];
  for (const [i, s] of specs.entries()) {
    // The running service has already opened alerts of its own from the seeded reports: take a
    // firm that has no open alert of this cause, as the one-open-alert-per-cause rule requires.
    const { rows: taken } = await client.query(
      `SELECT firm_id FROM alerts WHERE cause_key = $1 AND status NOT IN ('resolved', 'false_positive')`,
      [s.cause],
    );
    const busy = new Set(taken.map((r: { firm_id: string }) => r.firm_id));
    const firm = [...firms.slice(i % firms.length), ...firms].find((f) => !busy.has(f.id)) ?? firms[i % firms.length];
    const id = randomUUID();
    const openedAt = new Date(now - s.openedHoursAgo * HOUR);
    const ackHours = { red: 1, orange: 24, yellow: 72, blue: 120 }[s.tier]!;
    const deadline = s.status === 'open' ? new Date(openedAt.getTime() + ackHours * HOUR) : null;
    const reasons = [{ ruleId: s.cause.startsWith('rule:') ? s.cause.slice(5) : null, text: s.text }];
    await client.query(
      `INSERT INTO alerts (id, firm_id, cause_key, tier, status, veto, reasons, region_code, opened_at, deadline_at, escalation_level, updated_at, version, last_assessment_id, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $9, 1, $12, $13)`,
      [
        id,
        firm.id,
        s.cause,
        s.tier,
        s.status,
        s.cause === 'rule:P2P-07',
        JSON.stringify(reasons),
        firm.region_code,
        openedAt,
        deadline,
        s.escalated ? 1 : 0,
        `assessment-${i}`,
        JSON.stringify({
          id,
          firmId: firm.id,
          firmName: firm.name,
          firmRegionCode: firm.region_code,
          causeKey: s.cause,
          tier: s.tier,
          status: s.status,
          reasons,
          history: [],
        }),
      ],
    );
    const event = async (
      kind: string,
      action: string,
      at: Date,
      from: string | null,
      to: string | null,
      actor: object,
      staffId: string | null,
      reason: string | null = null,
    ) => {
      const eventId = randomUUID();
      await client.query(
        `INSERT INTO alert_events (id, alert_id, alert_version, kind, action, from_status, to_status, tier, actor_staff_id, actor, at, reason, payload) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)`,
        [eventId, id, kind, action, from, to, s.tier, staffId, JSON.stringify(actor), at, reason],
      );
      return eventId;
    };
    const system = { kind: 'system', component: 'alert-policy' };
    const officer = {
      kind: 'staff',
      staffId: `staff-${i}`,
      name: ['王磊', '李娜', '张伟', '刘洋', '陈静'][i],
      role: 'county_officer',
    };
    const opened = await event('system', 'open', openedAt, null, 'open', system, null);
    await client.query(
      `INSERT INTO alert_deliveries (id, alert_id, event_id, recipient_id, channel, masked_target, status, attempts, last_error, attempt_log, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        randomUUID(),
        id,
        opened,
        officer.staffId,
        i % 2 ? 'sms' : 'wecom',
        i % 2 ? '138****0000' : 'https://qyapi.weixin.qq.com/…',
        i === 1 ? 'failed' : 'delivered',
        i === 1 ? 3 : 1,
        i === 1 ? 'gateway timeout' : null,
        '[]',
        openedAt,
      ],
    );
    if (s.ackAfterHours !== null)
      await event(
        'action',
        'acknowledge',
        new Date(openedAt.getTime() + s.ackAfterHours * HOUR),
        'open',
        'acknowledged',
        officer,
        officer.staffId,
      );
    if (s.escalated) {
      const lapsedAt = new Date(openedAt.getTime() + ackHours * HOUR);
      await event(
        'system',
        'escalate',
        lapsedAt,
        'open',
        'open',
        { kind: 'system', component: 'escalation' },
        null,
        '确认超时，升级至科长',
      );
      await client.query(
        `INSERT INTO accountability_records (id, alert_id, firm_id, region_code, tier, deadline_at, detected_at, late_by_ms, escalation_level, responsible_role, responsible_region_code, responsible, escalated_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 'county_officer', $4, $9, $10)`,
        [
          randomUUID(),
          id,
          firm.id,
          firm.region_code,
          s.tier,
          lapsedAt,
          new Date(lapsedAt.getTime() + 60_000),
          60_000,
          JSON.stringify(i === 1 ? [{ staffId: officer.staffId, name: officer.name }] : []),
          JSON.stringify({ tier: s.tier, escalationLevel: 1, role: 'section_head', regionCode: '330100' }),
        ],
      );
    }
    if (s.tier === 'red') {
      const planId = randomUUID();
      await client.query(
        `INSERT INTO contingency_plans (id, alert_id, template_id, name, opened_at) VALUES ($1, $2, 'p2p-run', '网贷机构挤兑风险应急预案', $3)`,
        [planId, id, openedAt],
      );
      for (const [taskId, title, dueHours] of [
        ['phone-report', '1小时内电话报告', 1],
        ['written-report', '2小时内书面报告', 2],
        ['on-site', '现场核查', 24],
      ] as const) {
        const done = taskId === 'phone-report';
        await client.query(
          `INSERT INTO contingency_tasks (id, plan_id, task_id, title, owner_role, owner_region_code, owner_staff_ids, due_at, status, completed_at) VALUES ($1, $2, $3, $4, 'county_officer', $5, $6, $7, $8, $9)`,
          [
            randomUUID(),
            planId,
            taskId,
            title,
            firm.region_code,
            JSON.stringify([officer.staffId]),
            new Date(openedAt.getTime() + dueHours * HOUR),
            done ? 'done' : 'pending',
            done ? new Date(openedAt.getTime() + 0.5 * HOUR) : null,
          ],
        );
      }
    }
  }
}

async function seedTamperFinding(client: Client): Promise<void> {
  const { rows } = await client.query(
    `SELECT id, record_kind, record_id, content_hash FROM evidence_leaves ORDER BY id LIMIT 1`,
  );
  await client.query(
    `INSERT INTO evidence_tamper_findings (leaf_id, record_kind, record_id, expected_hash, actual_hash) VALUES ($1, $2, $3, $4, $5)`,
    [rows[0].id, rows[0].record_kind, rows[0].record_id, rows[0].content_hash, randomBytes(32)],
  );
}
