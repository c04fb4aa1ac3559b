// Firm signatures: Ed25519 and SM2 verifications per second, and single-record HTTP push throughput
// of a firm whose signatures are required (each push verified) against one whose are not, with the
// CPU the process spends per record. Bounded: BENCH_SIGNATURE_PUSHES pushes per firm and round (default 500).
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519';
import { signCosignature, verifyCosignature } from '../../src/evidence-chain/witness/cosignature';
import { sm2 } from 'sm-crypto';
import { startApp } from '../../src/bootstrap';
import { signMessage, verifySignature } from '../../src/evidence-chain/canonical/signature-algorithms';
import { creditCodeCheckChar } from '../../src/firms/credit-code';
import { FirmsService } from '../../src/firms/firms.service';
import { FirmApiKeysService } from '../../src/ingest/keys/firm-api-keys.service';
import { REQUIRED_HTTP_COMPONENTS, signatureHeaders } from '../../src/ingest/signing/http-signature';
import { SigningKeysService } from '../../src/ingest/signing/signing-keys.service';
import { examples, EXAMPLE_IDS } from '../../src/ingest/schemas/examples';
import { loadConfig } from '../../src/platform/config/config';
import { benchDatabase, rate, serviceEnv } from './support';

const PUSHES = Number(process.env.BENCH_SIGNATURE_PUSHES ?? 500);
const CONCURRENCY = 8;

export async function run(): Promise<void> {
  verifications();
  const db = await benchDatabase('signatures');
  const app = await startApp(
    loadConfig({
      ...serviceEnv(),
      LEDGER: 'local',
      DATABASE_URL: db.url,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      KAFKA_BROKERS: undefined,
      INGEST_RATE_LIMIT: '100000',
    }),
  );
  try {
    const secret = ed25519.utils.randomPrivateKey();
    // The client signs with node's OpenSSL: the bench runs client and server in one process, and
    // a JS signer would bill its own cost to the server's throughput.
    const signer = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret]),
      format: 'der',
      type: 'pkcs8',
    });
    const firm = async (creditCode: string, signed: boolean) => {
      const { id } = await app.app
        .get(FirmsService)
        .register({ creditCode, kind: 'p2p_lending', name: `签名基准${creditCode}`, regionCode: '330106' });
      const { key } = await app.app.get(FirmApiKeysService).issue(id);
      if (signed) {
        await app.app.get(SigningKeysService).register(id, {
          keyId: `bench-${creditCode}`,
          algorithm: 'ed25519',
          publicKey: ed25519.getPublicKey(secret),
        });
        await app.app.get(SigningKeysService).setPolicy(id, true);
      }
      return { creditCode, key, signed };
    };
    const plain = await firm(EXAMPLE_IDS.p2pFirm, false);
    const path = '/v1/ingest/p2p_report';
    let days = 0; // one daily report per push: distinct periods, so no push is a correction of another
    const push = async (f: { creditCode: string; key: string; signed: boolean }, i: number) => {
      // Past days only: a report's period must be over (the intake refuses a period that has not ended).
      const day = new Date(Date.parse('2010-01-01T00:00:00Z') + days++ * 86_400_000).toISOString().slice(0, 10);
      const body = JSON.stringify(
        examples.p2pReport({
          firmCreditCode: f.creditCode,
          reportId: `B-${i}-${randomUUID().slice(0, 8)}`,
          periodType: 'daily',
          periodStart: day,
          periodEnd: day,
        }),
      );
      const signature = f.signed
        ? signatureHeaders({
            keyId: `bench-${f.creditCode}`,
            body: Buffer.from(body),
            derived: { '@method': 'POST', '@path': path },
            components: REQUIRED_HTTP_COMPONENTS,
            sign: (m) => sign(null, m, signer),
          })
        : {};
      const response = await fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.key}`, 'content-type': 'application/json', ...signature },
        body,
      });
      if (response.status !== 201) throw new Error(`push answered ${response.status}: ${await response.text()}`);
    };
    const measure = async (label: string, f: Parameters<typeof push>[0]) => {
      await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => push(f, -1 - w))); // warm up
      const cpu = process.cpuUsage();
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < PUSHES) await push(f, next++);
        }),
      );
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const perSecond = PUSHES / (ms / 1000);
      console.log(
        `${label}: ${PUSHES} single pushes in ${(ms / 1000).toFixed(1)} s = ${rate(PUSHES, ms)}, CPU ${((used.user + used.system) / 1000 / PUSHES).toFixed(2)} ms per record (client included)`,
      );
      return perSecond;
    };
    const signedFirm = await firm(`91330106MA2B3C4D6${creditCodeCheckChar('91330106MA2B3C4D6')}`, true);
    // Alternating rounds, so neither side alone pays the JIT warm-up or a neighbour's load.
    const rounds: Array<[number, number]> = [];
    for (let round = 1; round <= 2; round++)
      rounds.push([
        await measure(`round ${round}, signatures not required`, plain),
        await measure(`round ${round}, signatures required (Ed25519)`, signedFirm),
      ]);
    const [without, withSig] = rounds.reduce(([u, s], [a, b]) => [u + a, s + b], [0, 0]);
    console.log(`signed / unsigned throughput: ${(withSig / without).toFixed(2)} (target >= 0.85)`);
  } finally {
    await app.close();
    await db.drop();
  }
}

function verifications(): void {
  const message = new TextEncoder().encode(
    `"@method": POST\n"@path": /v1/ingest/p2p_report\n"content-digest": sha-256=:${'A'.repeat(43)}=:\n"@signature-params": ("@method" "@path" "content-digest");keyid="k";created=1764990000`,
  );
  const edSecret = ed25519.utils.randomPrivateKey();
  const edPublic = ed25519.getPublicKey(edSecret);
  const edSignature = signMessage('ed25519', edSecret, message);
  const pair = sm2.generateKeyPairHex();
  const smPublic = Buffer.from(pair.publicKey, 'hex');
  const smSignature = signMessage('sm2-sm3', Buffer.from(pair.privateKey, 'hex'), message, smPublic);
  for (const [label, check, count] of [
    ['Ed25519 (node OpenSSL)', () => verifySignature('ed25519', edPublic, message, edSignature), 5000],
    [
      'SM2/SM3 (@noble/curves field arithmetic, node SM3)',
      () => verifySignature('sm2-sm3', smPublic, message, smSignature),
      500,
    ],
    [
      'SM2/SM3 (sm-crypto, for comparison)',
      () =>
        sm2.doVerifySignature(Array.from(message), Buffer.from(smSignature).toString('hex'), pair.publicKey, {
          hash: true,
        }),
      30,
    ],
  ] as const) {
    if (!check()) throw new Error(`${label} does not verify`);
    const started = performance.now();
    for (let i = 0; i < count; i++) check();
    console.log(`${label} verifications: ${rate(count, performance.now() - started)}`);
  }
  cosignatures();
}

/** A witness's work per checkpoint: make a C2SP cosignature/v1 line, and check one (what the service does on submit). */
function cosignatures(): void {
  const body = `risk-bureau.local/evidence\n123456\n${Buffer.alloc(32, 1).toString('base64')}\n`;
  const secret = ed25519.utils.randomPrivateKey();
  const publicKey = ed25519.getPublicKey(secret);
  const count = 1000;
  let line = '';
  let started = performance.now();
  for (let i = 0; i < count; i++) line = signCosignature(body, 'witness.bench', secret, 1764990000 + i);
  console.log(`cosignature/v1 lines made: ${rate(count, performance.now() - started)}`);
  started = performance.now();
  for (let i = 0; i < count; i++) verifyCosignature(body, line, publicKey);
  console.log(`cosignature/v1 lines checked: ${rate(count, performance.now() - started)}`);
}
