import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Consumer, Kafka, KafkaMessage, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { EXAMPLE_IDS, exampleOf, examples } from '../../src/ingest/schemas/examples';
import { RECORD_KINDS } from '../../src/ingest/schemas/records';
import { DEAD_LETTER_TOPIC, TOPIC_BY_KIND } from '../../src/ingest/topics';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms } from '../support/ingest';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

const ROOT = path.resolve(__dirname, '..', '..');

describe('Kafka intake', () => {
  const prefix = `t${randomUUID().slice(0, 8)}.`;
  const topic = (name: string) => prefix + name;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let dataSource: DataSource;
  let producer: Producer;
  let kafka: Kafka;
  const env = () => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_PREFIX: `g${randomUUID().slice(0, 8)}`,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp(env());
    dataSource = app.app.get(DataSource);
    await registerExampleFirms(app.app);
    kafka = new Kafka({ brokers: testServices().kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await db?.drop();
  });

  // Counted over a connection of the test's own: the app under test is stopped and started.
  const count = async (where = 'TRUE', params: unknown[] = []) => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(`SELECT count(*)::int AS n FROM ingest_records WHERE ${where}`, params)).rows[0]
        .n as number;
    } finally {
      await client.end();
    }
  };

  async function deadLetters(expected: number): Promise<KafkaMessage[]> {
    const consumer: Consumer = kafka.consumer({ groupId: `dlq-${randomUUID()}` });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topic(DEAD_LETTER_TOPIC), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    try {
      await waitFor(`${expected} dead letters`, () => seen.length >= expected, 30000);
      return seen;
    } finally {
      await consumer.disconnect();
    }
  }

  it('should store one record of every kind from its topic', async () => {
    for (const kind of RECORD_KINDS) {
      const record = exampleOf(kind) as { firmCreditCode?: string };
      await producer.send({
        topic: topic(TOPIC_BY_KIND[kind]),
        messages: [{ key: record.firmCreditCode ?? null, value: JSON.stringify(record) }],
      });
    }
    await waitFor('one stored record per kind', async () => (await count()) === RECORD_KINDS.length, 30000);
    const kinds = (await dataSource.query(`SELECT DISTINCT kind FROM ingest_records ORDER BY kind`)).map(
      (r: { kind: string }) => r.kind,
    );
    expect(kinds).toEqual([...RECORD_KINDS].sort());
  });

  it('should dead-letter each kind of bad message with its reason and keep the good ones around it', async () => {
    const monthEnd = ['2024-01-31', '2024-02-29', '2024-03-31'];
    const good = (n: number) =>
      examples.p2pReport({ reportId: `K-GOOD-${n}`, periodStart: `2024-0${n}-01`, periodEnd: monthEnd[n - 1] });
    const bad = [
      { value: '{"reportId": "K-BROKEN",', reason: 'malformed' },
      { value: JSON.stringify({ ...good(3), reportId: 'K-SCHEMA', lenderCount: 'many' }), reason: 'invalid' },
      {
        value: JSON.stringify({ ...good(3), reportId: 'K-UNKNOWN', firmCreditCode: EXAMPLE_IDS.company }),
        reason: 'unknown_firm',
      },
      { value: JSON.stringify({ ...good(3), reportId: 'K-NEGATIVE', payouts: '-100.00' }), reason: 'invalid' },
      {
        value: JSON.stringify({ ...good(3), reportId: 'K-OVERDUE', outstanding: { count: 1, amount: '100.00' } }),
        reason: 'invalid',
      },
      {
        value: JSON.stringify({ ...good(3), reportId: 'K-PERIOD', periodStart: '2024-03-31', periodEnd: '2024-03-01' }),
        reason: 'invalid',
      },
    ];
    const messages = [
      { value: JSON.stringify(good(1)) },
      ...bad.map((b) => ({ value: b.value })),
      { value: JSON.stringify(good(2)) },
    ];
    await producer.send({
      topic: topic(TOPIC_BY_KIND.p2p_report),
      messages: messages.map((m) => ({ key: EXAMPLE_IDS.p2pFirm, value: m.value })),
    });
    const overShared = examples.keyPersons({
      recordId: 'K-SHARES',
      persons: examples.keyPersons().persons.map((p) => (p.role === 'shareholder' ? { ...p, sharePct: '80' } : p)),
    });
    await producer.send({
      topic: topic(TOPIC_BY_KIND.key_persons),
      messages: [{ key: EXAMPLE_IDS.p2pFirm, value: JSON.stringify(overShared) }],
    });

    const letters = await deadLetters(bad.length + 1);
    const byValue = new Map(letters.map((m) => [m.value!.toString(), m]));
    for (const b of bad) {
      const letter = byValue.get(b.value);
      expect(letter).toBeDefined(); // original bytes kept exactly
      expect(letter!.headers!['x-dead-letter-reason']!.toString()).toBe(b.reason);
      expect(letter!.headers!['x-source-topic']!.toString()).toBe(topic(TOPIC_BY_KIND.p2p_report));
      expect(letter!.headers!['x-source-offset']!.toString()).toMatch(/^\d+$/);
    }
    expect(byValue.get(bad[3].value)!.headers!['x-dead-letter-detail']!.toString()).toContain('/payouts');
    expect(byValue.get(bad[4].value)!.headers!['x-dead-letter-detail']!.toString()).toMatch(/overdue/i);
    expect(byValue.get(JSON.stringify(overShared))!.headers!['x-dead-letter-detail']!.toString()).toMatch(/100/);
    await waitFor(
      'both good reports stored',
      async () => (await count(`submission_id IN ('K-GOOD-1', 'K-GOOD-2')`)) === 2,
      20000,
    );
  });

  it('should change no row when the topics are replayed from offset 0', async () => {
    const before = await dataSource.query(`SELECT id, version FROM ingest_records ORDER BY id`);
    // The intake's leaves only: the scoring poller keeps adding assessment leaves for the stored reports.
    const intakeLeaves = async () =>
      (
        await dataSource.query(`SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = ANY($1)`, [
          [...RECORD_KINDS, 'document'],
        ])
      )[0].n;
    const leavesBefore = await intakeLeaves();
    // A second app in a new consumer group reads every topic from the beginning.
    const replayEnv = env();
    const replay = await startTestApp(replayEnv);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        'the replaying consumer group to reach the end of every topic',
        async () => {
          for (const kind of RECORD_KINDS) {
            const ends = await admin.fetchTopicOffsets(topic(TOPIC_BY_KIND[kind]));
            const [committed] = await admin.fetchOffsets({
              groupId: `${replayEnv.KAFKA_GROUP_PREFIX}.ingest`,
              topics: [topic(TOPIC_BY_KIND[kind])],
            });
            // A partition the group never committed on reports -1; it is behind only if it holds messages.
            const behind = committed.partitions.some(
              (p) =>
                Number(p.offset) < Number(ends.find((e) => e.partition === p.partition)!.high) &&
                Number(ends.find((e) => e.partition === p.partition)!.high) > 0,
            );
            if (behind) return false;
          }
          return true;
        },
        40000,
        250,
      );
    } finally {
      await admin.disconnect();
      await replay.close();
    }
    expect(await dataSource.query(`SELECT id, version FROM ingest_records ORDER BY id`)).toEqual(before);
    expect(await intakeLeaves()).toBe(leavesBefore);
  });

  it('should store every message exactly once when the consumer is killed mid-batch and restarted', async () => {
    const total = 6_000;
    const sentiment = (i: number) => JSON.stringify(examples.sentimentItem({ itemId: `KILL-${i}` }));
    for (let start = 0; start < total; start += 2000) {
      await producer.send({
        topic: topic(TOPIC_BY_KIND.sentiment_item),
        messages: Array.from({ length: 2000 }, (_, j) => ({ key: EXAMPLE_IDS.p2pFirm, value: sentiment(start + j) })),
      });
    }
    await app.close(); // the in-process consumer steps aside; a separate process takes over
    const spawnIngest = (): ChildProcess =>
      spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts', 'ingest'], {
        cwd: ROOT,
        // Small transactions give the kill many points to land between commits.
        env: {
          ...process.env,
          ...env(),
          KAFKA_GROUP_PREFIX: 'kill-test',
          INGEST_KAFKA_TRANSACTION_RECORDS: '250',
          HTTP_PORT: '0',
          LOG_LEVEL: 'warn',
          DEMO_DATA: 'false',
        },
        stdio: 'ignore',
      });
    let worker = spawnIngest();
    try {
      await waitFor(
        'the worker to store part of the topic',
        async () => {
          const n = await count(`submission_id LIKE 'KILL-%'`);
          return n > 0 && n <= total / 2; // killed early enough that its last commits cannot finish the topic
        },
        180_000,
        20,
      ); // a fresh checkout compiles the TypeScript on the child's first start
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      const atKill = await count(`submission_id LIKE 'KILL-%'`);
      expect(atKill).toBeLessThan(total);
      worker = spawnIngest();
      await waitFor(
        'all messages stored after the restart',
        async () => (await count(`submission_id LIKE 'KILL-%'`)) === total,
        150000,
      );
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM evidence_leaves l JOIN ingest_records r ON l.record_id = r.id::text WHERE r.submission_id LIKE 'KILL-%'`,
      );
      await client.end();
      expect(rows[0].n).toBe(total);
    } finally {
      worker.kill('SIGKILL');
      app = await startTestApp(env()); // afterAll closes it
      dataSource = app.app.get(DataSource);
    }
  }, 480_000);
});
