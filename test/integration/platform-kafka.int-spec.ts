import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { PING_TOPIC } from '../../src/platform/kafka/ping.consumer';
import { getJson, startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

describe('Kafka consumption', () => {
  it('should consume a message produced to the real broker', async () => {
    const { kafkaBrokers } = testServices();
    const db = await createTestDatabase();
    // A consumer group of its own, so earlier runs' offsets do not matter.
    const app = await startTestApp({
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_GROUP_PREFIX: `test-${randomUUID()}`,
    });
    const producer = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    try {
      const health = await getJson(`${app.url}/health`);
      expect(health.body.dependencies.kafka).toMatchObject({ ok: true, detail: expect.stringMatching(/^1 broker/) });

      await producer.connect();
      const ping = `ping-${randomUUID()}`;
      await producer.send({ topic: PING_TOPIC, messages: [{ value: ping }] });
      await waitFor(
        'the service to report the ping in /metrics',
        async () => {
          const metrics = await (await fetch(`${app.url}/metrics`)).text();
          const match = /^ops_pings_received_total (\d+)/m.exec(metrics);
          return match !== null && Number(match[1]) >= 1;
        },
        30000,
      );
    } finally {
      await producer.disconnect();
      await app.close();
      await db.drop();
    }
  });
});
