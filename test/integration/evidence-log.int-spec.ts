import { DataSource } from 'typeorm';
import { treeHasher } from '../../src/evidence-chain/canonical/tree-hasher';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { fromHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { verifyConsistency } from '../../src/evidence-chain/merkle/consistency-proof';
import { verifyReceipt } from '../../src/evidence-chain/verifier/verify-receipt';
import { firstFailedStep } from '../../src/evidence-chain/verifier/verification-report';
import { FirmsService } from '../../src/firms/firms.service';
import { FirmApiKeysService } from '../../src/ingest/keys/firm-api-keys.service';
import { RunningApp } from '../../src/bootstrap';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { appendTestLeaves, chainEnv, genesis } from '../support/evidence';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

describe('evidence log anchored on the alliance chain', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let regulatorKey: Uint8Array;
  let firm: { id: string; key: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    const chain = chainEnv(db.url);
    regulatorKey = chain.regulatorPublicKey;
    app = await startTestApp(chain.env);
    dataSource = app.app.get(DataSource);
    const registered = await app.app.get(FirmsService).register({
      creditCode: '91350100M000100Y43',
      name: '存证测试担保',
      kind: 'financing_guarantee',
      regionCode: '350102',
    });
    firm = { id: registered.id, key: (await app.app.get(FirmApiKeysService).issue(registered.id)).key };
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const receiptOf = async (id: string) => {
    const response = await fetch(`${app.url}/v1/evidence/receipts/test_record/${id}`, {
      headers: { authorization: `Bearer ${firm.key}` },
    });
    return response.status === 200 ? ((await response.json()) as any) : undefined;
  };

  it('should refuse UPDATE, DELETE and TRUNCATE on the append-only evidence tables', async () => {
    await appendTestLeaves(dataSource, 1, firm.id);
    await expect(dataSource.query(`UPDATE evidence_leaves SET record_id = 'rewritten'`)).rejects.toThrow(
      /append-only: UPDATE is not allowed/,
    );
    await expect(dataSource.query(`DELETE FROM evidence_leaves`)).rejects.toThrow(/append-only: DELETE is not allowed/);
    await expect(dataSource.query(`TRUNCATE evidence_log CASCADE`)).rejects.toThrow(
      /append-only: TRUNCATE is not allowed/,
    );
  });

  it('should give a receipt that verifies against genesis and each of the 4 validators', async () => {
    const records = await appendTestLeaves(dataSource, 300, firm.id);
    const probe = records[137];
    const receipt = await waitFor('the receipt of a record to be anchored', () => receiptOf(probe.id), 30000);
    expect(receipt.anchor.ledger).toBe('cometbft');
    expect(receipt.inclusion.treeSize).toBeGreaterThan(receipt.inclusion.leafIndex);

    for (const rpc of testServices().cometbftRpc) {
      const report = await verifyReceipt({ receipt, recordBytes: probe.bytes, genesis: genesis(), regulatorKey }, [
        rpc,
      ]);
      expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
        '1:pass',
        '2:pass',
        '3:pass',
        '4:pass',
        '5:pass',
        '6:pass',
        '7:pass',
        '8:pass',
      ]);
      expect(report.ok).toBe(true);
    }

    const changed = new TextEncoder().encode(new TextDecoder().decode(probe.bytes).replace('"n":137', '"n":138'));
    expect(
      firstFailedStep(await verifyReceipt({ receipt, recordBytes: changed, genesis: genesis(), regulatorKey })),
    ).toBe(1);
  });

  it("should not give a firm the receipt of another firm's record", async () => {
    const [other] = await appendTestLeaves(dataSource, 1, null);
    await waitFor(
      'the record to be anchored',
      async () => (await dataSource.query(`SELECT count(*)::int AS n FROM evidence_pending`))[0].n === 0,
      20000,
    );
    const response = await fetch(`${app.url}/v1/evidence/receipts/test_record/${other.id}`, {
      headers: { authorization: `Bearer ${firm.key}` },
    });
    expect(response.status).toBe(404);
  });

  it('should prove each checkpoint extends the previous one, and fail for a rewritten history', async () => {
    await appendTestLeaves(dataSource, 20, firm.id);
    const listed = await waitFor(
      'two anchored checkpoints with a consistency proof',
      async () => {
        const page: any = await (await fetch(`${app.url}/v1/evidence/checkpoints?limit=2`)).json();
        return page.length === 2 && page[0].anchor && page[0].consistency ? page : undefined;
      },
      30000,
    );
    const [newer, older] = listed;
    const hasher = treeHasher(nodeSha256);
    const proof = newer.consistency.proof.map(fromHex);
    expect(newer.consistency.fromTreeSize).toBe(older.checkpoint.treeSize);
    expect(
      verifyConsistency(
        hasher,
        older.checkpoint.treeSize,
        newer.checkpoint.treeSize,
        fromHex(older.checkpoint.rootHash),
        fromHex(newer.checkpoint.rootHash),
        proof,
      ),
    ).toEqual({ ok: true });

    const rewritten = fromHex(older.checkpoint.rootHash);
    rewritten[0] ^= 1; // the older tree as a rewritten history would have it
    expect(
      verifyConsistency(
        hasher,
        older.checkpoint.treeSize,
        newer.checkpoint.treeSize,
        rewritten,
        fromHex(newer.checkpoint.rootHash),
        proof,
      ).ok,
    ).toBe(false);
    expect(newer.checkpoint.previous).toMatch(/^[0-9a-f]{64}$/);
  });
});
