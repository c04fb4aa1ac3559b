import { randomUUID } from 'node:crypto';
import { AlertsService } from '../../src/alerts/alerts.service';
import { AccessLogService } from '../../src/api/auth/access-log.service';
import { RunningApp } from '../../src/bootstrap';
import { allCallers, authHeaders, call, Caller } from '../support/api-callers';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms, TestFirm } from '../support/ingest';

/** RFC 4180 back to rows: the test reads the file as a spreadsheet would, not by splitting lines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endRow = () => {
    rows.push([...row, cell]);
    row = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      endRow();
      i++;
    } else {
      cell += c;
    }
  }
  if (cell || row.length) endRow();
  return rows;
}

interface CsvAnswer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  rows: string[][];
}

describe('API CSV exports', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let callers: Caller[];
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  const as = (name: string) => callers.find((c) => c.name === name)!;

  async function csv(caller: Caller, path: string): Promise<CsvAnswer> {
    // Bytes, not response.text(): the decoder would drop the byte order mark under test.
    const response = await fetch(`${app.url}${path}`, { headers: authHeaders(caller) });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      rows: response.status === 200 ? parseCsv(text) : [],
    };
  }

  const raise = (firm: TestFirm, tier: 'blue' | 'red', text: string) =>
    app.app.get(AlertsService).onSignal({
      firmId: firm.id,
      cause: { kind: 'rule', ruleId: tier === 'red' ? 'P2P-07' : 'P2P-01' },
      tier,
      reasons: [{ ruleId: 'P2P-01', text, value: '250000', threshold: '200000' }],
      veto: false,
      periodId: '2025-01',
      assessmentId: randomUUID(),
      assessedAt: new Date(),
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, INGEST_RATE_LIMIT: '1000' });
    firms = await registerExampleFirms(app.app);
    callers = await allCallers(app, firms.p2p, firms.guarantee);
    // 西湖区 (330106) has the p2p firm, 拱墅区 (330105) the guarantee firm.
    await raise(firms.p2p, 'blue', '西湖区机构预警');
    await raise(firms.guarantee, 'red', '拱墅区机构预警');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should give a county officer the alerts of their county only, and the city analyst both', async () => {
    const xihu = await csv(as('county_officer@330106'), '/v1/alerts.csv');
    expect(xihu.status).toBe(200);
    const [header, ...rows] = xihu.rows;
    const region = header.indexOf('行政区划代码');
    expect(header.slice(0, 5)).toEqual(['预警编号', '机构名称', '行政区划代码', '预警级别', '状态']);
    expect(rows.map((r) => r[region])).toEqual(['330106']);
    expect(rows[0]).toContain('示例网贷信息中介有限公司');
    expect(xihu.bytes.toString('utf8')).not.toContain('拱墅区机构预警');

    const city = await csv(as('analyst@330100'), '/v1/alerts.csv');
    expect(
      city.rows
        .slice(1)
        .map((r) => r[region])
        .sort(),
    ).toEqual(['330105', '330106']);
    // The JSON list's filters apply: only the red alert.
    const red = await csv(as('analyst@330100'), '/v1/alerts.csv?tier=red');
    expect(red.rows.slice(1).map((r) => r[header.indexOf('预警级别')])).toEqual(['红色预警']);
    expect((await csv(as('analyst@330100'), '/v1/alerts.csv?tier=purple')).status).toBe(422);
  });

  it('should refuse staff CSVs to a firm key and to anonymous callers, as problem+json', async () => {
    for (const path of [
      '/v1/alerts.csv',
      '/v1/ranking.csv',
      '/v1/lists.csv',
      '/v1/accountability.csv',
      `/v1/firms/${firms.p2p.creditCode}/assessments.csv`,
      '/v1/audit/access-log.csv',
    ]) {
      for (const caller of [as('firm A'), as('anonymous')]) {
        const answer = await call(app.url, caller, 'GET', path);
        expect({ path, caller: caller.name, status: answer.status }).toEqual({
          path,
          caller: caller.name,
          status: 401,
        });
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    }
    // A county officer asking for another county's firm: 404 like the JSON route, no file.
    expect((await csv(as('county_officer@330105'), `/v1/firms/${firms.p2p.creditCode}/manual-scores.csv`)).status).toBe(
      404,
    );
  });

  it('should write a BOM, a header row, RFC 4180 quoting and defused formula cells', async () => {
    const reason = '=HYPERLINK("http://x","点我"),第二句\n第二行';
    const scored = await call(
      app.url,
      as('analyst@330100'),
      'POST',
      `/v1/firms/${firms.p2p.creditCode}/manual-scores`,
      { mode: 'adjust', value: -5, reason },
    );
    expect(scored.status).toBe(201);
    const answer = await csv(as('county_officer@330106'), `/v1/firms/${firms.p2p.creditCode}/manual-scores.csv`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="manual-scores-${firms.p2p.creditCode}-\\d{4}-\\d{2}-\\d{2}\\.csv"`),
    );
    expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = answer.bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    // The cell as written: quoted (comma, quotes, line break), quotes doubled, an apostrophe first.
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""点我""),第二句\n第二行"`);
    const [header, row] = answer.rows;
    expect(header).toEqual([
      '编号',
      '方式',
      '分值',
      '理由',
      '评分人',
      '生效日',
      '截止日',
      '撤销的评分',
      '被撤销于',
      '录入时间',
    ]);
    expect(row[header.indexOf('理由')]).toBe(`'${reason}`);
    expect(row[header.indexOf('分值')]).toBe("'-5.0"); // a negative number starts with '-': defused too
    expect(row[header.indexOf('方式')]).toBe('调整');
  });

  it('should read every page of a long list and log the export in the access log', async () => {
    const accessLog = app.app.get(AccessLogService);
    const probe = { id: null, username: 'csv.paging.probe', role: null, regionCode: null };
    for (let i = 0; i < 1100; i++)
      await accessLog.record({
        staff: probe,
        request: { method: 'POST', path: '/v1/auth/token' },
        outcome: 'denied',
        reason: `probe ${i}`,
      });
    const auditor = as('auditor@330100');
    const answer = await csv(auditor, '/v1/audit/access-log.csv?username=csv.paging.probe');
    expect(answer.status).toBe(200);
    const reasons = answer.rows.slice(1).map((r) => r[answer.rows[0].indexOf('原因')]);
    expect(reasons.length).toBe(1100); // three internal pages of 500
    expect(reasons[0]).toBe('probe 1099');
    expect(new Set(reasons).size).toBe(1100);

    await csv(as('county_officer@330106'), `/v1/firms/${firms.p2p.creditCode}/assessments.csv`);
    const logged = await call(app.url, auditor, 'GET', '/v1/audit/access-log?username=demo.xihu&limit=50');
    const rows = logged.body.items as Array<{ path: string; reason: string | null; firmCreditCode: string | null }>;
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/v1/alerts.csv', reason: 'csv_export' }),
        expect.objectContaining({ path: `/v1/firms/${firms.p2p.creditCode}/assessments.csv`, reason: 'csv_export' }),
        // The firm itself is logged as any look at it is, through the one door (FirmAccess).
        expect.objectContaining({
          path: `/v1/firms/${firms.p2p.creditCode}/assessments.csv`,
          firmCreditCode: firms.p2p.creditCode,
          reason: null,
        }),
      ]),
    );
  });

  it("should let a firm export its own submissions and nobody else's", async () => {
    const own = await csv(as('firm A'), '/v1/ingest/records.csv');
    expect(own.status).toBe(200);
    expect(own.rows[0]).toEqual([
      '记录编号',
      '记录类型',
      '报送编号',
      '业务键',
      '版本',
      '已被更正',
      '数据日期',
      '接收时间',
      '内容哈希',
    ]);
    expect((await csv(as('county_officer@330106'), '/v1/ingest/records.csv')).status).toBe(401);
  });
});
