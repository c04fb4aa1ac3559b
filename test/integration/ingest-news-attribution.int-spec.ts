import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { examples } from '../../src/ingest/schemas/examples';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms } from '../support/ingest';

// News rarely carries a credit code: the intake gives an item to the one supervised firm its title
// or text names, and refuses it when it names none or several.
describe('Intake: news attributed by the firm it names', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let firms: Awaited<ReturnType<typeof registerExampleFirms>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, ROLE: 'api', ID_HASH_KEY: randomBytes(32).toString('hex') });
    firms = await registerExampleFirms(app.app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const news = (itemId: string, text: string) => {
    const { firmCreditCode: _none, ...item } = examples.sentimentItem({ itemId, text });
    return { kind: 'sentiment_item' as const, value: item, sourceRef: `news/${itemId}` };
  };

  it('should attribute each item of a batch to the one firm it names, and refuse none or several', async () => {
    const results = await app.app
      .get(RecordIntakeService)
      .accept(
        [
          news('N-1', '示例小额贷款有限公司被曝暴力催收。'),
          news('N-2', '示例融资担保有限公司代偿率上升。'),
          news('N-3', '示例小额贷款有限公司与示例融资担保有限公司互保。'),
          news('N-4', '某平台逾期。'),
        ],
        { source: 'kafka' },
      );
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
    const ds = app.app.get(DataSource);
    const stored: Array<{ submission_id: string; firm_id: string }> = await ds.query(
      `SELECT submission_id, firm_id FROM ingest_records WHERE kind = 'sentiment_item' ORDER BY submission_id`,
    );
    expect(stored).toEqual([
      { submission_id: 'N-1', firm_id: firms.microLoan.id },
      { submission_id: 'N-2', firm_id: firms.guarantee.id },
    ]);
  });

  it('should find a firm registered by another process since the last batch', async () => {
    const ds = app.app.get(DataSource);
    // Registered behind this process's back, as the api role does for the ingest role.
    const [{ id }] = await ds.query(
      `INSERT INTO firms (credit_code, name, kind, region_code) VALUES ('91330100MA2H000005', '新设小额贷款有限公司', 'micro_loan', '330106') RETURNING id`,
    );
    const [result] = await app.app
      .get(RecordIntakeService)
      .accept([news('N-5', '新设小额贷款有限公司开业。')], { source: 'kafka' });
    expect(result.status).toBe('accepted');
    const [row] = await ds.query(`SELECT firm_id FROM ingest_records WHERE submission_id = 'N-5'`);
    expect(row.firm_id).toBe(id);
  });
});
