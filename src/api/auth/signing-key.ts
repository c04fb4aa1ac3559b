import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningKeySource } from '../../platform/config/config';

/** The Ed25519 key pair signing staff tokens, and its public half as published in the JWKS. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** RFC 7638 thumbprint: tokens name the key that signed them. */
  kid: string;
  publicJwk: JWK;
}

// PKCS8 DER of an Ed25519 private key is this fixed prefix followed by the 32-byte seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export async function loadSigningKey(source: SigningKeySource): Promise<SigningKey> {
  switch (source.kind) {
    case 'seed':
      return fromPrivateKey(
        createPrivateKey({
          key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(source.seedHex, 'hex')]),
          format: 'der',
          type: 'pkcs8',
        }),
      );
    case 'pem':
      return fromPrivateKey(createPrivateKey({ key: source.pem, format: 'pem' }));
    case 'file':
      return fromPrivateKey(readOrCreateKeyFile(source.path));
  }
}

/** Every replica must share one key: the file is for a single embedded instance. */
function readOrCreateKeyFile(file: string): KeyObject {
  try {
    return createPrivateKey({ key: JSON.parse(readFileSync(file, 'utf8')) as JsonWebKey, format: 'jwk' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`cannot read the staff token key ${file}: ${(error as Error).message}`);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    // 'wx': when two processes race, the second keeps the first one's key.
    writeFileSync(file, `${JSON.stringify(privateKey.export({ format: 'jwk' }))}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateKeyFile(file);
    throw error;
  }
  new Logger('SigningKey').log(`generated a staff token signing key in ${file}`);
  return privateKey;
}

async function fromPrivateKey(privateKey: KeyObject): Promise<SigningKey> {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `the staff token signing key must be Ed25519, got ${privateKey.asymmetricKeyType ?? 'a symmetric key'}`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const { kty, crv, x } = publicKey.export({ format: 'jwk' });
  const kid = await calculateJwkThumbprint({ kty, crv, x } as JWK);
  return { privateKey, publicKey, kid, publicJwk: { kty, crv, x, kid, alg: 'EdDSA', use: 'sig' } as JWK };
}
