import { DataSource } from 'typeorm';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { ScoringService } from '../../src/scoring/scoring.service';
import { EXAMPLE_IDS, examples } from '../../src/ingest/schemas/examples';
import { loginToken, staffUser } from '../support/auth';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { push, registerExampleFirms, TestFirm } from '../support/ingest';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function send(
  url: string,
  token: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; text: string; body: any }> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : null };
}

describe('ownership penetration (股权穿透) from the registry feed', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let registryKey: string;
  let analystToken: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url });
    firms = await registerExampleFirms(app.app);
    const staff = app.app.get(StaffDirectoryService);
    await staff.create(staffUser({ username: 'own.admin', role: 'admin', regionCode: '330100' }));
    await staff.create(staffUser({ username: 'own.analyst', role: 'analyst', regionCode: '330100' }));
    const adminToken = await loginToken(app.url, 'own.admin', staffUser().password);
    analystToken = await loginToken(app.url, 'own.analyst', staffUser().password);
    registryKey = (
      await send(`${app.url}/v1/admin/agency-keys`, adminToken, 'POST', {
        agency: '杭州市市场监督管理局',
        kinds: ['registry_event'],
      })
    ).body.key;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should show A as an ultimate owner at 30 % when A owns 60 % of B and B owns 50 % of the firm', async () => {
    // The p2p firm: 50 % held by the supervised micro-loan firm (B), 50 % by 王五 (name only).
    const firmList = examples.registryEvent({
      eventId: 'REG-OWN-1',
      firmCreditCode: firms.p2p.creditCode,
      occurredAt: daysAgo(5),
      type: 'registration_snapshot',
      detail: undefined,
      shareholders: [
        {
          name: '示例小额贷款有限公司',
          holderType: 'legal_person',
          idNumber: firms.microLoan.creditCode,
          sharePct: '50',
          subscribedCapital: '50000000.00',
          paidInCapital: '50000000.00',
          since: '2020-01-01',
        },
        { name: '王五', holderType: 'natural_person', sharePct: '50' },
      ],
      officers: [{ name: '张伟', role: 'legal_representative', idNumber: EXAMPLE_IDS.person }],
    });
    // B: 60 % held by A控股 (not supervised), 40 % by 李娜.
    const bList = examples.registryEvent({
      eventId: 'REG-OWN-2',
      firmCreditCode: firms.microLoan.creditCode,
      occurredAt: daysAgo(5),
      type: 'shareholder_change',
      detail: '股东变更',
      shareholders: [
        { name: 'A控股有限公司', holderType: 'legal_person', idNumber: EXAMPLE_IDS.company, sharePct: '60' },
        { name: '李娜', holderType: 'natural_person', idNumber: EXAMPLE_IDS.otherPerson, sharePct: '40' },
      ],
    });
    for (const event of [firmList, bList])
      expect((await push(app.url, '/v1/ingest/gov/registry_event', registryKey, event)).status).toBe(201);

    // Stored with the identity numbers keyed-hashed.
    const stored: Array<{ payload: any }> = await app.app
      .get(DataSource)
      .query(`SELECT payload FROM ingest_records WHERE kind = 'registry_event' ORDER BY business_key`);
    expect(stored.map((r) => r.payload.shareholders[0].idNumber)).toEqual([
      expect.stringMatching(/^kh1:/),
      expect.stringMatching(/^kh1:/),
    ]);
    expect(JSON.stringify(stored)).not.toContain(EXAMPLE_IDS.company);

    const profile = await send(`${app.url}/v1/firms/${firms.p2p.creditCode}`, analystToken, 'GET');
    expect(profile.status).toBe(200);
    expect(profile.body.relatedParties.beneficialOwners).toEqual([
      {
        name: '王五',
        kind: 'person',
        sharePct: 50,
        paths: [{ chain: ['王五', '股东 50%', '示例网贷信息中介有限公司'], sharePct: 50 }],
      },
      {
        name: 'A控股有限公司',
        kind: 'company',
        sharePct: 30,
        paths: [
          {
            chain: ['A控股有限公司', '股东 60%', '示例小额贷款有限公司', '股东 50%', '示例网贷信息中介有限公司'],
            sharePct: 30,
          },
        ],
      },
    ]);
    // A控股 controls B (60 %), but B holds only 50 % of the firm: no controller above 50 %.
    expect(profile.body.controllers).toEqual([]);
    for (const secret of [EXAMPLE_IDS.company, EXAMPLE_IDS.person, 'kh1:']) expect(profile.text).not.toContain(secret);
  });

  it("should find a loan to the firm's own controller (自融) through the real intake, with the path in the assessment and the profile", async () => {
    // The micro-loan firm declares 张伟 its actual controller, then lends to 张伟 (matched on the keyed hash).
    const declared = examples.keyPersons({
      recordId: 'KP-MC-1',
      firmCreditCode: firms.microLoan.creditCode,
      asOf: daysAgo(40),
      persons: [
        { role: 'actual_controller', name: '张伟', personType: 'natural_person', idNumber: EXAMPLE_IDS.person },
      ],
    });
    expect((await push(app.url, '/v1/ingest/key_persons', firms.microLoan.key, declared)).status).toBe(201);
    const loan = examples.contract({
      contractId: 'CT-INSIDER-1',
      signedAt: daysAgo(30),
      startDate: daysAgo(29),
      endDate: daysAgo(-300),
    });
    expect((await push(app.url, '/v1/ingest/contract', firms.microLoan.key, loan)).status).toBe(201);

    await app.app.get(ScoringService).rescore([firms.microLoan.id]);
    const [row] = await app.app
      .get(DataSource)
      .query(`SELECT explanation FROM assessments WHERE firm_id = $1 ORDER BY assessed_at DESC LIMIT 1`, [
        firms.microLoan.id,
      ]);
    expect(row.explanation.insiderLending).toEqual([
      {
        source: 'contract',
        ref: 'CT-INSIDER-1',
        counterpartyRole: 'borrower',
        counterparty: '张伟',
        amount: 500000,
        path: ['张伟', '实控人', '示例小额贷款有限公司'],
      },
    ]);
    const profile = await send(`${app.url}/v1/firms/${firms.microLoan.creditCode}`, analystToken, 'GET');
    expect(profile.body.assessment.explanation.insiderLending[0].path).toEqual([
      '张伟',
      '实控人',
      '示例小额贷款有限公司',
    ]);
    expect(profile.text).not.toContain('kh1:');
  });

  it('should still accept a version-1 registry event without lists', async () => {
    const v1 = examples.registryEvent({
      eventId: 'REG-OWN-V1',
      firmCreditCode: firms.guarantee.creditCode,
      occurredAt: daysAgo(3),
    });
    expect((await push(app.url, '/v1/ingest/gov/registry_event', registryKey, v1)).status).toBe(201);
  });
});
