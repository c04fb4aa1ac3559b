import { DataSource } from 'typeorm';
import { AnchorService } from '../../src/evidence-chain/anchor/anchor.service';
import { RunningApp } from '../../src/bootstrap';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { appendTestLeaves, chainEnv } from '../support/evidence';
import { waitFor } from '../support/wait-for';

describe(AnchorService.name, () => {
  let app: RunningApp | undefined;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should record a checkpoint anchored on the chain once its block is final, not a whole interval later', async () => {
    const writer = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await appendTestLeaves(writer, 5, null).finally(() => writer.destroy());
    // The first round, at start, checkpoints the five leaves and broadcasts; the next is 60 s away.
    app = await startTestApp({ ...chainEnv(db.url).env, ANCHOR_INTERVAL_MS: '60000' });
    const dataSource = app.app.get(DataSource);
    const started = Date.now();
    const [anchor] = await waitFor(
      'the checkpoint anchored between rounds',
      async () => {
        const rows: Array<{ tree_size: string; height: string }> = await dataSource.query(
          `SELECT tree_size, height FROM evidence_anchors`,
        );
        return rows.length ? rows : undefined;
      },
      15_000,
      100,
    );
    expect(anchor).toMatchObject({ tree_size: '5' });
    expect(Number(anchor.height)).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
