import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { verifySignature } from '../../src/evidence-chain/canonical/signature-algorithms';
import { Receipt } from '../../src/evidence-chain/verifier/receipt';
import { firstFailedStep } from '../../src/evidence-chain/verifier/verification-report';
import { verifyReceipt } from '../../src/evidence-chain/verifier/verify-receipt';
import { examples } from '../../src/ingest/schemas/examples';
import { REQUIRED_KAFKA_COMPONENTS, signatureHeaders } from '../../src/ingest/signing/http-signature';
import { DEAD_LETTER_TOPIC, TOPIC_BY_KIND } from '../../src/ingest/topics';
import { startTestApp } from '../support/app';
import { loginToken, staffUser } from '../support/auth';
import { createTestDatabase } from '../support/database';
import { chainEnv, genesis } from '../support/evidence';
import { push, registerExampleFirms, TestFirm } from '../support/ingest';
import { testServices } from '../support/services';
import {
  ed25519Pair,
  FirmKeyPair,
  opensslSm2Pair,
  opensslSm2Verify,
  signedPushHeaders,
  sm2Pair,
} from '../support/signing';
import { waitFor } from '../support/wait-for';

const PATH = '/v1/ingest/p2p_report';
const ROOT = join(__dirname, '../..');

async function call(
  url: string,
  token: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('firms sign what they push (RFC 9421) and verify with their own copy', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let dataSource: DataSource;
  let admin: string;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let regulatorKey: Uint8Array;
  let ed: FirmKeyPair;
  let other: FirmKeyPair;
  const prefix = `t${randomUUID().slice(0, 8)}.`;
  let n = 0;
  const report = () =>
    JSON.stringify(examples.p2pReport({ reportId: `SIG-${++n}-${randomUUID().slice(0, 6)}` }), null, 2);

  beforeAll(async () => {
    db = await createTestDatabase();
    const chain = chainEnv(db.url);
    regulatorKey = chain.regulatorPublicKey;
    app = await startTestApp({
      ...chain.env,
      KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_PREFIX: `g${randomUUID().slice(0, 8)}`,
    });
    dataSource = app.app.get(DataSource);
    firms = await registerExampleFirms(app.app);
    await app.app
      .get(StaffDirectoryService)
      .create(staffUser({ username: 'sig.admin', role: 'admin', regionCode: '330100' }));
    admin = await loginToken(app.url, 'sig.admin', staffUser().password);
    ed = ed25519Pair();
    other = ed25519Pair();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const keysUrl = (firm: TestFirm) => `${app.url}/v1/admin/firms/${firm.creditCode}/signing-keys`;
  const register = (firm: TestFirm, pair: FirmKeyPair, keyId: string, extra: object = {}) =>
    call(keysUrl(firm), admin, 'POST', {
      keyId,
      algorithm: pair.algorithm,
      publicKey: toHex(pair.publicKey),
      ...extra,
    });
  const signedPush = (
    pair: FirmKeyPair,
    keyId: string,
    body: string,
    tweak: (h: Record<string, string>) => Record<string, string> = (h) => h,
  ) => push(app.url, PATH, firms.p2p.key, body, tweak(signedPushHeaders(pair, keyId, PATH, body)));

  it("should let only an admin register a firm's keys, each change an evidence leaf, and show the firm its own", async () => {
    expect(
      (
        await call(keysUrl(firms.p2p), firms.microLoan.key, 'POST', {
          algorithm: 'ed25519',
          publicKey: toHex(ed.publicKey),
        })
      ).status,
    ).toBe(401);
    const registered = await register(firms.p2p, ed, 'p2p-core-2026');
    expect(registered).toMatchObject({
      status: 201,
      body: { keyId: 'p2p-core-2026', algorithm: 'ed25519', publicKey: toHex(ed.publicKey), revokedAt: null },
    });
    expect((await register(firms.p2p, ed, 'p2p-core-2026')).status).toBe(409);
    expect((await call(keysUrl(firms.p2p), admin, 'POST', { algorithm: 'ed25519', publicKey: 'ab' })).status).toBe(422);
    expect((await register(firms.microLoan, other, 'micro-core')).status).toBe(201);
    expect(
      (
        await call(`${app.url}/v1/admin/firms/${firms.p2p.creditCode}/signature-policy`, admin, 'PUT', {
          signaturesRequired: true,
        })
      ).body,
    ).toEqual({ signaturesRequired: true });

    const mine = await call(`${app.url}/v1/ingest/signing-keys`, firms.p2p.key, 'GET');
    expect(mine.body).toEqual({
      signaturesRequired: true,
      keys: [expect.objectContaining({ keyId: 'p2p-core-2026' })],
    });
    const leaves = await dataSource.query(`SELECT firm_id FROM evidence_leaves WHERE record_kind = 'signing_key'`);
    expect(leaves.map((l: { firm_id: string }) => l.firm_id).sort()).toEqual([firms.p2p.id, firms.microLoan.id].sort());
  });

  it('should refuse an unsigned or wrongly signed push with the problem named, and dead-letter its bytes', async () => {
    const body = report();
    const flip = (text: string, at: number) =>
      text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1);
    const cases: Array<[string, () => ReturnType<typeof push>, number, string]> = [
      ['unsigned', () => push(app.url, PATH, firms.p2p.key, body), 401, 'signature_missing'],
      [
        'one body byte flipped',
        () => push(app.url, PATH, firms.p2p.key, flip(body, 40), signedPushHeaders(ed, 'p2p-core-2026', PATH, body)),
        422,
        'bad_digest',
      ],
      [
        'digest flipped',
        () =>
          signedPush(ed, 'p2p-core-2026', body, (h) => ({
            ...h,
            'content-digest': `sha-256=:${Buffer.alloc(32, 7).toString('base64')}:`,
          })),
        422,
        'bad_digest',
      ],
      [
        'signature flipped',
        () =>
          signedPush(ed, 'p2p-core-2026', body, (h) => ({
            ...h,
            signature: h.signature.replace(/:(.)/, (_, c) => `:${c === 'A' ? 'B' : 'A'}`),
          })),
        401,
        'bad_signature',
      ],
      [
        'key id of nobody',
        () =>
          signedPush(ed, 'p2p-core-2026', body, (h) => ({
            ...h,
            'signature-input': h['signature-input'].replace('p2p-core-2026', 'p2p-core-2027'),
          })),
        401,
        'unknown_key',
      ],
      ['key id of another firm', () => signedPush(other, 'micro-core', body), 401, 'unknown_key'],
      [
        'key id changed to another key of the firm',
        () =>
          signedPush(ed, 'p2p-core-2026', body, (h) => ({
            ...h,
            'signature-input': h['signature-input'].replace('p2p-core-2026', 'p2p-spare'),
          })),
        401,
        'unknown_key',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      const answer = await send();
      expect({ name, status: answer.status, type: answer.headers.get('content-type'), code: answer.body.code }).toEqual(
        { name, status, type: expect.stringContaining('application/problem+json'), code },
      );
      expect(answer.body.type).toBe(`urn:problem:${code}`);
    }
    expect(
      await dataSource.query(`SELECT id FROM ingest_records WHERE submission_id = $1`, [JSON.parse(body).reportId]),
    ).toEqual([]);

    const kafka = new Kafka({
      clientId: 'signatures-test',
      brokers: testServices().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `dlq-${randomUUID()}` });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: prefix + DEAD_LETTER_TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    try {
      await waitFor('a dead letter per refused push', () => seen.length >= cases.length, 30_000);
    } finally {
      await consumer.disconnect();
    }
    const reasons = seen.map((m) => String(m.headers?.['x-dead-letter-reason']));
    expect(reasons.sort()).toEqual(cases.map((c) => c[3]).sort());
    const missing = seen.find((m) => String(m.headers?.['x-dead-letter-reason']) === 'signature_missing')!;
    expect(String(missing.value)).toBe(body);
  }, 60_000);

  it('should refuse a key outside its window or revoked, yet keep what it signed before verifiable', async () => {
    const old = ed25519Pair();
    expect(
      (
        await register(firms.p2p, old, 'p2p-2024', {
          validFrom: '2024-01-01T00:00:00Z',
          validUntil: '2025-01-01T00:00:00Z',
        })
      ).status,
    ).toBe(201);
    const expired = await signedPush(old, 'p2p-2024', report());
    expect({ status: expired.status, code: expired.body.code }).toEqual({ status: 401, code: 'key_expired' });

    const soon = ed25519Pair();
    await register(firms.p2p, soon, 'p2p-rotating');
    const before = await signedPush(soon, 'p2p-rotating', report());
    expect(before.status).toBe(201);
    const revoked = await call(`${keysUrl(firms.p2p)}/p2p-rotating`, admin, 'DELETE');
    expect(revoked.body).toMatchObject({ keyId: 'p2p-rotating', revokedAt: expect.any(String) });
    const after = await signedPush(soon, 'p2p-rotating', report());
    expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: 'key_revoked' });

    const receipt = await receiptOf(before.body.id);
    expect(receipt.record.submission?.envelope.signature?.keyId).toBe('p2p-rotating');
    const report_ = await verifyReceipt({
      receipt,
      recordBytes: Buffer.from(JSON.stringify(await storedForm(before.body.id))),
      genesis: genesis(),
      regulatorKey,
      firmKey: soon.publicKey,
    });
    expect(report_.steps[0]).toMatchObject({
      status: 'pass',
      substeps: expect.arrayContaining([expect.objectContaining({ label: 'firm signature', status: 'pass' })]),
    });
  }, 60_000);

  async function receiptOf(id: string): Promise<Receipt> {
    return waitFor(
      "the record's receipt",
      async () => {
        const answer = await call(`${app.url}/v1/evidence/receipts/p2p_report/${id}`, firms.p2p.key, 'GET');
        return answer.status === 200 ? (answer.body as Receipt) : undefined;
      },
      30_000,
    );
  }

  async function storedForm(id: string): Promise<unknown> {
    const [row] = await dataSource.query(`SELECT payload FROM ingest_records WHERE id = $1`, [id]);
    return row.payload;
  }

  it("should store the signature with the record, and verify the firm's own file with its salt and key alone", async () => {
    const body = report();
    const answer = await signedPush(ed, 'p2p-core-2026', body);
    expect(answer.status).toBe(201);
    expect(answer.body.submission).toEqual({
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
      salt: expect.stringMatching(/^[0-9a-f]{64}$/),
      signedBy: 'p2p-core-2026',
    });
    const receipt = await receiptOf(answer.body.id);
    const signature = receipt.record.submission!.envelope.signature!;
    expect(signature).toMatchObject({ keyId: 'p2p-core-2026', algorithm: 'ed25519' });
    expect(signature.signatureBase).toContain(`"@path": ${PATH}`);
    // The firm's public key alone checks that it signed these bytes.
    expect(
      verifySignature(
        'ed25519',
        ed.publicKey,
        Buffer.from(signature.signatureBase),
        Buffer.from(signature.value, 'base64'),
      ),
    ).toBe(true);

    const salt = Buffer.from(answer.body.submission.salt, 'hex');
    const bare = {
      ...receipt,
      record: { ...receipt.record, submission: { ...receipt.record.submission!, salt: undefined } },
    };
    const own = await verifyReceipt({
      receipt: bare,
      recordBytes: Buffer.from(body),
      genesis: genesis(),
      regulatorKey,
      salt,
      firmKey: ed.publicKey,
    });
    expect(own.ok).toBe(true);
    expect(own.steps[0].substeps).toEqual([
      expect.objectContaining({ status: 'pass' }),
      expect.objectContaining({ label: 'record held', status: 'pass', detail: expect.stringContaining('own bytes') }),
      expect.objectContaining({
        label: 'firm signature',
        status: 'pass',
        detail: expect.stringContaining('signed exactly these bytes'),
      }),
    ]);
    const flipped = Buffer.from(body);
    flipped[10] ^= 1;
    expect(
      firstFailedStep(
        await verifyReceipt({
          receipt: bare,
          recordBytes: flipped,
          genesis: genesis(),
          regulatorKey,
          salt,
          firmKey: ed.publicKey,
        }),
      ),
    ).toBe(1);
    // Without the salt, the firm's bytes cannot be confirmed from the receipt.
    expect(
      firstFailedStep(
        await verifyReceipt({ receipt: bare, recordBytes: Buffer.from(body), genesis: genesis(), regulatorKey }),
      ),
    ).toBe(1);
    // The stored form verifies as before.
    expect(
      (
        await verifyReceipt({
          receipt,
          recordBytes: Buffer.from(JSON.stringify(await storedForm(answer.body.id))),
          genesis: genesis(),
          regulatorKey,
        })
      ).ok,
    ).toBe(true);

    // npm run verify -- --record my-copy.json --salt ... --firm-key ...
    const dir = mkdtempSync(join(tmpdir(), 'sig-verify-'));
    try {
      const file = (name: string, content: string | Uint8Array) => (
        writeFileSync(join(dir, name), content),
        join(dir, name)
      );
      const args = (record: string | Uint8Array) => [
        '-r',
        '@swc-node/register',
        'src/evidence-chain/verifier/verify.cli.ts',
        '--record',
        file('my-copy.json', record),
        '--receipt',
        file('receipt.json', JSON.stringify(bare)),
        '--genesis',
        file('genesis.json', JSON.stringify(genesis())),
        '--regulator-key',
        toHex(regulatorKey),
        '--salt',
        answer.body.submission.salt,
        '--firm-key',
        toHex(ed.publicKey),
      ];
      const { stdout } = await promisify(execFile)(process.execPath, args(body), { cwd: ROOT });
      expect(stdout).toMatch(/✓ 1\. record content hash/);
      expect(stdout).toMatch(/✓ firm signature: key p2p-core-2026 \(ed25519\) signed exactly these bytes/);
      expect(stdout).toMatch(/VERIFIED$/m);
      const failed = await promisify(execFile)(process.execPath, args(flipped), { cwd: ROOT }).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
      expect(failed).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('should take one signature over a whole bulk push and commit each item to it', async () => {
    const body = JSON.stringify([JSON.parse(report()), JSON.parse(report())]);
    const answer = await push(
      app.url,
      `${PATH}/bulk`,
      firms.p2p.key,
      body,
      signedPushHeaders(ed, 'p2p-core-2026', `${PATH}/bulk`, body),
    );
    expect(answer.body).toMatchObject({ accepted: 2, submission: { signedBy: 'p2p-core-2026' } });
    const receipt = await receiptOf(answer.body.items[1].id);
    expect(receipt.record.submission?.envelope).toMatchObject({
      item: 1,
      commitment: answer.body.submission.commitment,
    });
    const own = await verifyReceipt({
      receipt,
      recordBytes: Buffer.from(body),
      genesis: genesis(),
      regulatorKey,
      salt: Buffer.from(answer.body.submission.salt, 'hex'),
      firmKey: ed.publicKey,
    });
    expect(own.ok).toBe(true);
  }, 60_000);

  it('should accept SM2 pushes signed by openssl, and sign SM2 that openssl verifies', async () => {
    const independent = opensslSm2Pair();
    try {
      expect((await register(firms.p2p, independent, 'p2p-sm2-openssl')).status).toBe(201);
      const ok = await signedPush(independent, 'p2p-sm2-openssl', report());
      expect(ok.status).toBe(201);
      const bad = await signedPush(independent, 'p2p-sm2-openssl', report(), (h) => ({
        ...h,
        signature: h.signature.replace(/:(.)/, (_, c) => `:${c === 'A' ? 'B' : 'A'}`),
      }));
      expect(bad.body.code).toBe('bad_signature');
    } finally {
      independent.dispose();
    }
    const ours = sm2Pair();
    const message = Buffer.from('"@method": POST\n"@path": /v1/ingest/p2p_report');
    const signature = ours.sign(message);
    expect(opensslSm2Verify(ours.publicKey, message, signature)).toBe(true);
    expect(opensslSm2Verify(ours.publicKey, Buffer.from('"@method": PUT'), signature)).toBe(false);
    expect((await register(firms.p2p, ours, 'p2p-sm2-here')).status).toBe(201);
    expect((await signedPush(ours, 'p2p-sm2-here', report())).status).toBe(201);
  }, 60_000);

  it('should take the same signature in Kafka headers over the message bytes, and dead-letter with the reason when it is bad', async () => {
    const topic = prefix + TOPIC_BY_KIND.p2p_report;
    const kafka = new Kafka({
      clientId: 'signatures-kafka-test',
      brokers: testServices().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const message = (
      pair: FirmKeyPair,
      keyId: string,
      value: string,
      tweak: (h: Record<string, string>) => Record<string, string> = (h) => h,
    ) => ({
      key: firms.p2p.creditCode,
      value,
      headers: tweak(
        signatureHeaders({
          keyId,
          body: Buffer.from(value),
          derived: { 'kafka-topic': topic },
          components: REQUIRED_KAFKA_COMPONENTS,
          sign: pair.sign,
        }),
      ),
    });
    const good = report();
    const refused: Array<[string, { key: string; value: string; headers?: Record<string, string> }]> = [
      ['signature_missing', { key: firms.p2p.creditCode, value: report() }],
      ['bad_digest', { ...message(ed, 'p2p-core-2026', report()), value: report() }],
      [
        'bad_signature',
        message(ed, 'p2p-core-2026', report(), (h) => ({
          ...h,
          signature: h.signature.replace(/:(.)/, (_, c) => `:${c === 'A' ? 'B' : 'A'}`),
        })),
      ],
      ['unknown_key', message(other, 'micro-core', report())],
      [
        'bad_signature',
        message(ed, 'p2p-core-2026', report(), (h) => ({
          ...h,
          'signature-input': h['signature-input'].replace('"kafka-topic"', '"kafka-topic" "content-digest"'),
        })),
      ],
    ];
    try {
      await producer.send({ topic, messages: [message(ed, 'p2p-core-2026', good), ...refused.map(([, m]) => m)] });
    } finally {
      await producer.disconnect();
    }
    const reportId = JSON.parse(good).reportId;
    const [stored] = await waitFor(
      'the signed Kafka message to be stored',
      async () => {
        const rows = await dataSource.query(
          `SELECT s.envelope FROM ingest_records r JOIN ingest_record_submissions s ON s.record_id = r.id WHERE r.submission_id = $1`,
          [reportId],
        );
        return rows.length ? rows : undefined;
      },
      30_000,
    );
    expect(stored.envelope.signature).toMatchObject({
      keyId: 'p2p-core-2026',
      algorithm: 'ed25519',
      signatureBase: expect.stringContaining(`"kafka-topic": ${topic}`),
    });

    const consumer = kafka.consumer({ groupId: `dlq-${randomUUID()}` });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: prefix + DEAD_LETTER_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message: m }) => void (String(m.headers?.['x-source-topic']) === topic && seen.push(m)),
    });
    try {
      await waitFor('a dead letter per refused message', () => seen.length >= refused.length, 30_000);
    } finally {
      await consumer.disconnect();
    }
    const byValue = new Map(seen.map((m) => [String(m.value), String(m.headers?.['x-dead-letter-reason'])]));
    expect(refused.map(([reason, m]) => [reason, byValue.get(m.value)])).toEqual(
      refused.map(([reason]) => [reason, reason]),
    );
  }, 90_000);
});
