import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { toHex } from '../../src/evidence-chain/canonical/byte-encoding';
import { noteVerifierKey } from '../../src/evidence-chain/checkpoint/checkpoint-note';
import { REGULATOR_KEY } from '../../src/evidence-chain/evidence.tokens';
import { signCosignature, splitNote, verifyCosignature } from '../../src/evidence-chain/witness/cosignature';
import { CheckpointStore } from '../../src/evidence-chain/anchor/checkpoint-store';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { checkpointId } from '../../src/evidence-chain/checkpoint/checkpoint';
import { signCheckpoint } from '../../src/evidence-chain/checkpoint/checkpoint-signature';
import { LogStore } from '../../src/evidence-chain/log/log-store';
import { SigningKeysService } from '../../src/ingest/signing/signing-keys.service';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { appendTestLeaves } from '../support/evidence';
import { push, registerExampleFirms, TestFirm } from '../support/ingest';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '../..');
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CLI = ['-r', '@swc-node/register', 'src/evidence-chain/witness/witness.cli.ts'];

/** Runs `npm run witness -- ARGS` as a firm would, on its own host. */
function witness(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...CLI, ...args], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function get(url: string, key?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, body: await response.json() };
}

describe('firm-side witness: cosignatures, refusals, tlog-witness', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let firms: { p2p: TestFirm; microLoan: TestFirm };
  let dir: string;
  const firmKey = ed25519.utils.randomPrivateKey();
  const otherKey = ed25519.utils.randomPrivateKey();

  const start = async () => {
    app = await startTestApp({ DATABASE_URL: db.url, LEDGER: 'local', ANCHOR_INTERVAL_MS: '200' });
  };
  /** Waits for the checkpoint covering every leaf written so far; returns its size. */
  const caughtUp = () =>
    waitFor(
      'a checkpoint of every leaf',
      async () => {
        const [{ leaves }] = await app.app.get(DataSource).query(`SELECT count(*)::int AS leaves FROM evidence_leaves`);
        const [latest] = (await get(`${app.url}/v1/evidence/checkpoints?limit=1`)).body as Array<{
          checkpoint: { treeSize: number };
        }>;
        return latest?.checkpoint.treeSize === leaves ? leaves : undefined;
      },
      60_000,
    );
  const run = (extra: string[] = []) =>
    witness([
      '--firm',
      firms.p2p.creditCode,
      '--key',
      join(dir, 'firm.key'),
      '--api',
      app.url,
      '--api-key',
      firms.p2p.key,
      '--state',
      join(dir, 'state.json'),
      ...extra,
    ]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'witness-'));
    writeFileSync(join(dir, 'firm.key'), `${toHex(firmKey)}\n`);
    db = await createTestDatabase();
    await start();
    const registered = await registerExampleFirms(app.app);
    firms = { p2p: registered.p2p, microLoan: registered.microLoan };
    const keys = app.app.get(SigningKeysService);
    const validFrom = new Date(Date.now() - 60_000);
    await keys.register(firms.p2p.id, {
      keyId: 'p2p-witness',
      algorithm: 'ed25519',
      publicKey: ed25519.getPublicKey(firmKey),
      validFrom,
    });
    await keys.register(firms.microLoan.id, {
      keyId: 'micro-witness',
      algorithm: 'ed25519',
      publicKey: ed25519.getPublicKey(otherKey),
      validFrom,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should cosign an honest sequence of checkpoints, show it in the portal and in receipts as witnessed by the firm', async () => {
    const records = await appendTestLeaves(app.app.get(DataSource), 4, firms.p2p.id);
    await appendTestLeaves(app.app.get(DataSource), 1, null);
    // Other writers (firm registration's own events) may add leaves meanwhile: the size cosigned is read back.
    const cosignedSize = (stdout: string) => Number(/cosigned checkpoint (\d+)/.exec(stdout)?.[1]);
    const caught1 = await caughtUp();
    const first = await run();
    expect(first.code).toBe(0);
    const size1 = cosignedSize(first.stdout);
    expect(size1).toBeGreaterThanOrEqual(caught1);
    expect(first.stdout).toContain('pinned the log key on first use');
    expect(first.stdout).toMatch(/checkpoint \d+ extends nothing yet; \d+ leaves of the firm included/);

    await appendTestLeaves(app.app.get(DataSource), 3, firms.p2p.id);
    const caught2 = await caughtUp();
    const second = await run();
    expect(second.code).toBe(0);
    const size2 = cosignedSize(second.stdout);
    expect(size2).toBeGreaterThanOrEqual(caught2);
    // At least the 3 new leaves of the firm and the leaf of its first cosignature.
    expect(
      Number(new RegExp(`extends ${size1}; (\\d+) leaves of the firm included`).exec(second.stdout)?.[1]),
    ).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({ treeSize: size2 });

    const mine = await get(`${app.url}/v1/witness/cosignatures`, firms.p2p.key);
    expect(
      mine.body.map((c: { treeSize: number; firm: string; keyId: string }) => [c.treeSize, c.firm, c.keyId]),
    ).toEqual([
      [size2, firms.p2p.creditCode, 'p2p-witness'],
      [size1, firms.p2p.creditCode, 'p2p-witness'],
    ]);
    // The cosignature leaves are in the log too; once a checkpoint covers them a receipt names the witness.
    const receipt = await waitFor(
      'a receipt',
      async () => {
        const r = await get(`${app.url}/v1/evidence/receipts/test_record/${records[0].id}`, firms.p2p.key);
        return r.status === 200 ? r.body : undefined;
      },
      60_000,
    );
    expect(receipt.witnessedBy).toEqual([
      expect.objectContaining({ firm: firms.p2p.creditCode, keyId: 'p2p-witness', treeSize: size1 }),
    ]);
    const note = (await fetch(`${app.url}/v1/evidence/checkpoints/latest`).then((r) => r.text())) as string;
    expect((await get(`${app.url}/v1/witness/cosignatures`, firms.microLoan.key)).body).toEqual([]);
    expect(note).toContain('\n\n');
  }, 240_000);

  it('should refuse a cosignature for another firm, one on a checkpoint the log never signed, and take one named by the signing key alone', async () => {
    const note = await fetch(`${app.url}/v1/evidence/checkpoints/latest`).then((r) => r.text());
    const { body } = splitNote(note);
    const byP2p = signCosignature(body, 'witness.p2p', firmKey);
    const asOther = await push(app.url, '/v1/witness/cosignatures', firms.microLoan.key, {
      checkpoint: note,
      cosignature: byP2p,
    });
    expect(asOther).toMatchObject({ status: 401, body: { code: 'unknown_key' } });

    const forged = body.replace(/\n[A-Za-z0-9+/]{43}=\n$/, `\n${Buffer.alloc(32, 7).toString('base64')}\n`);
    const never = await push(app.url, '/v1/witness/cosignatures', firms.p2p.key, {
      checkpoint: forged,
      cosignature: signCosignature(forged, 'witness.p2p', firmKey),
    });
    expect(never).toMatchObject({ status: 404, body: { code: 'unknown_checkpoint' } });
    const flipped = Buffer.from(byP2p.split(' ')[2], 'base64');
    flipped[40] ^= 1;
    const bad = await push(app.url, '/v1/witness/cosignatures', firms.p2p.key, {
      checkpoint: note,
      cosignature: `\u2014 witness.p2p ${flipped.toString('base64')}\n`,
    });
    expect(bad).toMatchObject({ status: 401, body: { code: 'bad_signature' } });
    // The same signature with the unused bits of its base64 set is refused, not taken as a second spelling.
    const loose = byP2p.replace(
      /([A-Za-z0-9+/])(==\n)$/,
      (_, c: string, end: string) => `${B64[B64.indexOf(c) ^ 1]}${end}`,
    );
    expect(Buffer.from(loose.split(' ')[2], 'base64')).toEqual(Buffer.from(byP2p.split(' ')[2], 'base64'));
    expect(
      await push(app.url, '/v1/witness/cosignatures', firms.p2p.key, { checkpoint: note, cosignature: loose }),
    ).toMatchObject({ status: 422, body: { code: 'validation_failed' } });
    const malformed = await push(app.url, '/v1/witness/cosignatures', firms.p2p.key, {
      checkpoint: note,
      cosignature: 'not a line',
    });
    expect(malformed).toMatchObject({
      status: 422,
      body: { errors: [expect.objectContaining({ pointer: '/cosignature' })] },
    });

    // No API key: the registered key itself says which firm cosigned.
    const anonymous = await fetch(`${app.url}/v1/witness/cosignatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ checkpoint: note, cosignature: signCosignature(body, 'witness.micro', otherKey) }),
    });
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toMatchObject({ firm: firms.microLoan.creditCode, keyId: 'micro-witness' });
  }, 60_000);

  it('should speak C2SP tlog-witness: cosign a real checkpoint from old 0, answer 409 with the known size to a stale one, 422 to a bad proof', async () => {
    const logKey = noteVerifierKey(
      splitNote(await fetch(`${app.url}/v1/evidence/checkpoints/latest`).then((r) => r.text())).body.split('\n')[0],
      ed25519.getPublicKey(app.app.get<Uint8Array>(REGULATOR_KEY)),
    );
    const server: ChildProcess = spawn(
      process.execPath,
      [
        ...CLI,
        '--firm',
        firms.p2p.creditCode,
        '--key',
        join(dir, 'firm.key'),
        '--serve',
        '127.0.0.1:0',
        '--log-key',
        logKey,
        '--state',
        join(dir, 'server.json'),
      ],
      { cwd: ROOT },
    );
    try {
      let out = '';
      server.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const url = await waitFor(
        'the witness server to listen',
        async () => /listening on (http:\/\/\S+)/.exec(out)?.[1],
        60_000,
      );
      const add = async (body: string) => {
        const response = await fetch(url, { method: 'POST', body });
        return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
      };
      const note = await fetch(`${app.url}/v1/evidence/checkpoints/latest`).then((r) => r.text());
      const { body } = splitNote(note);
      const size = Number(body.split('\n')[1]);
      const first = await add(`old 0\n\n${note}`);
      expect(first.status).toBe(200);
      expect(verifyCosignature(body, first.text, ed25519.getPublicKey(firmKey)).name).toBe(
        `witness.${firms.p2p.creditCode}`,
      );
      expect(await add(`old 0\n\n${note}`)).toEqual({ status: 409, type: 'text/x.tlog.size', text: `${size}\n` });

      await appendTestLeaves(app.app.get(DataSource), 2, null);
      await waitFor(
        'a larger checkpoint',
        async () =>
          (await get(`${app.url}/v1/evidence/checkpoints?limit=1`)).body[0].checkpoint.treeSize > size
            ? true
            : undefined,
        60_000,
      );
      const next = await fetch(`${app.url}/v1/evidence/checkpoints/latest`).then((r) => r.text());
      const nextSize = Number(splitNote(next).body.split('\n')[1]);
      const zeros = Buffer.alloc(32).toString('base64');
      expect((await add(`old ${size}\n${zeros}\n\n${next}`)).status).toBe(422);
      const { proof } = (await get(`${app.url}/v1/evidence/consistency?from=${size}&to=${nextSize}`)).body as {
        proof: string[];
      };
      const good = await add(
        `old ${size}\n${proof.map((h) => `${Buffer.from(h, 'hex').toString('base64')}\n`).join('')}\n${next}`,
      );
      expect(good.status).toBe(200);
    } finally {
      server.kill('SIGTERM');
    }
  }, 180_000);

  it('should refuse, naming the first bad size, a checkpoint signed over a leaf rewritten by superuser SQL, and show the refusal in the portal', async () => {
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { treeSize: number };
    await app.close();
    // What an insider with the database's owner role could do: rewrite one stored leaf of the firm.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query('BEGIN');
      await pg.query('ALTER TABLE evidence_log DISABLE TRIGGER evidence_log_append_only');
      const changed = await pg.query(
        `UPDATE evidence_log SET leaf_hash = sha256('forged'::bytea) WHERE leaf_index = 1`,
      );
      expect(changed.rowCount).toBe(1);
      await pg.query('ALTER TABLE evidence_log ENABLE TRIGGER evidence_log_append_only');
      await pg.query('COMMIT');
    } finally {
      await pg.end();
    }
    await start();
    // The log now answers with the rewritten leaf; the anchor refuses to sign over it, so the insider signs
    // a checkpoint with the regulator key by hand, as one holding that key could.
    await appendTestLeaves(app.app.get(DataSource), 2, firms.p2p.id);
    const log = await waitFor(
      'the new leaves in the log',
      async () => {
        const [{ leaves }] = await app.app.get(DataSource).query(`SELECT count(*)::int AS leaves FROM evidence_leaves`);
        const current = await app.app.get(LogStore).current();
        return current.size === leaves && leaves > state.treeSize ? current : undefined;
      },
      60_000,
    );
    const latest = (await app.app.get(CheckpointStore).latest())!;
    const size = log.size;
    const forged = signCheckpoint(
      {
        origin: latest.checkpoint.origin,
        treeSize: size,
        rootHash: toHex(log.root(size)),
        previous: checkpointId(latest, nodeSha256),
        issuedAt: new Date().toISOString(),
      },
      app.app.get<Uint8Array>(REGULATOR_KEY),
    );
    await app.app.get(CheckpointStore).save(forged);
    const refused = await run();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`REFUSED checkpoint ${size}: first bad size \\d+`));
    const firstBad = Number(/first bad size (\d+)/.exec(refused.stderr)![1]);
    expect(firstBad).toBeGreaterThan(state.treeSize);
    expect(firstBad).toBeLessThanOrEqual(size);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({ treeSize: state.treeSize });

    const refusals = await get(`${app.url}/v1/witness/refusals`, firms.p2p.key);
    expect(refusals.body).toEqual([
      expect.objectContaining({
        treeSize: size,
        firstBadSize: firstBad,
        reason: expect.stringContaining(`does not extend the checkpoint ${state.treeSize}`),
      }),
    ]);
    expect((await get(`${app.url}/v1/witness/refusals`, firms.microLoan.key)).body).toEqual([]);
  }, 240_000);
});
