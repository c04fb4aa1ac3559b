import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertsService } from '../../src/alerts/alerts.service';
import { appendAccountability, appendDeliveries, appendEvents } from '../../src/alerts/persistence/alert-records';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { ALL_EVIDENCE_KINDS } from '../../src/evidence-kinds';
import { AnchorService } from '../../src/evidence-chain/anchor/anchor.service';
import { EvidenceKindRegistry } from '../../src/evidence-chain/kinds/evidence-kind-registry';
import { TamperCheckService } from '../../src/evidence-chain/tamper/tamper-check.service';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { exampleOf } from '../../src/ingest/schemas/examples';
import { RECORD_KINDS, type RecordKind } from '../../src/ingest/schemas/records';
import { bundledPowerList, powerOf } from '../../src/cage/power-list/power-list';
import { appendIntegrityAlert, appendOverdue } from '../../src/cage/overdue-watch.service';
import { PowerTracesService } from '../../src/cage/power-traces.service';
import { ReadBatchesService } from '../../src/cage/read-batches.service';
import { FindingsService } from '../../src/scoring/findings.service';
import { ManualScoresService } from '../../src/scoring/manual-scores.service';
import { insertListEntries } from '../../src/scoring/persistence/assessment-records';
import { RulePacksService } from '../../src/scoring/rule-packs.service';
import { BUNDLED_PACKS_DIR } from '../../src/scoring/rules/load-rule-pack';
import { ScoringService } from '../../src/scoring/scoring.service';
import { assessmentSignal } from '../support/alerts-app';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms, TestFirm } from '../support/ingest';
import { waitFor } from '../support/wait-for';
import { ed25519 } from '@noble/curves/ed25519';
import { SigningKeysService } from '../../src/ingest/signing/signing-keys.service';
import { CheckpointStore } from '../../src/evidence-chain/anchor/checkpoint-store';
import { checkpointNoteBody } from '../../src/evidence-chain/checkpoint/checkpoint-note';
import { signCosignature } from '../../src/evidence-chain/witness/cosignature';
import { FirmWitnessService } from '../../src/ingest/witness/firm-witness.service';

const LEAF_KINDS = ALL_EVIDENCE_KINDS.map((kind) => kind.name);
type LeafKind = string;

// How an attacker with database access changes one stored record of each kind: the table (its
// append-only trigger is disabled for the UPDATE, as they would), the row of a leaf, the change.
const INGEST = {
  table: 'ingest_records',
  where: 'id = $1::uuid',
  set: `payload = jsonb_set(payload, '{tampered}', 'true')`,
};
const EVENT = { table: 'alert_events', where: 'id = $1::uuid', set: `reason = coalesce(reason, '') || '（已改）'` };
const TAMPERING: Record<LeafKind, { table: string; where: string; set: string }> = {
  ...(Object.fromEntries(RECORD_KINDS.map((kind) => [kind, INGEST])) as Record<RecordKind, typeof INGEST>),
  document: {
    table: 'ingest_documents',
    where: `sha256 = decode($1, 'hex')`,
    set: `content = content || '\\x00'::bytea`,
  },
  assessment: { table: 'assessments', where: 'id = $1::uuid', set: 'risk_score = risk_score + 0.1' },
  list_entry: { table: 'firm_lists', where: 'id = $1::uuid', set: 'listed = NOT listed' },
  manual_score: { table: 'manual_scores', where: 'id = $1::uuid', set: `reason = reason || '（已改）'` },
  finding: { table: 'supervision_findings', where: 'id = $1::uuid', set: `effective_on = effective_on + 1` },
  rule_pack: { table: 'rule_pack_versions', where: `pack || '@' || version = $1`, set: `yaml = yaml || E'\\n# 已改'` },
  rule_pack_activation: {
    table: 'rule_pack_activations',
    where: 'id = $1::uuid',
    set: `activated_by = 'someone.else'`,
  },
  alert: EVENT,
  alert_action: EVENT,
  alert_delivery: { table: 'alert_deliveries', where: 'id = $1::uuid', set: `status = 'delivered'` },
  accountability: { table: 'accountability_records', where: 'id = $1::uuid', set: 'late_by_ms = late_by_ms - 1' },
  signing_key: {
    table: 'firm_signing_key_events',
    where: 'id = $1::bigint',
    set: `event = jsonb_set(event, '{label}', '"swapped"')`,
  },
  power_exercise: {
    table: 'power_traces',
    where: 'id = $1::uuid',
    set: `after = jsonb_build_object('licenceStatus', 'licensed')`,
  },
  licence_change: {
    table: 'licence_status_history',
    where: 'id = $1::uuid',
    set: `changed_at = changed_at - interval '1 day'`,
  },
  overdue_accountability: {
    table: 'overdue_accountability',
    where: 'id = $1::uuid',
    set: 'late_by_ms = late_by_ms - 1',
  },
  integrity_alert: { table: 'integrity_alerts', where: 'id = $1::uuid', set: `subject_staff_ids = '[]'::jsonb` },
  read_batch: { table: 'read_batches', where: 'id = $1::uuid', set: `sealed_at = sealed_at + interval '1 second'` },
  cosignature: {
    table: 'firm_cosignatures',
    where: 'id = $1::bigint',
    set: `event = jsonb_set(event, '{treeSize}', '0')`,
  },
  witness_refusal: {
    table: 'witness_refusals',
    where: 'id = $1::bigint',
    set: `event = jsonb_set(event, '{reason}', '"nothing"')`,
  },
};

describe(TamperCheckService.name, () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let tamper: TamperCheckService;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, TAMPER_CHECK_INTERVAL_MS: '86400000' });
    dataSource = app.app.get(DataSource);
    tamper = app.app.get(TamperCheckService);
    firms = await registerExampleFirms(app.app);
    await writeOneOfEachKind();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** Every kind of leaf, through the services that write it (and the alert writers for the rest). */
  async function writeOneOfEachKind(): Promise<void> {
    const intake = await app.app.get(RecordIntakeService).accept(
      RECORD_KINDS.map((kind, i) => ({ kind, value: exampleOf(kind), sourceRef: `tamper-test/${i}` })),
      { source: 'kafka' },
    );
    expect(intake.filter((r) => r.status !== 'accepted')).toEqual([]);
    await app.app.get(ScoringService).rescoreAll();
    await app.app
      .get(ManualScoresService)
      .add(
        firms.guarantee.id,
        { id: 'analyst-1', displayName: '市局分析员' },
        { mode: 'adjust', value: 5, reason: '现场检查发现代偿准备不足' },
      );
    await app.app
      .get(FindingsService)
      .confirm(
        firms.microLoan.id,
        { id: 'officer-1', displayName: '王敏' },
        { code: 'deposit_taking', source: '现场检查 2026-11', note: '以理财名义向社会公众吸收资金' },
      );
    const packs = app.app.get(RulePacksService);
    const v1 = readFileSync(join(BUNDLED_PACKS_DIR, 'micro_loan.v1.yaml'), 'utf8');
    await packs.upload(v1.replace(/^version: 1$/m, 'version: 2'), 'sys.admin');
    await packs.activate('micro_loan', 2, 'sys.admin');
    const { alert } = await app.app
      .get(AlertsService)
      .onSignal(assessmentSignal({ firmId: firms.p2p.id, tier: 'yellow', assessedAt: new Date() }));
    const [{ version }]: Array<{ version: number }> = await dataSource.query(
      `SELECT version FROM alerts WHERE id = $1`,
      [alert!.id],
    );
    await dataSource.transaction(async (m) => {
      const at = new Date();
      const officer = { kind: 'staff', staffId: 'officer-1', name: '王敏', role: 'county_officer' } as const;
      const [eventId] = await appendEvents(m, alert!, version, [
        { kind: 'note', action: 'note', actor: officer, at, reason: '已电话约谈' },
      ]);
      await appendDeliveries(m, [
        {
          firmId: firms.p2p.id,
          deliveries: [
            {
              alertId: alert!.id,
              eventId,
              recipientId: 'officer-1',
              channel: 'sms',
              maskedTarget: '138****0001',
              status: 'sent',
              attempts: 1,
              lastError: null,
              attemptLog: [{ at: at.toISOString(), ok: true }],
              createdAt: at,
            },
          ],
        },
      ]);
      await appendAccountability(
        m,
        {
          alertId: alert!.id,
          firmId: firms.p2p.id,
          firmName: '示例网贷信息中介有限公司',
          tier: 'yellow',
          deadline: new Date(at.getTime() - 3_600_000),
          detectedAt: at,
          lateByMs: 3_600_000,
          escalationLevel: 1,
          responsibleRole: 'county_officer',
          responsibleRegionCode: '330106',
          responsible: [{ staffId: 'officer-1', name: '王敏' }],
          escalatedTo: { tier: 'orange', escalationLevel: 2, role: 'section_head', regionCode: '330100' },
        },
        '330106',
      );
      await insertListEntries(m, [
        {
          id: randomUUID(),
          firmId: firms.p2p.id,
          list: 'black',
          listed: true,
          reasons: ['逾期率连续两期上升'],
          assessmentId: null,
          decidedAt: at.toISOString(),
        },
      ]);
    });
    await app.app.get(SigningKeysService).register(firms.p2p.id, {
      algorithm: 'ed25519',
      publicKey: ed25519.getPublicKey(ed25519.utils.randomPrivateKey()),
      label: 'core system',
    });
    const witnessKey = ed25519.utils.randomPrivateKey();
    await app.app.get(SigningKeysService).register(firms.p2p.id, {
      algorithm: 'ed25519',
      publicKey: ed25519.getPublicKey(witnessKey),
      validFrom: new Date(Date.now() - 60_000),
    });
    const signed = await waitFor(
      'a checkpoint to cosign',
      async () => (await app.app.get(CheckpointStore).latest()) ?? undefined,
      20_000,
    );
    const body = checkpointNoteBody(signed.checkpoint);
    await app.app
      .get(FirmWitnessService)
      .cosign({ firmId: firms.p2p.id }, body, signCosignature(body, 'firm.p2p', witnessKey));
    await app.app.get(FirmWitnessService).refuse(firms.p2p.id, body, signed.checkpoint.treeSize, 'a test refusal');
    const admin = { id: 'admin-1', displayName: '系统管理员', role: 'admin', regionCode: '330100' };
    await app.app.get(PowerTracesService).record({
      power: powerOf(bundledPowerList(), 'licence.change'),
      listVersion: 1,
      actor: admin,
      approver: { id: 'head-1', displayName: '科长', role: 'section_head', regionCode: '330100' },
      reason: '经营异常',
      before: { targetId: firms.p2p.creditCode, firmId: firms.p2p.id, state: { licenceStatus: 'licensed' } },
      after: { targetId: firms.p2p.creditCode, firmId: firms.p2p.id, state: { licenceStatus: 'suspended' } },
      request: { method: 'PUT', path: '/v1/admin/firms/x/licence-status' },
      at: new Date(),
    });
    await dataSource.transaction(async (m) => {
      const at = new Date();
      const responsible = [{ staffId: 'officer-1', name: '王敏' }];
      const overdue = await appendOverdue(
        m,
        {
          subjectKey: `task:${randomUUID()}`,
          cause: 'task_overdue',
          alertId: alert!.id,
          firmId: firms.p2p.id,
          regionCode: '330106',
          responsibleRole: 'county_officer',
          responsibleRegionCode: '330106',
          responsible,
          deadlineAt: new Date(at.getTime() - 60_000),
          detail: { taskId: 'on-site' },
        },
        at,
      );
      await appendIntegrityAlert(
        m,
        {
          subjectKey: `task:${overdue}`,
          indicator: 'task_overdue',
          subjectStaffIds: ['officer-1'],
          subjectRole: 'county_officer',
          regionCode: '330106',
          firmId: firms.p2p.id,
          summary: '应急任务逾期未完成',
          evidence: { accountabilityId: overdue },
        },
        at,
      );
    });
    await dataSource.query(
      `INSERT INTO staff_access_log (at, staff_id, username, method, path, firm_id, outcome) VALUES (now() - interval '1 minute', 'analyst-1', 'city.analyst', 'GET', '/v1/firms/x', $1, 'allowed')`,
      [firms.p2p.id],
    );
    expect(await app.app.get(ReadBatchesService).seal(new Date())).toBeGreaterThan(0);
    const present: Array<{ kind: string }> = await dataSource.query(
      `SELECT DISTINCT record_kind AS kind FROM evidence_leaves`,
    );
    expect(present.map((r) => r.kind).sort()).toEqual([...LEAF_KINDS].sort());
  }

  async function tamperWith(kind: LeafKind): Promise<{ leafId: string; recordId: string }> {
    const [leaf]: Array<{ id: string; record_id: string }> = await dataSource.query(
      `SELECT id, record_id FROM evidence_leaves WHERE record_kind = $1 ORDER BY id DESC LIMIT 1`,
      [kind],
    );
    const { table, where, set } = TAMPERING[kind];
    await dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE "${table}" DISABLE TRIGGER "${table}_append_only"`);
      const [, changed] = await m.query(`UPDATE "${table}" SET ${set} WHERE ${where}`, [leaf.record_id]);
      expect(changed).toBe(1);
      await m.query(`ALTER TABLE "${table}" ENABLE TRIGGER "${table}_append_only"`);
    });
    return { leafId: leaf.id, recordId: leaf.record_id };
  }

  it('should find nothing when no stored record was changed', async () => {
    expect(await tamper.scan()).toEqual([]);
  });

  it.each(LEAF_KINDS.map((kind) => [kind]))('should find exactly the %s row changed in SQL', async (kind) => {
    const changed = await tamperWith(kind);
    const findings = await tamper.scan();
    expect(findings).toEqual([
      expect.objectContaining({ leafId: changed.leafId, recordKind: kind, recordId: changed.recordId }),
    ]);
    expect(findings[0].actualHash).toMatch(/^[0-9a-f]{64}$/);
    expect(findings[0].actualHash).not.toBe(findings[0].expectedHash);
    expect(await tamper.scan()).toEqual([]); // found once, not again on every pass
  });

  it('should find a record whose row was deleted', async () => {
    const [leaf]: Array<{ id: string; record_id: string }> = await dataSource.query(
      `SELECT id, record_id FROM evidence_leaves WHERE record_kind = 'rule_pack_activation' ORDER BY id LIMIT 1`,
    );
    await dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE rule_pack_activations DISABLE TRIGGER rule_pack_activations_append_only`);
      await m.query(`DELETE FROM rule_pack_activations WHERE id = $1`, [leaf.record_id]);
      await m.query(`ALTER TABLE rule_pack_activations ENABLE TRIGGER rule_pack_activations_append_only`);
    });
    expect(await tamper.scan()).toEqual([
      expect.objectContaining({ leafId: leaf.id, recordKind: 'rule_pack_activation', actualHash: '' }),
    ]);
  });

  it('should raise red evidence_tampered alerts and list every finding to an auditor', async () => {
    const alerts = await waitFor('red tamper alerts', async () => {
      const rows: Array<{ tier: string }> = await dataSource.query(
        `SELECT tier::text FROM alerts WHERE cause_key = 'evidence_tampered'`,
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(alerts.every((a) => a.tier === 'red')).toBe(true);
    await app.app.get(StaffDirectoryService).create({
      username: 'city.auditor',
      displayName: '孙审计',
      role: 'auditor',
      regionCode: '330100',
      password: 'correct-horse-audit-2026',
    });
    const login = await fetch(`${app.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'city.auditor', password: 'correct-horse-audit-2026' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const listed = await fetch(`${app.url}/v1/evidence/tamper-findings?limit=100`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(listed.status).toBe(200);
    const kinds = ((await listed.json()) as Array<{ recordKind: string }>).map((f) => f.recordKind);
    expect(new Set(kinds)).toEqual(new Set(LEAF_KINDS));
    expect(kinds).toHaveLength(LEAF_KINDS.length + 1);
  });
  it('should walk past batch boundaries and find a changed row in a later batch', async () => {
    // 4,500 more leaves: the scan reads evidence_leaves 2,000 at a time, so this spans three batches.
    const decidedAt = new Date().toISOString();
    const entries = Array.from({ length: 4500 }, (_, i) => ({
      id: randomUUID(),
      firmId: firms.guarantee.id,
      list: 'white' as const,
      listed: i % 2 === 0,
      reasons: [`第${i}次复核`],
      assessmentId: null,
      decidedAt,
    }));
    await dataSource.transaction((m) => insertListEntries(m, entries));
    expect(await tamper.scan()).toEqual([]);
    const target = entries[3100];
    await dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE firm_lists DISABLE TRIGGER firm_lists_append_only`);
      await m.query(`UPDATE firm_lists SET reasons = '[]'::jsonb WHERE id = $1`, [target.id]);
      await m.query(`ALTER TABLE firm_lists ENABLE TRIGGER firm_lists_append_only`);
    });
    expect(await tamper.scan()).toEqual([expect.objectContaining({ recordKind: 'list_entry', recordId: target.id })]);
  });

  describe('a row rewritten together with its evidence', () => {
    // The newest manual score's leaf, once it is in the Merkle log under a signed checkpoint.
    let leaf: { id: string; record_id: string; leaf_index: string };
    let rewritten: Buffer;

    beforeAll(async () => {
      leaf = await waitFor('the manual score leaf to be logged under a checkpoint', async () => {
        const [row]: Array<{ id: string; record_id: string; leaf_index: string }> = await dataSource.query(
          `SELECT l.id, l.record_id, g.leaf_index FROM evidence_leaves l JOIN evidence_log g ON g.leaf_id = l.id
            WHERE l.record_kind = 'manual_score' AND g.leaf_index < (SELECT max(tree_size) FROM evidence_checkpoints) ORDER BY l.id DESC LIMIT 1`,
        );
        return row;
      });
      await withTriggersOff(['manual_scores', 'evidence_leaves'], async (m) => {
        await m.query(`UPDATE manual_scores SET reason = reason || '（已改）' WHERE id = $1`, [leaf.record_id]);
        rewritten = (await app.app.get(EvidenceKindRegistry).rehasherOf('manual_score')!(m, [leaf.record_id])).get(
          leaf.record_id,
        )!;
        await m.query(`UPDATE evidence_leaves SET content_hash = $2 WHERE id = $1`, [leaf.id, rewritten]);
      });
    });

    it('should find the leaf no longer matching its Merkle log entry (the row matches the rewritten leaf)', async () => {
      const [{ logged }]: Array<{ logged: Buffer }> = await dataSource.query(
        `SELECT leaf_hash AS logged FROM evidence_log WHERE leaf_id = $1`,
        [leaf.id],
      );
      expect(await tamper.scan()).toEqual([
        {
          scope: 'leaf',
          leafId: leaf.id,
          recordKind: 'manual_score',
          recordId: leaf.record_id,
          firmId: firms.guarantee.id,
          expectedHash: logged.toString('hex'),
          actualHash: leafHash(rewritten),
        },
      ]);
    });

    it('should find the log rewritten to match no longer giving the signed root, and the anchor leader should refuse to sign over it', async () => {
      // The finding names the first signed checkpoint that covers the rewritten entry.
      const [first]: Array<{ tree_size: string; root: Buffer }> = await dataSource.query(
        `SELECT tree_size, root_hash AS root FROM evidence_checkpoints WHERE tree_size > $1 ORDER BY tree_size LIMIT 1`,
        [leaf.leaf_index],
      );
      await withTriggersOff(['evidence_log'], (m) =>
        m.query(`UPDATE evidence_log SET leaf_hash = $2 WHERE leaf_id = $1`, [
          leaf.id,
          Buffer.from(leafHash(rewritten), 'hex'),
        ]),
      );
      const findings = await tamper.scan();
      expect(findings).toEqual([
        {
          scope: 'log',
          leafId: null,
          recordKind: 'evidence_log',
          recordId: `tree_size:${first.tree_size}`,
          firmId: null,
          expectedHash: first.root.toString('hex'),
          actualHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ]);
      expect(findings[0].actualHash).not.toBe(findings[0].expectedHash);
      expect(await tamper.scan()).toEqual([]); // found once
      await waitFor('a bureau-wide red alert for the rewritten log', async () => {
        const rows: Array<{ tier: string }> = await dataSource.query(
          `SELECT tier::text FROM alerts WHERE cause_key = 'evidence_tampered' AND firm_id IS NULL`,
        );
        return rows.length === 1 && rows[0].tier === 'red';
      });

      // A restarted anchor leader loads the rewritten log: it must not sign a checkpoint over it.
      await app.close();
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const signed = (
        await client.query<{ tree_size: string }>(`SELECT max(tree_size) AS tree_size FROM evidence_checkpoints`)
      ).rows[0];
      await client.end();
      app = await startTestApp({
        DATABASE_URL: db.url,
        TAMPER_CHECK_INTERVAL_MS: '86400000',
        ANCHOR_INTERVAL_MS: '3600000',
      });
      dataSource = app.app.get(DataSource);
      tamper = app.app.get(TamperCheckService);
      await dataSource.transaction((m) =>
        insertListEntries(m, [
          {
            id: randomUUID(),
            firmId: firms.p2p.id,
            list: 'white',
            listed: true,
            reasons: ['复核'],
            assessmentId: null,
            decidedAt: new Date().toISOString(),
          },
        ]),
      );
      const anchor = app.app.get(AnchorService);
      await waitFor('the restarted process to lead anchoring and log the new leaf', async () => {
        await anchor.round();
        const [{ logged }]: Array<{ logged: string }> = await dataSource.query(
          `SELECT count(*)::int AS logged FROM evidence_log`,
        );
        const [{ pending }]: Array<{ pending: number }> = await dataSource.query(
          `SELECT count(*)::int AS pending FROM evidence_pending`,
        );
        return pending === 0 && Number(logged) > Number(signed.tree_size);
      });
      const [{ newest }]: Array<{ newest: string }> = await dataSource.query(
        `SELECT max(tree_size) AS newest FROM evidence_checkpoints`,
      );
      expect(newest).toBe(signed.tree_size);
    });
  });

  async function withTriggersOff<T>(tables: string[], change: (m: EntityManager) => Promise<T>): Promise<T> {
    return dataSource.transaction(async (m) => {
      for (const t of tables) await m.query(`ALTER TABLE "${t}" DISABLE TRIGGER "${t}_append_only"`);
      const result = await change(m);
      for (const t of tables) await m.query(`ALTER TABLE "${t}" ENABLE TRIGGER "${t}_append_only"`);
      return result;
    });
  }
});

/** RFC 6962 leaf hash of a content hash, hex. */
function leafHash(contentHash: Buffer): string {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(contentHash)
    .digest('hex');
}
