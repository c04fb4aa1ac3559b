import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ed25519 } from '@noble/curves/ed25519';
import { DataSource } from 'typeorm';
import { RunningApp } from '../../src/bootstrap';
import { noteVerifierKey } from '../../src/evidence-chain/checkpoint/checkpoint-note';
import { cosignerVerifierKey, signCosignature, splitNote } from '../../src/evidence-chain/witness/cosignature';
import { REGULATOR_KEY } from '../../src/evidence-chain/evidence.tokens';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { appendTestLeaves } from '../support/evidence';
import { waitFor } from '../support/wait-for';

const GO = '/usr/local/go/bin/go';
const run = promisify(execFile);

/** Opens a note with Go's golang.org/x/mod/sumdb/note (an independent implementation of C2SP signed-note). */
async function goOpen(
  binary: string,
  verifierKey: string,
  note: string,
  cosigners: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(binary, [verifierKey, ...cosigners], (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(note);
  });
}

describe('checkpoints as C2SP tlog-checkpoint signed notes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let dir: string;
  let notecheck: string;

  beforeAll(async () => {
    // The independent verifier: a tiny Go program on golang.org/x/mod/sumdb/note, built here.
    dir = mkdtempSync(join(tmpdir(), 'notecheck-'));
    copyFileSync(join(__dirname, '../support/notecheck/main.go'), join(dir, 'main.go'));
    writeFileSync(join(dir, 'go.mod'), 'module notecheck\n\ngo 1.22\n');
    const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
    await run(GO, ['get', 'golang.org/x/mod@v0.22.0'], { cwd: dir, env });
    await run(GO, ['build', '-o', 'notecheck', '.'], { cwd: dir, env });
    notecheck = join(dir, 'notecheck');
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, LEDGER: 'local', ANCHOR_INTERVAL_MS: '200' });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("should serve the latest checkpoint as a note that Go's sumdb/note verifies, and refuse a changed byte", async () => {
    await appendTestLeaves(app.app.get(DataSource), 5, null);
    const listed = await waitFor(
      'a checkpoint of the 5 leaves',
      async () => {
        const [latest] = (await (await fetch(`${app.url}/v1/evidence/checkpoints?limit=1`)).json()) as Array<{
          checkpoint: { origin: string; treeSize: number; rootHash: string };
        }>;
        return latest?.checkpoint.treeSize === 5 ? latest : undefined;
      },
      20_000,
    );
    const response = await fetch(`${app.url}/v1/evidence/checkpoints/latest`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const note = await response.text();
    // The verifier key is pinned from the regulator's published key, not taken from the response.
    const key = noteVerifierKey(listed.checkpoint.origin, ed25519.getPublicKey(app.app.get<Uint8Array>(REGULATOR_KEY)));
    expect(response.headers.get('x-note-verifier-key')).toBe(key);

    const opened = await goOpen(notecheck, key, note);
    expect(opened).toMatchObject({
      code: 0,
      stdout: `${listed.checkpoint.origin}\n5\n${Buffer.from(listed.checkpoint.rootHash, 'hex').toString('base64')}\n`,
    });

    const changed = note.replace('\n5\n', '\n6\n');
    expect((await goOpen(notecheck, key, changed)).code).toBe(1);
    const otherKey = noteVerifierKey(listed.checkpoint.origin, ed25519.getPublicKey(ed25519.utils.randomPrivateKey()));
    expect((await goOpen(notecheck, otherKey, note)).code).toBe(1);
  }, 60_000);

  it("should make cosignatures (C2SP tlog-cosignature, key type 0x04) that Go verifies beside the log's signature, and refuse a changed one", async () => {
    const response = await fetch(`${app.url}/v1/evidence/checkpoints/latest`);
    const note = await response.text();
    const key = response.headers.get('x-note-verifier-key')!;
    const firm = ed25519.utils.randomPrivateKey();
    const cosigner = cosignerVerifierKey('witness.firm.example', ed25519.getPublicKey(firm));
    const line = signCosignature(splitNote(note).body, 'witness.firm.example', firm);

    const opened = await goOpen(notecheck, key, note + line, [cosigner]);
    expect(opened).toMatchObject({ code: 0, stdout: splitNote(note).body });
    expect(opened.stderr.split('\n').filter(Boolean).sort()).toEqual([
      `verified ${key.split('+')[0]}`,
      'verified witness.firm.example',
    ]);

    const raw = Buffer.from(line.trimEnd().split(' ')[2], 'base64');
    raw[7] ^= 1; // the timestamp's low byte: the signed message changes
    const changed = `\u2014 witness.firm.example ${raw.toString('base64')}\n`;
    expect((await goOpen(notecheck, key, note + changed, [cosigner])).code).toBe(1);
  }, 30_000);
});
