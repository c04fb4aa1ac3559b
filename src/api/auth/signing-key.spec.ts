import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { loadSigningKey } from './signing-key';

describe('loadSigningKey', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'staff-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should generate the key once in the data folder and reuse it', async () => {
    const file = path.join(dir, 'nested', 'staff-token-key.json');
    const first = await loadSigningKey({ kind: 'file', path: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519', d: expect.any(String) });
    const second = await loadSigningKey({ kind: 'file', path: file });
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwk).toEqual(first.publicJwk);
  });

  it('should accept an Ed25519 PKCS8 PEM and refuse another key type', async () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await expect(loadSigningKey({ kind: 'pem', pem: ed })).resolves.toMatchObject({ publicJwk: { crv: 'Ed25519' } });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    await expect(loadSigningKey({ kind: 'pem', pem: ec })).rejects.toThrow(
      'the staff token signing key must be Ed25519, got ec',
    );
  });
});
