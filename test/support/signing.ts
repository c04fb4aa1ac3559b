import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519';
import { sm2 } from 'sm-crypto';
import { signMessage, SigningAlgorithm } from '../../src/evidence-chain/canonical/signature-algorithms';
import { REQUIRED_HTTP_COMPONENTS, signatureHeaders } from '../../src/ingest/signing/http-signature';

/** A firm's signing key pair, as the firm holds it. */
export interface FirmKeyPair {
  algorithm: SigningAlgorithm;
  publicKey: Uint8Array;
  sign: (message: Uint8Array) => Uint8Array;
}

export function ed25519Pair(): FirmKeyPair {
  const secret = ed25519.utils.randomPrivateKey();
  return {
    algorithm: 'ed25519',
    publicKey: ed25519.getPublicKey(secret),
    sign: (m) => signMessage('ed25519', secret, m),
  };
}

/** SM2 signed by this service's implementation (sm-crypto). */
export function sm2Pair(): FirmKeyPair & { privateKey: Uint8Array } {
  const pair = sm2.generateKeyPairHex();
  const publicKey = Buffer.from(pair.publicKey, 'hex');
  const privateKey = Buffer.from(pair.privateKey, 'hex');
  return { algorithm: 'sm2-sm3', publicKey, privateKey, sign: (m) => signMessage('sm2-sm3', privateKey, m, publicKey) };
}

// SubjectPublicKeyInfo prefix of an SM2 key (id-ecPublicKey, curve sm2p256v1), before 04 || x || y.
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const OPENSSL_SM2 = ['-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678'];

/** SM2 signed by an independent implementation: the `openssl` command line (GM/T 0003, default user id). */
export function opensslSm2Pair(): FirmKeyPair & { dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sm2-'));
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', key]);
  const spki = execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-outform', 'DER']);
  return {
    algorithm: 'sm2-sm3',
    publicKey: spki.subarray(spki.length - 65),
    sign: (message) => {
      writeFileSync(join(dir, 'msg'), message);
      execFileSync('openssl', [
        'pkeyutl',
        '-sign',
        '-in',
        join(dir, 'msg'),
        '-inkey',
        key,
        ...OPENSSL_SM2,
        '-out',
        join(dir, 'sig'),
      ]);
      return derToRs(readFileSync(join(dir, 'sig')));
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Checks an SM2 signature (r || s) with the `openssl` command line. */
export function opensslSm2Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'sm2v-'));
  try {
    writeFileSync(join(dir, 'pub.der'), Buffer.concat([SM2_SPKI_PREFIX, publicKey]));
    writeFileSync(join(dir, 'msg'), message);
    writeFileSync(join(dir, 'sig'), rsToDer(signature));
    execFileSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-keyform',
        'DER',
        '-inkey',
        join(dir, 'pub.der'),
        '-in',
        join(dir, 'msg'),
        ...OPENSSL_SM2,
        '-sigfile',
        join(dir, 'sig'),
      ],
      { stdio: 'pipe' },
    );
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The headers of a push signed per RFC 9421 over "@method", "@path" and "content-digest". */
export function signedPushHeaders(
  pair: FirmKeyPair,
  keyId: string,
  path: string,
  body: string | Uint8Array,
): Record<string, string> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return signatureHeaders({
    keyId,
    body: bytes,
    derived: { '@method': 'POST', '@path': path },
    components: REQUIRED_HTTP_COMPONENTS,
    sign: pair.sign,
  });
}

function derToRs(der: Buffer): Uint8Array {
  // SEQUENCE { INTEGER r, INTEGER s }, each up to 33 bytes (a leading 0x00 when the top bit is set)
  let offset = 2;
  const int = () => {
    const length = der[offset + 1];
    const value = der.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    return Buffer.concat([Buffer.alloc(32), value]).subarray(-32);
  };
  return Buffer.concat([int(), int()]);
}

function rsToDer(rs: Uint8Array): Buffer {
  const int = (bytes: Uint8Array) => {
    let v = Buffer.from(bytes);
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(rs.subarray(0, 32)), int(rs.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
