import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadOrCreateLocalSecret } from './local-secret';

describe(loadOrCreateLocalSecret.name, () => {
  it('should create the secret once, owner-only, and give it back after', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secret-'));
    const first = loadOrCreateLocalSecret(dir, 'k');
    expect(first).toHaveLength(32);
    expect(loadOrCreateLocalSecret(dir, 'k').equals(first)).toBe(true);
    expect(statSync(path.join(dir, 'secrets', 'k.hex')).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.join(dir, 'secrets'))).toEqual(['k.hex']); // nothing left aside
  });

  it('should give processes starting together on one folder the same secret', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secret-race-'));
    // Each child loads the module, then spins until one shared instant so the calls really collide.
    const startAt = Date.now() + 4000;
    const script = `const m = require(${JSON.stringify(path.join(__dirname, 'local-secret.ts'))}); while (Date.now() < ${startAt}); process.stdout.write(m.loadOrCreateLocalSecret(${JSON.stringify(dir)}, 'k').toString('hex'))`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const secrets = await Promise.all(Array.from({ length: 6 }, run));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);
});
