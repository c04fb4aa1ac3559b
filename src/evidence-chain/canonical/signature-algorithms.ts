import { createPublicKey, verify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519';
import { sm2 } from 'sm-crypto';
import { isSm2Point, sm2Verify } from './sm2-verify';

/** The signature algorithms a firm's signing key may use (签名算法). */
export const SIGNING_ALGORITHMS = [
  'ed25519', // RFC 8032
  'sm2-sm3', // GM/T 0003 SM2 over SM3, user id 1234567812345678 (GM/T 0009 default)
] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** The GM/T 0003 / GM/T 0009 default distinguishing identifier, which every party must agree on. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Ed25519: 32 bytes; SM2: the uncompressed point 04 || x || y (65 bytes). */
export function publicKeyProblem(algorithm: SigningAlgorithm, publicKey: Uint8Array): string | null {
  if (algorithm === 'ed25519') return publicKey.length === 32 ? null : 'an Ed25519 public key is 32 bytes';
  if (publicKey.length !== 65 || publicKey[0] !== 0x04)
    return 'an SM2 public key is the uncompressed point 04 || x || y (65 bytes)';
  return isSm2Point(publicKey) ? null : 'the SM2 public key is not a point of the curve sm2p256v1';
}

/**
 * Checks a signature over `message`. Ed25519 signatures are 64 bytes; SM2 signatures are r || s
 * (64 bytes, as GmSSL and gmssl print them), over SM3(Z || message) with the default user id.
 */
export function verifySignature(
  algorithm: SigningAlgorithm,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== 64) return false;
  try {
    if (algorithm === 'ed25519') {
      // node's OpenSSL (RFC 8032), an order of magnitude faster than a JS implementation
      const key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
        format: 'jwk',
      });
      return verify(null, message, key, signature);
    }
    return sm2Verify(publicKey, message, signature, SM2_DEFAULT_USER_ID);
  } catch {
    return false;
  }
}

/** Signs (tests and the bench): the firm side of verifySignature; SM2 by sm-crypto, an implementation of its own. */
export function signMessage(
  algorithm: SigningAlgorithm,
  privateKey: Uint8Array,
  message: Uint8Array,
  publicKey?: Uint8Array,
): Uint8Array {
  if (algorithm === 'ed25519') return ed25519.sign(message, privateKey);
  const options = {
    hash: true,
    userId: SM2_DEFAULT_USER_ID,
    ...(publicKey && { publicKey: Buffer.from(publicKey).toString('hex') }),
  };
  return Buffer.from(sm2.doSignature(Array.from(message), Buffer.from(privateKey).toString('hex'), options), 'hex');
}
