// The discipline inspectors' dashboard (纪检监察, 数据铁笼): integrity alerts, indicators per official,
// overdue accountability and read traces, read through the read-only dashboard role like the others
// (its reads are themselves traced by pgaudit). Part of allDashboards() in risk-dashboards.ts.
import { DashboardBuilder } from './grafana-model';
import type { GeneratedDashboard } from './risk-dashboards';

const AFTER_HOURS_DAY_SQL = `floor((extract(epoch FROM $__timeFrom()::timestamptz) / 3600 + 8) / 24)`;

export function inspectorsDashboard(): GeneratedDashboard {
  const b = new DashboardBuilder({
    uid: 'risk-cage',
    title: '数据铁笼 · 纪检监察 Data cage (discipline inspection)',
    description:
      '廉政风险预警、官员行权指标（工作量、亲密度、偏离度、超期量、非工作时间与批量查阅）、超期问责与查阅留痕。Integrity alerts, per-official indicators, overdue accountability and read traces.',
    tags: ['risk-surveillance', 'cage'],
    refresh: '5m',
    time: { from: 'now-30d', to: 'now' },
    templating: { list: [] },
  });
  b.sql({
    type: 'stat',
    title: '区间廉政风险预警 Integrity alerts in range',
    w: 6,
    h: 4,
    tables: ['integrity_alerts'],
    columns: ['value'],
    mayBeEmpty: false,
    sql: `SELECT count(*) AS value FROM integrity_alerts WHERE $__timeFilter(raised_at)`,
  })
    .sql({
      type: 'stat',
      title: '区间超期问责 Overdue records in range',
      w: 6,
      h: 4,
      tables: ['overdue_accountability'],
      columns: ['value'],
      sql: `SELECT count(*) AS value FROM overdue_accountability WHERE $__timeFilter(detected_at)`,
    })
    .sql({
      type: 'stat',
      title: '区间行权留痕 Powers exercised in range',
      w: 6,
      h: 4,
      tables: ['power_traces'],
      columns: ['value'],
      sql: `SELECT count(*) AS value FROM power_traces WHERE $__timeFilter(exercised_at)`,
    })
    .sql({
      type: 'stat',
      title: '区间看板查阅 Dashboard reads in range',
      w: 6,
      h: 4,
      tables: ['staff_access_log'],
      columns: ['value'],
      description:
        '经只读看板账号直连数据库的查阅（pgaudit 导入）。Reads through the read-only dashboard role, imported from pgaudit.',
      sql: `SELECT count(*) AS value FROM staff_access_log WHERE reason = 'dashboard_read' AND $__timeFilter(at)`,
    });

  b.row('廉政风险预警 Integrity alerts').sql({
    type: 'table',
    title: '廉政风险预警 Integrity alerts',
    w: 24,
    h: 9,
    tables: ['integrity_alerts'],
    mayBeEmpty: true,
    columns: ['时间 raised', '指标 indicator', '区域 region', '岗位 role', '摘要 summary'],
    sql: `
      SELECT raised_at AS "时间 raised", indicator AS "指标 indicator", region_code AS "区域 region", subject_role AS "岗位 role", summary AS "摘要 summary"
      FROM integrity_alerts WHERE $__timeFilter(raised_at) ORDER BY raised_at DESC LIMIT 200`,
  });

  b.row('官员行权指标 Indicators per official').sql({
    type: 'table',
    title: '官员行权指标 Indicators per official',
    w: 24,
    h: 10,
    tables: ['power_traces', 'overdue_accountability', 'staff_read_days'],
    mayBeEmpty: true,
    description:
      '区间内每位官员：工作量、行权最集中机构的占比（亲密度）、有利裁量次数（偏离度）、超期量、非工作时间查阅、单小时最多查阅（整日汇总）。',
    columns: [
      '官员 official',
      '岗位 role',
      '区域 region',
      '工作量 workload',
      '亲密度 top firm share',
      '有利裁量 discretionary',
      '超期量 overdue',
      '非工作时间查阅 after hours',
      '单小时最多 busiest hour',
    ],
    sql: `
      WITH acts AS (
        SELECT actor_id, firm_id, count(*) AS n, min(actor_name) AS name, min(actor_role) AS role, min(actor_region) AS region,
               count(*) FILTER (WHERE power_id IN ('manual_score.add', 'manual_score.revoke', 'alert.dismiss')) AS discretionary
        FROM power_traces WHERE $__timeFilter(exercised_at) GROUP BY actor_id, firm_id),
      officials AS (
        SELECT actor_id, min(name) AS name, min(role) AS role, min(region) AS region, sum(n) AS workload, sum(discretionary) AS discretionary,
               round(coalesce(max(n) FILTER (WHERE firm_id IS NOT NULL) / nullif(sum(n) FILTER (WHERE firm_id IS NOT NULL), 0), 0), 2) AS share
        FROM acts GROUP BY actor_id),
      overdue AS (
        SELECT r->>'staffId' AS staff_id, count(*) AS n FROM overdue_accountability o, jsonb_array_elements(o.responsible) r
        WHERE $__timeFilter(o.detected_at) GROUP BY 1),
      reads AS (
        SELECT staff_id, sum(after_hours) AS after_hours, max(max_per_hour) AS busiest FROM staff_read_days
        WHERE day >= ${AFTER_HOURS_DAY_SQL} GROUP BY 1)
      SELECT o.name AS "官员 official", o.role AS "岗位 role", o.region AS "区域 region", o.workload AS "工作量 workload", o.share AS "亲密度 top firm share",
             o.discretionary AS "有利裁量 discretionary", coalesce(d.n, 0) AS "超期量 overdue", coalesce(r.after_hours, 0) AS "非工作时间查阅 after hours",
             coalesce(r.busiest, 0) AS "单小时最多 busiest hour"
      FROM officials o LEFT JOIN overdue d ON d.staff_id = o.actor_id LEFT JOIN reads r ON r.staff_id = o.actor_id
      ORDER BY o.workload DESC LIMIT 500`,
  });

  b.row('超期与查阅 Overdue and reads')
    .sql({
      type: 'timeseries',
      title: '每日超期问责 Overdue records per day',
      w: 12,
      h: 9,
      format: 'time_series',
      tables: ['overdue_accountability'],
      mayBeEmpty: true,
      columns: ['time', '签收未处置 handling', '任务逾期 tasks'],
      sql: `
        SELECT $__timeGroupAlias(detected_at, '1d'),
               count(*) FILTER (WHERE cause = 'handling_overdue') AS "签收未处置 handling",
               count(*) FILTER (WHERE cause = 'task_overdue') AS "任务逾期 tasks"
        FROM overdue_accountability WHERE $__timeFilter(detected_at) GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      type: 'timeseries',
      title: '每日查阅留痕 Read traces per day',
      w: 12,
      h: 9,
      format: 'time_series',
      tables: ['staff_access_log'],
      mayBeEmpty: true,
      columns: ['time', '系统查阅 API reads', '看板查阅 dashboard reads'],
      sql: `
        SELECT $__timeGroupAlias(at, '1d'),
               count(*) FILTER (WHERE staff_id IS NOT NULL AND firm_id IS NOT NULL AND outcome = 'allowed') AS "系统查阅 API reads",
               count(*) FILTER (WHERE reason = 'dashboard_read') AS "看板查阅 dashboard reads"
        FROM staff_access_log WHERE $__timeFilter(at) GROUP BY 1 ORDER BY 1`,
    })
    .sql({
      type: 'table',
      title: '最近的看板查阅 Latest dashboard reads',
      w: 24,
      h: 9,
      tables: ['staff_access_log', 'firms'],
      mayBeEmpty: true,
      description:
        '谁（看板账号/Grafana 用户）在何时查阅了哪张表、哪家机构。Who (dashboard role / Grafana user) read which table and firm, when.',
      columns: ['时间 at', '查阅人 who', '对象 relation', '机构 firm'],
      sql: `
        SELECT l.at AS "时间 at", l.username AS "查阅人 who", l.path AS "对象 relation", f.name AS "机构 firm"
        FROM staff_access_log l LEFT JOIN firms f ON f.id = l.firm_id
        WHERE l.reason = 'dashboard_read' AND $__timeFilter(l.at) ORDER BY l.at DESC, l.id DESC LIMIT 200`,
    });
  return { file: 'risk-cage.json', dashboard: b.build(), expectations: b.expectations };
}
