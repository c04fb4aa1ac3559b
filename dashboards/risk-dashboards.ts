// The bureau's Grafana dashboards, as code. `node -r @swc-node/register dashboards/generate.ts`
// writes them to dashboards/*.json; test/integration/dashboards-panels.int-spec.ts runs every SQL
// panel against the migrated database and checks the JSON against the dashboard schema.
//
// SQL panels read the PostgreSQL tables (datasource uid risk-pg); the pipeline panels read
// Prometheus (uid risk-prom), which scrapes each role's /metrics.
import { inspectorsDashboard } from './cage-dashboard';
import {
  Dashboard,
  DashboardBuilder,
  OPEN_STATUSES_SQL,
  queryVariable,
  SqlExpectation,
  TemplateVariable,
  TIER_ORDER_SQL,
  tierColourOverrides,
  unit,
} from './grafana-model';

/**
 * Tables some panels read that no migration creates yet (none today).
 * The panel test skips exactly the panels needing them, by name, while they are missing.
 */
export const PENDING_TABLES: string[] = [];

/** Metrics the panels read that the service does not expose yet (see docs/operations.md). */
export const PENDING_METRICS: string[] = [];

/** Metrics from outside the service: Prometheus itself, prom-client defaults, the Kafka exporter. */
export const EXTERNAL_METRICS = [
  'up',
  'process_resident_memory_bytes',
  'process_cpu_seconds_total',
  'nodejs_eventloop_lag_p99_seconds',
  'kafka_consumergroup_lag',
];

export interface GeneratedDashboard {
  file: string;
  dashboard: Dashboard;
  /** By panel id: what the SQL panel must return. */
  expectations: Map<number, SqlExpectation>;
}

const TAGS = ['risk-surveillance'];
const KIND_NAMES_SQL = `CASE f.kind WHEN 'p2p_lending' THEN '网络借贷 P2P' WHEN 'micro_loan' THEN '小额贷款 micro-loan' ELSE '融资担保 guarantee' END`;
const REPORT_KINDS_SQL = `('p2p_report', 'micro_loan_report', 'guarantee_report')`;
const GOV_KINDS_SQL = `('registry_event', 'tax_event', 'court_event', 'social_security_event')`;
// The latest assessment of every firm.
const LATEST_ASSESSMENT_SQL = `SELECT DISTINCT ON (firm_id) * FROM assessments ORDER BY firm_id, as_of DESC, assessed_at DESC`;

const regionVariable: TemplateVariable = queryVariable({
  name: 'region',
  label: '区县 Region',
  sql: 'SELECT DISTINCT region_code AS __text, region_code AS __value FROM firms ORDER BY 1',
  multi: true,
  includeAll: true,
});

export function overviewDashboard(): GeneratedDashboard {
  const b = new DashboardBuilder({
    uid: 'risk-overview',
    title: '地方金融风险监测大屏 · Risk overview (big screen)',
    description:
      '全市监管对象风险态势：分级分布、风险走势、未处置预警、风险排名、新触发规则。Citywide risk at a glance for the wall screen.',
    tags: [...TAGS, 'overview'],
    refresh: '30s',
    time: { from: 'now-90d', to: 'now' },
    templating: { list: [regionVariable] },
  });
  b.sql({
    type: 'stat',
    title: '在管机构 Supervised firms',
    w: 4,
    h: 4,
    tables: ['firms'],
    columns: ['value'],
    sql: `SELECT count(*) AS value FROM firms WHERE licence_status = 'licensed' AND region_code IN ($region)`,
  })
    .sql({
      type: 'stat',
      title: '未处置预警 Open alerts',
      w: 4,
      h: 4,
      tables: ['alerts'],
      columns: ['value'],
      sql: `SELECT count(*) AS value FROM alerts WHERE status IN ${OPEN_STATUSES_SQL} AND region_code IN ($region)`,
    })
    .sql({
      type: 'stat',
      title: '红色预警 Red alerts open',
      w: 4,
      h: 4,
      tables: ['alerts'],
      columns: ['value'],
      fieldConfig: { defaults: { color: { mode: 'fixed', fixedColor: 'red' } }, overrides: [] },
      sql: `SELECT count(*) AS value FROM alerts WHERE tier = 'red' AND status IN ${OPEN_STATUSES_SQL} AND region_code IN ($region)`,
    })
    .sql({
      type: 'stat',
      title: '超时未确认 Overdue acknowledgements',
      w: 4,
      h: 4,
      tables: ['alerts'],
      columns: ['value'],
      fieldConfig: {
        defaults: {
          thresholds: {
            mode: 'absolute',
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 1 },
            ],
          },
        },
        overrides: [],
      },
      sql: `SELECT count(*) AS value FROM alerts WHERE status = 'open' AND deadline_at < now() AND region_code IN ($region)`,
    })
    .sql({
      type: 'stat',
      title: '区间新增预警 Alerts opened in range',
      w: 4,
      h: 4,
      tables: ['alerts'],
      columns: ['value'],
      sql: `SELECT count(*) AS value FROM alerts WHERE $__timeFilter(opened_at) AND region_code IN ($region)`,
    })
    .sql({
      type: 'stat',
      title: '区间报送 Records received in range',
      w: 4,
      h: 4,
      tables: ['ingest_records', 'firms'],
      columns: ['value'],
      sql: `SELECT count(*) AS value FROM ingest_records r JOIN firms f ON f.id = r.firm_id WHERE $__timeFilter(r.received_at) AND f.region_code IN ($region)`,
    });

  b.row('风险分布 Distribution')
    .sql({
      type: 'barchart',
      title: '各区县机构风险分级 Firms by tier and region',
      description: "每家机构最新一次评估的预警等级。The tier of each firm's latest assessment.",
      w: 12,
      h: 9,
      tables: ['firms', 'assessments'],
      columns: ['region', 'blue', 'yellow', 'orange', 'red', 'unassessed'],
      options: {
        stacking: 'normal',
        xField: 'region',
        legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      },
      fieldConfig: { defaults: {}, overrides: tierColourOverrides() },
      sql: `
        WITH latest AS (${LATEST_ASSESSMENT_SQL})
        SELECT f.region_code AS region,
               count(*) FILTER (WHERE l.tier = 'blue') AS blue,
               count(*) FILTER (WHERE l.tier = 'yellow') AS yellow,
               count(*) FILTER (WHERE l.tier = 'orange') AS orange,
               count(*) FILTER (WHERE l.tier = 'red') AS red,
               count(*) FILTER (WHERE l.tier IS NULL) AS unassessed
        FROM firms f LEFT JOIN latest l ON l.firm_id = f.id
        WHERE f.licence_status = 'licensed' AND f.region_code IN ($region)
        GROUP BY f.region_code ORDER BY f.region_code`,
    })
    .sql({
      type: 'barchart',
      title: '各区县机构类型 Firms by kind and region',
      w: 12,
      h: 9,
      tables: ['firms'],
      columns: ['region', '网络借贷 P2P', '小额贷款 micro-loan', '融资担保 guarantee'],
      options: { stacking: 'normal', xField: 'region' },
      sql: `
        SELECT region_code AS region,
               count(*) FILTER (WHERE kind = 'p2p_lending') AS "网络借贷 P2P",
               count(*) FILTER (WHERE kind = 'micro_loan') AS "小额贷款 micro-loan",
               count(*) FILTER (WHERE kind = 'financing_guarantee') AS "融资担保 guarantee"
        FROM firms WHERE licence_status = 'licensed' AND region_code IN ($region)
        GROUP BY region_code ORDER BY region_code`,
    });

  b.row('风险走势 Trend')
    .sql({
      type: 'timeseries',
      title: '风险评分走势 Risk score trend',
      w: 12,
      h: 9,
      format: 'time_series',
      tables: ['assessments', 'firms'],
      columns: ['time', '平均 mean', '最高 max', '红色机构 red firms'],
      fieldConfig: {
        defaults: { min: 0 },
        overrides: [
          {
            matcher: { id: 'byName', options: '红色机构 red firms' },
            properties: [
              { id: 'custom.axisPlacement', value: 'right' },
              { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } },
            ],
          },
        ],
      },
      sql: `
        SELECT $__timeGroupAlias(a.as_of, '1d'),
               round(avg(a.risk_score)::numeric, 1) AS "平均 mean",
               max(a.risk_score) AS "最高 max",
               count(DISTINCT a.firm_id) FILTER (WHERE a.tier = 'red') AS "红色机构 red firms"
        FROM assessments a JOIN firms f ON f.id = a.firm_id
        WHERE $__timeFilter(a.as_of) AND f.region_code IN ($region)
        GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      type: 'timeseries',
      title: '每日新增预警 Alerts opened per day',
      w: 12,
      h: 9,
      format: 'time_series',
      tables: ['alerts'],
      columns: ['time', 'blue', 'yellow', 'orange', 'red'],
      options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true } },
      fieldConfig: {
        defaults: { custom: { drawStyle: 'bars', stacking: { mode: 'normal' } } },
        overrides: tierColourOverrides(),
      },
      sql: `
        SELECT $__timeGroupAlias(opened_at, '1d'),
               count(*) FILTER (WHERE tier = 'blue') AS blue,
               count(*) FILTER (WHERE tier = 'yellow') AS yellow,
               count(*) FILTER (WHERE tier = 'orange') AS orange,
               count(*) FILTER (WHERE tier = 'red') AS red
        FROM alerts WHERE $__timeFilter(opened_at) AND region_code IN ($region)
        GROUP BY 1 ORDER BY 1`,
    });

  b.row('预警与排名 Alerts and ranking')
    .sql({
      type: 'barchart',
      title: '未处置预警（按等级与时长） Open alerts by tier and age',
      w: 8,
      h: 10,
      tables: ['alerts'],
      columns: ['tier', '< 1 天 day', '1–3 天 days', '3–7 天 days', '> 7 天 days'],
      options: { stacking: 'normal', xField: 'tier' },
      sql: `
        SELECT tier::text AS tier,
               count(*) FILTER (WHERE now() - opened_at < interval '1 day') AS "< 1 天 day",
               count(*) FILTER (WHERE now() - opened_at >= interval '1 day' AND now() - opened_at < interval '3 days') AS "1–3 天 days",
               count(*) FILTER (WHERE now() - opened_at >= interval '3 days' AND now() - opened_at < interval '7 days') AS "3–7 天 days",
               count(*) FILTER (WHERE now() - opened_at >= interval '7 days') AS "> 7 天 days"
        FROM alerts WHERE status IN ${OPEN_STATUSES_SQL} AND region_code IN ($region)
        GROUP BY tier ORDER BY ${TIER_ORDER_SQL}`,
    })
    .sql({
      type: 'table',
      title: '风险排名前20 Top-20 risk ranking',
      w: 16,
      h: 10,
      tables: ['assessments', 'firms'],
      columns: [
        '排名 rank',
        '机构 firm',
        '类型 kind',
        '区县 region',
        '风险分 risk',
        '评级 grade',
        '等级 tier',
        '评估期 as of',
      ],
      fieldConfig: {
        defaults: {},
        overrides: [
          {
            matcher: { id: 'byName', options: '风险分 risk' },
            properties: [
              { id: 'custom.cellOptions', value: { type: 'color-background' } },
              {
                id: 'thresholds',
                value: {
                  mode: 'absolute',
                  steps: [
                    { color: 'green', value: null },
                    { color: 'blue', value: 40 },
                    { color: 'yellow', value: 60 },
                    { color: 'orange', value: 75 },
                    { color: 'red', value: 90 },
                  ],
                },
              },
            ],
          },
        ],
      },
      sql: `
        WITH latest AS (${LATEST_ASSESSMENT_SQL})
        SELECT rank() OVER (ORDER BY l.risk_score DESC) AS "排名 rank", f.name AS "机构 firm", ${KIND_NAMES_SQL} AS "类型 kind",
               f.region_code AS "区县 region", l.risk_score AS "风险分 risk", l.grade AS "评级 grade", l.tier::text AS "等级 tier", l.as_of AS "评估期 as of"
        FROM latest l JOIN firms f ON f.id = l.firm_id
        WHERE f.region_code IN ($region)
        ORDER BY l.risk_score DESC, f.name LIMIT 20`,
    })
    .sql({
      type: 'table',
      title: '新触发规则 Newly fired rules',
      description:
        '区间内新开的规则类预警：某条监管规则首次（或关闭后再次）触发。Rule alerts opened in the range: a rule that fired anew for a firm.',
      w: 24,
      h: 9,
      tables: ['alerts', 'firms'],
      columns: ['time', '机构 firm', '规则 rule', '等级 tier', '一票否决 veto', '原因 reason', '状态 status'],
      sql: `
        SELECT a.opened_at AS time, f.name AS "机构 firm", substr(a.cause_key, 6) AS "规则 rule", a.tier::text AS "等级 tier",
               a.veto AS "一票否决 veto", a.reasons -> 0 ->> 'text' AS "原因 reason", a.status::text AS "状态 status"
        FROM alerts a JOIN firms f ON f.id = a.firm_id
        WHERE a.cause_key LIKE 'rule:%' AND $__timeFilter(a.opened_at) AND a.region_code IN ($region)
        ORDER BY a.opened_at DESC LIMIT 50`,
    });
  return { file: 'risk-overview.json', dashboard: b.build(), expectations: b.expectations };
}

export function firmDashboard(): GeneratedDashboard {
  const b = new DashboardBuilder({
    uid: 'risk-firm',
    title: '机构风险画像 · Firm detail',
    description:
      '单一机构：评分历史、触发规则、报送数据、政务事件、舆情、关联方、预警。One firm: scores, rules, reports, government events, sentiment, related parties, alerts.',
    tags: [...TAGS, 'firm'],
    refresh: '5m',
    time: { from: 'now-2y', to: 'now' },
    templating: {
      list: [
        queryVariable({
          name: 'firm',
          label: '机构 Firm',
          sql: `SELECT name || ' · ' || credit_code AS __text, id::text AS __value FROM firms ORDER BY name`,
        }),
      ],
    },
  });
  b.sql({
    type: 'table',
    title: '机构信息 Firm',
    w: 24,
    h: 4,
    tables: ['firms'],
    columns: [
      '机构 firm',
      '统一社会信用代码 credit code',
      '类型 kind',
      '区县 region',
      '牌照 licence',
      '纳入监管 since',
    ],
    sql: `
      SELECT f.name AS "机构 firm", f.credit_code AS "统一社会信用代码 credit code", ${KIND_NAMES_SQL} AS "类型 kind",
             f.region_code AS "区县 region", f.licence_status::text AS "牌照 licence", f.created_at AS "纳入监管 since"
      FROM firms f WHERE f.id = '$firm'`,
  });

  b.row('评分 Scores')
    .sql({
      type: 'timeseries',
      title: '风险评分历史 Score history',
      w: 14,
      h: 9,
      format: 'time_series',
      tables: ['assessments'],
      columns: ['time', '综合 risk', '规则 rules', '模型 model', '质量 quality'],
      fieldConfig: unit('none', { min: 0, max: 100 }),
      sql: `
        SELECT as_of::timestamptz AS time, risk_score AS "综合 risk", rule_score AS "规则 rules", model_score AS "模型 model", quality_score AS "质量 quality"
        FROM assessments WHERE firm_id = '$firm' AND $__timeFilter(as_of)
        ORDER BY as_of, assessed_at`,
    })
    .sql({
      type: 'table',
      title: '最新评估触发规则 Rules fired (latest assessment)',
      w: 10,
      h: 9,
      tables: ['assessments'],
      columns: ['规则 rule', '名称 title', '等级 tier', '实际值 value', '阈值 threshold', '一票否决 veto'],
      sql: `
        WITH latest AS (SELECT explanation FROM assessments WHERE firm_id = '$firm' ORDER BY as_of DESC, assessed_at DESC LIMIT 1)
        SELECT r ->> 'ruleId' AS "规则 rule", r -> 'title' ->> 'zh' AS "名称 title", r ->> 'tier' AS "等级 tier",
               r ->> 'value' AS "实际值 value", r ->> 'threshold' AS "阈值 threshold", coalesce((r ->> 'veto')::boolean, false) AS "一票否决 veto"
        FROM latest, jsonb_array_elements(latest.explanation -> 'rulesFired') AS r
        ORDER BY ${`array_position(ARRAY['red','orange','violation','yellow','blue'], r ->> 'tier')`}`,
    });

  b.row('报送数据 Reports')
    .sql({
      type: 'timeseries',
      title: '业务余额 Outstanding balance',
      description: '网贷借贷余额 / 小贷贷款余额 / 担保责任余额（最新版本）。Latest version of each period.',
      w: 12,
      h: 8,
      format: 'time_series',
      tables: ['ingest_records'],
      columns: ['time', '余额 balance', '逾期 overdue'],
      fieldConfig: unit('currencyCNY'),
      sql: `
        SELECT DISTINCT ON (r.as_of) r.as_of::timestamptz AS time,
               coalesce(r.payload -> 'outstanding' ->> 'amount', r.payload -> 'loans' ->> 'amount',
                        ((r.payload -> 'guaranteeLiability' ->> 'smallMicroAndFarmers')::numeric + (r.payload -> 'guaranteeLiability' ->> 'housing')::numeric
                         + (r.payload -> 'guaranteeLiability' ->> 'bondsAaPlus')::numeric + (r.payload -> 'guaranteeLiability' ->> 'other')::numeric)::text)::numeric AS "余额 balance",
               coalesce((r.payload -> 'overdue' -> 'upTo90Days' ->> 'amount')::numeric + (r.payload -> 'overdue' -> 'from91To180Days' ->> 'amount')::numeric
                        + (r.payload -> 'overdue' -> 'over180Days' ->> 'amount')::numeric,
                        (r.payload ->> 'overdue90PlusBalance')::numeric, (r.payload ->> 'compensation')::numeric) AS "逾期 overdue"
        FROM ingest_records r
        WHERE r.firm_id = '$firm' AND r.kind IN ${REPORT_KINDS_SQL} AND $__timeFilter(r.as_of)
        ORDER BY r.as_of, r.version DESC`,
    })
    .sql({
      type: 'table',
      title: '报送记录 Reports received',
      w: 12,
      h: 8,
      tables: ['ingest_records'],
      columns: ['报告期 period', '类型 kind', '版本 version', '来源 source', '接收时间 received'],
      sql: `
        SELECT (r.payload ->> 'periodStart') || ' ~ ' || (r.payload ->> 'periodEnd') AS "报告期 period", r.kind AS "类型 kind",
               r.version AS "版本 version", r.source AS "来源 source", r.received_at AS "接收时间 received"
        FROM ingest_records r
        WHERE r.firm_id = '$firm' AND r.kind IN ${REPORT_KINDS_SQL} AND $__timeFilter(r.as_of)
        ORDER BY r.as_of DESC, r.version DESC LIMIT 100`,
    });

  b.row('外部信息 Government feeds and sentiment')
    .sql({
      type: 'table',
      title: '政务事件 Government events',
      description: '工商、税务、法院、社保/公积金。Registry, tax, courts, social security and housing fund.',
      w: 12,
      h: 9,
      tables: ['ingest_records'],
      columns: ['日期 date', '来源 feed', '事件 event', '金额 amount', '详情 detail'],
      sql: `
        SELECT (r.payload ->> 'occurredAt')::date AS "日期 date",
               CASE r.kind WHEN 'registry_event' THEN '工商 registry' WHEN 'tax_event' THEN '税务 tax' WHEN 'court_event' THEN '法院 court' ELSE '社保 social security' END AS "来源 feed",
               coalesce(r.payload ->> 'type', r.payload ->> 'fund') AS "事件 event",
               coalesce(r.payload ->> 'amount', r.payload ->> 'arrears') AS "金额 amount",
               coalesce(r.payload ->> 'detail', r.payload ->> 'caseNumber', 'headcount ' || (r.payload ->> 'insuredHeadcount')) AS "详情 detail"
        FROM ingest_records r
        WHERE r.firm_id = '$firm' AND r.kind IN ${GOV_KINDS_SQL} AND $__timeFilter(r.as_of)
        ORDER BY r.as_of DESC LIMIT 200`,
    })
    .sql({
      type: 'timeseries',
      title: '舆情数量 Sentiment items per month',
      w: 12,
      h: 9,
      format: 'time_series',
      tables: ['ingest_records'],
      columns: ['time', '新闻 news', '社交 social', '投诉 complaint'],
      fieldConfig: { defaults: { custom: { drawStyle: 'bars', stacking: { mode: 'normal' } } }, overrides: [] },
      sql: `
        SELECT date_trunc('month', (r.payload ->> 'publishedAt')::timestamptz) AS time,
               count(*) FILTER (WHERE r.payload ->> 'channel' = 'news') AS "新闻 news",
               count(*) FILTER (WHERE r.payload ->> 'channel' = 'social') AS "社交 social",
               count(*) FILTER (WHERE r.payload ->> 'channel' = 'complaint') AS "投诉 complaint"
        FROM ingest_records r
        WHERE r.firm_id = '$firm' AND r.kind = 'sentiment_item' AND $__timeFilter(r.as_of)
        GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      type: 'table',
      title: '最新舆情 Latest sentiment',
      w: 24,
      h: 8,
      tables: ['ingest_records'],
      columns: ['发布时间 published', '渠道 channel', '来源 source', '标题 title'],
      sql: `
        SELECT (r.payload ->> 'publishedAt')::timestamptz AS "发布时间 published", r.payload ->> 'channel' AS "渠道 channel",
               r.payload ->> 'source' AS "来源 source", r.payload ->> 'title' AS "标题 title"
        FROM ingest_records r
        WHERE r.firm_id = '$firm' AND r.kind = 'sentiment_item' AND $__timeFilter(r.as_of)
        ORDER BY 1 DESC LIMIT 50`,
    });

  b.row('关联方 Related parties')
    .sql({
      type: 'table',
      title: '关键人员与股东 Key persons and shareholders',
      description: '最新一份关键人员名单；证件号为加密哈希。Latest key-persons list; id numbers are keyed hashes.',
      w: 12,
      h: 9,
      tables: ['ingest_records'],
      columns: ['角色 role', '姓名/名称 name', '类型 type', '持股 share %', '截至 as of'],
      sql: `
        WITH latest AS (
          SELECT payload, as_of FROM ingest_records WHERE firm_id = '$firm' AND kind = 'key_persons' ORDER BY as_of DESC, version DESC LIMIT 1)
        SELECT p ->> 'role' AS "角色 role", p ->> 'name' AS "姓名/名称 name", p ->> 'personType' AS "类型 type",
               (p ->> 'sharePct')::numeric AS "持股 share %", latest.as_of AS "截至 as of"
        FROM latest, jsonb_array_elements(latest.payload -> 'persons') AS p
        ORDER BY array_position(ARRAY['actual_controller','legal_representative','shareholder','director','supervisor','manager'], p ->> 'role'), 2`,
    })
    .sql({
      type: 'table',
      title: '主要交易对手 Main counterparties (contracts)',
      description:
        "合同中的借款人/被担保人，按本金合计。Borrowers and guaranteed parties in the firm's contracts, by total principal.",
      w: 12,
      h: 9,
      tables: ['ingest_records'],
      columns: ['对手 counterparty', '角色 role', '合同数 contracts', '本金合计 principal'],
      fieldConfig: {
        defaults: {},
        overrides: [
          {
            matcher: { id: 'byName', options: '本金合计 principal' },
            properties: [{ id: 'unit', value: 'currencyCNY' }],
          },
        ],
      },
      sql: `
        SELECT p ->> 'name' AS "对手 counterparty", p ->> 'role' AS "角色 role", count(DISTINCT r.id) AS "合同数 contracts",
               sum((r.payload ->> 'principal')::numeric) AS "本金合计 principal"
        FROM ingest_records r, jsonb_array_elements(r.payload -> 'parties') AS p
        WHERE r.firm_id = '$firm' AND r.kind = 'contract' AND p ->> 'role' IN ('borrower', 'guaranteed') AND $__timeFilter(r.as_of)
        GROUP BY 1, 2 ORDER BY 4 DESC LIMIT 20`,
    });

  b.row('预警 Alerts').sql({
    type: 'table',
    title: '本机构预警 Alerts of this firm',
    w: 24,
    h: 8,
    tables: ['alerts'],
    columns: [
      '开启 opened',
      '原因 cause',
      '等级 tier',
      '状态 status',
      '确认时限 deadline',
      '升级层级 escalation',
      '说明 reason',
    ],
    sql: `
        SELECT a.opened_at AS "开启 opened", a.cause_key AS "原因 cause", a.tier::text AS "等级 tier", a.status::text AS "状态 status",
               a.deadline_at AS "确认时限 deadline", a.escalation_level AS "升级层级 escalation", a.reasons -> 0 ->> 'text' AS "说明 reason"
        FROM alerts a WHERE a.firm_id = '$firm'
        ORDER BY (a.status IN ${OPEN_STATUSES_SQL}) DESC, a.opened_at DESC LIMIT 100`,
  });
  return { file: 'risk-firm.json', dashboard: b.build(), expectations: b.expectations };
}

export function alertsDashboard(): GeneratedDashboard {
  const b = new DashboardBuilder({
    uid: 'risk-alerts',
    title: '预警处置与问责 · Alerts and accountability',
    description:
      '确认时效、超时问责（按官员与区县）、升级、应急任务、消息送达。Acknowledgement times, lapses by official and county, escalations, contingency tasks, deliveries.',
    tags: [...TAGS, 'alerts'],
    refresh: '1m',
    time: { from: 'now-90d', to: 'now' },
    templating: { list: [regionVariable] },
  });
  b.sql({
    type: 'table',
    title: '确认时效（按等级） Acknowledgement time by tier',
    description:
      '从开启（或升级/加重）到首次确认的小时数。Hours from opening (or the latest worsening/escalation) to the acknowledgement.',
    w: 12,
    h: 8,
    tables: ['alert_events', 'alerts'],
    columns: ['等级 tier', '确认数 acknowledged', '中位 median h', 'P90 h', '最长 max h'],
    sql: `
      WITH acks AS (
        SELECT a.tier::text AS tier,
               extract(epoch FROM e.at - coalesce(
                 (SELECT max(o.at) FROM alert_events o WHERE o.alert_id = e.alert_id AND o.kind = 'system' AND o.action IN ('open', 'worsen', 'escalate') AND o.at <= e.at),
                 a.opened_at)) / 3600 AS hours
        FROM alert_events e JOIN alerts a ON a.id = e.alert_id
        WHERE e.action = 'acknowledge' AND $__timeFilter(e.at) AND a.region_code IN ($region))
      SELECT tier AS "等级 tier", count(*) AS "确认数 acknowledged",
             round(percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)::numeric, 2) AS "中位 median h",
             round(percentile_cont(0.9) WITHIN GROUP (ORDER BY hours)::numeric, 2) AS "P90 h",
             round(max(hours)::numeric, 2) AS "最长 max h"
      FROM acks GROUP BY tier ORDER BY ${TIER_ORDER_SQL}`,
  }).sql({
    type: 'bargauge',
    title: '当前超时未确认（按区县） Overdue now by county',
    w: 12,
    h: 8,
    tables: ['alerts'],
    columns: ['区县 county', '超时 overdue'],
    mayBeEmpty: true,
    options: {
      orientation: 'horizontal',
      displayMode: 'gradient',
      reduceOptions: { calcs: [], fields: '', values: true },
    },
    sql: `
        SELECT region_code AS "区县 county", count(*) AS "超时 overdue"
        FROM alerts WHERE status = 'open' AND deadline_at < now() AND region_code IN ($region)
        GROUP BY region_code ORDER BY 2 DESC`,
  });

  b.row('问责 Accountability (数据铁笼)')
    .sql({
      type: 'table',
      title: '超时问责（按官员） Lapsed deadlines by official',
      description: '岗位空缺时显示角色（空缺）。A vacant post shows as the role (vacant).',
      w: 14,
      h: 9,
      tables: ['accountability_records'],
      columns: ['官员 official', '岗位 role', '辖区 region', '次数 lapses', '平均超时 avg late h', '红色 red'],
      sql: `
        SELECT coalesce(p ->> 'name', ar.responsible_role || '（空缺）') AS "官员 official", ar.responsible_role AS "岗位 role",
               ar.responsible_region_code AS "辖区 region", count(*) AS "次数 lapses",
               round(avg(ar.late_by_ms) / 3600000.0, 1) AS "平均超时 avg late h", count(*) FILTER (WHERE ar.tier = 'red') AS "红色 red"
        FROM accountability_records ar LEFT JOIN LATERAL jsonb_array_elements(ar.responsible) AS p ON true
        WHERE $__timeFilter(ar.detected_at) AND ar.region_code IN ($region)
        GROUP BY 1, 2, 3 ORDER BY 4 DESC, 5 DESC LIMIT 50`,
    })
    .sql({
      type: 'barchart',
      title: '超时问责（按区县） Lapsed deadlines by county',
      w: 10,
      h: 9,
      tables: ['accountability_records'],
      columns: ['区县 county', 'blue', 'yellow', 'orange', 'red'],
      options: { stacking: 'normal', xField: '区县 county' },
      fieldConfig: { defaults: {}, overrides: tierColourOverrides() },
      sql: `
        SELECT region_code AS "区县 county",
               count(*) FILTER (WHERE tier = 'blue') AS blue, count(*) FILTER (WHERE tier = 'yellow') AS yellow,
               count(*) FILTER (WHERE tier = 'orange') AS orange, count(*) FILTER (WHERE tier = 'red') AS red
        FROM accountability_records WHERE $__timeFilter(detected_at) AND region_code IN ($region)
        GROUP BY region_code ORDER BY region_code`,
    });

  b.row('升级 Escalations')
    .sql({
      type: 'timeseries',
      title: '每日升级 Escalations per day',
      w: 10,
      h: 8,
      format: 'time_series',
      tables: ['alert_events', 'alerts'],
      columns: ['time', '升级 escalations'],
      fieldConfig: { defaults: { custom: { drawStyle: 'bars' } }, overrides: [] },
      sql: `
        SELECT $__timeGroupAlias(e.at, '1d'), count(*) AS "升级 escalations"
        FROM alert_events e JOIN alerts a ON a.id = e.alert_id
        WHERE e.action = 'escalate' AND e.kind = 'system' AND $__timeFilter(e.at) AND a.region_code IN ($region)
        GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      type: 'table',
      title: '升级记录 Escalation log',
      w: 14,
      h: 8,
      tables: ['accountability_records', 'firms'],
      columns: [
        '时间 detected',
        '机构 firm',
        '等级 tier',
        '超时 late h',
        '原责任岗位 from role',
        '升级至 to role',
        '升级后等级 to tier',
      ],
      sql: `
        SELECT ar.detected_at AS "时间 detected", coalesce(f.name, '—') AS "机构 firm", ar.tier AS "等级 tier",
               round(ar.late_by_ms / 3600000.0, 1) AS "超时 late h", ar.responsible_role AS "原责任岗位 from role",
               ar.escalated_to ->> 'role' AS "升级至 to role", ar.escalated_to ->> 'tier' AS "升级后等级 to tier"
        FROM accountability_records ar LEFT JOIN firms f ON f.id = ar.firm_id
        WHERE $__timeFilter(ar.detected_at) AND ar.region_code IN ($region)
        ORDER BY ar.detected_at DESC LIMIT 100`,
    });

  b.row('应急预案与送达 Contingency plans and deliveries')
    .sql({
      type: 'table',
      title: '应急任务 Contingency tasks',
      description: '红色预警开启的应急预案任务，未完成的排前。Tasks of the plans red alerts opened; pending first.',
      w: 14,
      h: 9,
      tables: ['contingency_tasks', 'contingency_plans', 'alerts', 'firms'],
      columns: ['机构 firm', '预案 plan', '任务 task', '责任岗位 owner', '期限 due', '状态 status', '超期 overdue'],
      sql: `
        SELECT coalesce(f.name, '—') AS "机构 firm", p.name AS "预案 plan", t.title AS "任务 task", t.owner_role || ' ' || t.owner_region_code AS "责任岗位 owner",
               t.due_at AS "期限 due", t.status AS "状态 status", (t.status = 'pending' AND t.due_at < now()) AS "超期 overdue"
        FROM contingency_tasks t JOIN contingency_plans p ON p.id = t.plan_id JOIN alerts a ON a.id = p.alert_id LEFT JOIN firms f ON f.id = a.firm_id
        WHERE $__timeFilter(p.opened_at) AND a.region_code IN ($region)
        ORDER BY (t.status = 'pending') DESC, t.due_at LIMIT 200`,
    })
    .sql({
      type: 'barchart',
      title: '消息送达（按渠道） Deliveries by channel',
      w: 10,
      h: 9,
      tables: ['alert_deliveries', 'alerts'],
      columns: ['渠道 channel', '成功 delivered', '失败 failed', '其他 other'],
      options: { stacking: 'normal', xField: '渠道 channel' },
      fieldConfig: {
        defaults: {},
        overrides: [
          {
            matcher: { id: 'byName', options: '失败 failed' },
            properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }],
          },
        ],
      },
      sql: `
        SELECT d.channel AS "渠道 channel", count(*) FILTER (WHERE d.status = 'delivered') AS "成功 delivered",
               count(*) FILTER (WHERE d.status = 'failed') AS "失败 failed", count(*) FILTER (WHERE d.status NOT IN ('delivered', 'failed')) AS "其他 other"
        FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
        WHERE $__timeFilter(d.created_at) AND a.region_code IN ($region)
        GROUP BY d.channel ORDER BY d.channel`,
    })
    .sql({
      type: 'stat',
      title: '发送中的通知 Notifications being sent',
      description:
        '已决定通知、送达记录尚未写入（alert_outbox）。Decided notifications whose delivery rows are not stored yet.',
      w: 12,
      h: 4,
      tables: ['alert_outbox', 'alerts'],
      columns: ['value'],
      sql: `SELECT count(*) AS value FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id WHERE a.region_code IN ($region)`,
    })
    .sql({
      type: 'stat',
      title: '中断待重发 Notifications lost by a stopped process',
      description:
        '发送进程中断、租约已过期，等待预警角色重发；持续大于 0 说明预警角色未运行。Lease expired: waiting for the alerts role to send them again; staying above 0 means no alerts role is running.',
      w: 12,
      h: 4,
      tables: ['alert_outbox', 'alerts'],
      columns: ['value'],
      fieldConfig: {
        defaults: {
          thresholds: {
            mode: 'absolute',
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 1 },
            ],
          },
        },
        overrides: [],
      },
      sql: `SELECT count(*) AS value FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id WHERE o.lease_until < now() AND a.region_code IN ($region)`,
    });
  return { file: 'risk-alerts.json', dashboard: b.build(), expectations: b.expectations };
}

export function evidenceDashboard(): GeneratedDashboard {
  const b = new DashboardBuilder({
    uid: 'risk-evidence',
    title: '存证与上链 · Evidence log and anchoring',
    description:
      'Merkle 日志、签名检查点、联盟链锚定延迟、验证节点签名、篡改发现。The evidence log, signed checkpoints, anchor lag, validators signing, tamper findings.',
    tags: [...TAGS, 'evidence'],
    refresh: '30s',
    time: { from: 'now-24h', to: 'now' },
    templating: { list: [] },
  });
  b.sql({
    type: 'stat',
    title: '日志叶子数 Log size (leaves)',
    w: 6,
    h: 4,
    tables: ['evidence_log'],
    columns: ['value'],
    sql: `SELECT coalesce(max(leaf_index) + 1, 0) AS value FROM evidence_log`,
  })
    .sql({
      type: 'stat',
      title: '已锚定 Anchored tree size',
      w: 6,
      h: 4,
      tables: ['evidence_anchors'],
      columns: ['value'],
      sql: `SELECT coalesce(max(tree_size), 0) AS value FROM evidence_anchors`,
    })
    .sql({
      type: 'stat',
      title: '待锚定叶子 Leaves not yet anchored',
      description:
        '排队未入日志的叶子 + 日志中尚未锚定的部分。Queued leaves plus logged leaves above the newest anchor.',
      w: 6,
      h: 4,
      tables: ['evidence_pending', 'evidence_log', 'evidence_anchors'],
      columns: ['value'],
      fieldConfig: {
        defaults: {
          thresholds: {
            mode: 'absolute',
            steps: [
              { color: 'green', value: null },
              { color: 'orange', value: 1000 },
              { color: 'red', value: 10000 },
            ],
          },
        },
        overrides: [],
      },
      sql: `
        SELECT (SELECT count(*) FROM evidence_pending)
             + (SELECT coalesce(max(leaf_index) + 1, 0) FROM evidence_log) - (SELECT coalesce(max(tree_size), 0) FROM evidence_anchors) AS value`,
    })
    .sql({
      type: 'stat',
      title: '篡改发现 Tamper findings',
      w: 6,
      h: 4,
      tables: ['evidence_tamper_findings'],
      columns: ['value'],
      fieldConfig: {
        defaults: {
          thresholds: {
            mode: 'absolute',
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 1 },
            ],
          },
        },
        overrides: [],
      },
      sql: `SELECT count(*) AS value FROM evidence_tamper_findings`,
    });

  b.row('检查点与锚定 Checkpoints and anchoring')
    .sql({
      type: 'timeseries',
      title: '检查点 Checkpoints signed',
      w: 12,
      h: 8,
      format: 'time_series',
      tables: ['evidence_checkpoints'],
      columns: ['time', '检查点 checkpoints', '树大小 tree size'],
      fieldConfig: {
        defaults: {},
        overrides: [
          {
            matcher: { id: 'byName', options: '树大小 tree size' },
            properties: [{ id: 'custom.axisPlacement', value: 'right' }],
          },
        ],
      },
      sql: `
        SELECT $__timeGroupAlias(issued_at, '5m'), count(*) AS "检查点 checkpoints", max(tree_size) AS "树大小 tree size"
        FROM evidence_checkpoints WHERE $__timeFilter(issued_at)
        GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      type: 'timeseries',
      title: '锚定延迟 Anchor lag',
      description:
        '检查点签发到链上锚定完成（含区块最终确认）。From checkpoint signing to the anchor being final on the chain.',
      w: 12,
      h: 8,
      format: 'time_series',
      tables: ['evidence_checkpoints', 'evidence_anchors'],
      columns: ['time', '延迟 lag'],
      fieldConfig: unit('s'),
      sql: `
        SELECT c.issued_at AS time, extract(epoch FROM a.anchored_at - c.issued_at) AS "延迟 lag"
        FROM evidence_checkpoints c JOIN evidence_anchors a ON a.tree_size = c.tree_size
        WHERE $__timeFilter(c.issued_at)
        ORDER BY 1`,
    })
    .sql({
      type: 'timeseries',
      title: '签名验证节点 Validators signing each anchor block',
      description:
        '锚定区块提交中签名的验证节点数（4 个中需 3 个以上）。Validators whose commit signature is in the anchoring block (more than 2/3 needed).',
      w: 12,
      h: 8,
      format: 'time_series',
      tables: ['evidence_anchors'],
      columns: ['time', '签名 signed', '总数 validators'],
      fieldConfig: unit('none', { min: 0, decimals: 0 }),
      sql: `
        SELECT a.anchored_at AS time,
               (SELECT count(*) FROM jsonb_array_elements(a.anchor -> 'commit' -> 'signatures') s WHERE (s ->> 'block_id_flag')::int = 2) AS "签名 signed",
               jsonb_array_length(a.anchor -> 'commit' -> 'signatures') AS "总数 validators"
        FROM evidence_anchors a
        WHERE a.ledger = 'cometbft' AND $__timeFilter(a.anchored_at)
        ORDER BY 1`,
    })
    .sql({
      type: 'table',
      title: '最近锚定 Latest anchors',
      w: 12,
      h: 8,
      tables: ['evidence_anchors'],
      columns: ['锚定时间 anchored', '树大小 tree size', '账本 ledger', '链 chain', '高度 height', '交易 tx'],
      sql: `
        SELECT anchored_at AS "锚定时间 anchored", tree_size AS "树大小 tree size", ledger AS "账本 ledger", chain_id AS "链 chain",
               height AS "高度 height", tx_hash AS "交易 tx"
        FROM evidence_anchors ORDER BY tree_size DESC LIMIT 20`,
    });

  b.row('叶子与篡改 Leaves and tampering')
    .sql({
      type: 'timeseries',
      title: '存证叶子（按类型） Evidence leaves by record kind',
      w: 12,
      h: 8,
      format: 'time_series',
      tables: ['evidence_leaves'],
      columns: ['time', 'metric', 'value'],
      fieldConfig: { defaults: { custom: { drawStyle: 'bars', stacking: { mode: 'normal' } } }, overrides: [] },
      sql: `
        SELECT $__timeGroupAlias(created_at, '1h'), record_kind AS metric, count(*) AS value
        FROM evidence_leaves WHERE $__timeFilter(created_at)
        GROUP BY 1, 2 ORDER BY 1`,
    })
    .sql({
      type: 'table',
      title: '篡改发现明细 Tamper findings',
      description:
        '存储的记录与其存证叶子不再一致。保全数据库，按运维手册处理。A stored record no longer matches its leaf: preserve the database, see docs/operations.md.',
      w: 12,
      h: 8,
      tables: ['evidence_tamper_findings'],
      columns: ['发现时间 found', '记录类型 kind', '记录 record', '叶子 leaf', '应为 expected', '实为 actual'],
      sql: `
        SELECT found_at AS "发现时间 found", record_kind AS "记录类型 kind", record_id AS "记录 record", leaf_id AS "叶子 leaf",
               encode(expected_hash, 'hex') AS "应为 expected", encode(actual_hash, 'hex') AS "实为 actual"
        FROM evidence_tamper_findings ORDER BY found_at DESC LIMIT 100`,
    });

  b.row('锚定进程 Anchor process (Prometheus)')
    .prom({
      type: 'timeseries',
      title: '待上链检查点 Unanchored checkpoints',
      w: 8,
      h: 7,
      queries: [{ expr: 'max(evidence_unanchored_checkpoints)', legend: '待上链 unanchored' }],
    })
    .prom({
      type: 'timeseries',
      title: '锚定失败 Anchor failures',
      w: 8,
      h: 7,
      queries: [{ expr: 'sum(increase(evidence_anchor_failures_total[$__rate_interval]))', legend: '失败 failures' }],
    })
    .prom({
      type: 'timeseries',
      title: '日志与已锚定大小 Log vs anchored size',
      w: 8,
      h: 7,
      queries: [
        { expr: 'max(evidence_log_tree_size)', legend: '日志 log' },
        { expr: 'max(evidence_anchored_tree_size)', legend: '已锚定 anchored' },
      ],
    });
  return { file: 'risk-evidence.json', dashboard: b.build(), expectations: b.expectations };
}

export function pipelineDashboard(): GeneratedDashboard {
  const b = new DashboardBuilder({
    uid: 'risk-pipeline',
    title: '数据管道 · Pipeline',
    description:
      '接入速率（按主题/类型）、死信、消费延迟、评分耗时、进程状态（Prometheus）。Ingest rates, dead letters, consumer lag, scoring latency, process health.',
    tags: [...TAGS, 'pipeline'],
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [] },
  });
  b.prom({
    type: 'timeseries',
    title: '接入速率（按类型） Ingest rate by record kind',
    w: 12,
    h: 8,
    fieldConfig: unit('reqps'),
    queries: [
      {
        expr: 'sum by (kind) (rate(ingest_records_total{outcome=~"accepted|duplicate"}[$__rate_interval]))',
        legend: '{{kind}}',
      },
    ],
  }).prom({
    type: 'timeseries',
    title: '接入结果（按来源） Outcomes by source',
    description: 'source=kafka 为主题消费，http 为推送接口。kafka: topic consumers; http: the push API.',
    w: 12,
    h: 8,
    fieldConfig: unit('reqps'),
    queries: [
      {
        expr: 'sum by (source, outcome) (rate(ingest_records_total[$__rate_interval]))',
        legend: '{{source}} {{outcome}}',
      },
    ],
  });

  b.row('死信与延迟 Dead letters and lag')
    .prom({
      type: 'timeseries',
      title: '死信（按主题与原因） Dead letters by topic and reason',
      w: 8,
      h: 8,
      queries: [
        {
          expr: 'sum by (topic, reason) (increase(ingest_dead_letters_total[$__rate_interval]))',
          legend: '{{topic}} {{reason}}',
        },
        {
          expr: 'sum by (kind) (increase(ingest_records_total{source="kafka", outcome="rejected"}[$__rate_interval]))',
          legend: 'rejected {{kind}}',
        },
      ],
    })
    .prom({
      type: 'timeseries',
      title: '消费延迟 Consumer lag',
      description: '来自 Kafka exporter（kafka_consumergroup_lag）。From the Kafka exporter; see docs/operations.md.',
      w: 8,
      h: 8,
      queries: [
        { expr: 'sum by (consumergroup, topic) (kafka_consumergroup_lag)', legend: '{{consumergroup}} {{topic}}' },
      ],
    })
    .prom({
      type: 'timeseries',
      title: '评分耗时 Scoring latency',
      w: 8,
      h: 8,
      fieldConfig: unit('s'),
      queries: [
        {
          expr: 'histogram_quantile(0.5, sum by (le) (rate(scoring_assessment_duration_seconds_bucket[$__rate_interval])))',
          legend: 'p50',
        },
        {
          expr: 'histogram_quantile(0.95, sum by (le) (rate(scoring_assessment_duration_seconds_bucket[$__rate_interval])))',
          legend: 'p95',
        },
      ],
    });

  // The transactional outbox between the intake and the scoring and alerts replicas (src/platform/change-feed).
  b.row('变更流 Change feed')
    .prom({
      type: 'timeseries',
      title: '待转发最久 Outbox backlog, oldest row',
      description:
        '最早一条待转发变更的等待时长：评分与预警落后于接入的程度。How far scoring and alerts trail the intake: the age of the oldest change_outbox row waiting for the relay.',
      w: 12,
      h: 8,
      fieldConfig: unit('s'),
      queries: [{ expr: 'max by (stream) (change_feed_outbox_oldest_seconds)', legend: '{{stream}}' }],
    })
    .prom({
      type: 'timeseries',
      title: '转发速率 Relayed changes',
      w: 12,
      h: 8,
      fieldConfig: unit('reqps'),
      queries: [{ expr: 'sum by (stream) (rate(change_feed_relayed_total[$__rate_interval]))', legend: '{{stream}}' }],
    });

  b.row('进程 Processes')
    .prom({
      type: 'stat',
      title: '在线实例 Targets up',
      w: 6,
      h: 6,
      instant: true,
      queries: [{ expr: 'sum by (role) (up{job=~".*risk-surveillance.*"})', legend: '{{role}}' }],
    })
    .prom({
      type: 'timeseries',
      title: '内存 Resident memory',
      w: 6,
      h: 6,
      fieldConfig: unit('bytes'),
      queries: [
        { expr: 'sum by (role) (process_resident_memory_bytes{job=~".*risk-surveillance.*"})', legend: '{{role}}' },
      ],
    })
    .prom({
      type: 'timeseries',
      title: 'CPU',
      w: 6,
      h: 6,
      fieldConfig: unit('percentunit'),
      queries: [
        {
          expr: 'sum by (role) (rate(process_cpu_seconds_total{job=~".*risk-surveillance.*"}[$__rate_interval]))',
          legend: '{{role}}',
        },
      ],
    })
    .prom({
      type: 'timeseries',
      title: '事件循环延迟 Event-loop lag p99',
      w: 6,
      h: 6,
      fieldConfig: unit('s'),
      queries: [
        { expr: 'max by (role) (nodejs_eventloop_lag_p99_seconds{job=~".*risk-surveillance.*"})', legend: '{{role}}' },
      ],
    });

  // Written by the daily monitoring run of the scoring role (src/scoring/model/monitoring); thresholds in monitoring-thresholds.yaml.
  b.row('模型监测 Distress model monitoring')
    .prom({
      type: 'timeseries',
      title: '特征漂移 PSI（前 5） Feature drift, top 5 PSI',
      description:
        'PSI > 0.25 为显著漂移，向模型负责人发出蓝色预警。PSI above 0.25 opens a blue alert to the model owner.',
      w: 8,
      h: 8,
      queries: [
        { expr: 'topk(5, max by (version, feature) (risk_model_feature_psi))', legend: '{{version}} {{feature}}' },
      ],
    })
    .prom({
      type: 'timeseries',
      title: '校准 Calibration (Brier, ECE)',
      w: 8,
      h: 8,
      queries: [
        { expr: 'max by (version) (risk_model_brier)', legend: 'Brier {{version}}' },
        { expr: 'max by (version) (risk_model_ece)', legend: 'ECE {{version}}' },
      ],
    })
    .prom({
      type: 'stat',
      title: '区分度与监测 ROC AUC, outcome rows, breaches',
      w: 8,
      h: 8,
      instant: true,
      queries: [
        { expr: 'max by (version) (risk_model_roc_auc)', legend: 'AUC {{version}}' },
        { expr: 'max by (version) (risk_model_outcome_rows)', legend: 'rows {{version}}' },
        { expr: 'max by (version, check) (risk_model_monitoring_breaches)', legend: 'breach {{check}}' },
        { expr: 'max by (version) (risk_model_psi_max)', legend: 'max PSI {{version}}' },
      ],
    });
  return { file: 'risk-pipeline.json', dashboard: b.build(), expectations: b.expectations };
}

export function allDashboards(): GeneratedDashboard[] {
  return [
    overviewDashboard(),
    firmDashboard(),
    alertsDashboard(),
    evidenceDashboard(),
    pipelineDashboard(),
    inspectorsDashboard(),
  ];
}
