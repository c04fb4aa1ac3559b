import { ed25519 } from '@noble/curves/ed25519';
import { sm2 } from 'sm-crypto';
import { publicKeyProblem, signMessage, verifySignature } from './signature-algorithms';

// Made with `openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:1234567812345678` (DER -> r || s).
const OPENSSL_VECTOR = {
  publicKey:
    '04f02d781f373ff0c2a03f20a0892aea8b78dba4550b7de68bc083d596dd8d5488c490fdfac29ce5983ca5cd8a29c06a9be51c86d9f1c5324fbea7fff3b39a443b',
  message: 'hello base',
  signature:
    '2c2f4cecbc14784731bca8686376738504d76d32a121ece2baa425fa5e5e818c853dee866bfd08cef1d92793b2f87369c37accd0afc5cf8371daab8ea1281a97',
};

describe('firm signature algorithms', () => {
  it('should verify an SM2 signature made by openssl with the GM/T 0003 default user id', () => {
    const { publicKey, message, signature } = OPENSSL_VECTOR;
    expect(
      verifySignature('sm2-sm3', Buffer.from(publicKey, 'hex'), Buffer.from(message), Buffer.from(signature, 'hex')),
    ).toBe(true);
    expect(
      verifySignature(
        'sm2-sm3',
        Buffer.from(publicKey, 'hex'),
        Buffer.from('hello basf'),
        Buffer.from(signature, 'hex'),
      ),
    ).toBe(false);
  });

  it('should agree with sm-crypto both ways, and refuse a flipped byte', () => {
    const pair = sm2.generateKeyPairHex();
    const publicKey = Buffer.from(pair.publicKey, 'hex');
    const message = Buffer.from('"@method": POST');
    const signature = signMessage('sm2-sm3', Buffer.from(pair.privateKey, 'hex'), message, publicKey);
    expect(verifySignature('sm2-sm3', publicKey, message, signature)).toBe(true);
    expect(
      sm2.doVerifySignature(Array.from(message), Buffer.from(signature).toString('hex'), pair.publicKey, {
        hash: true,
        userId: '1234567812345678',
      }),
    ).toBe(true);
    const flipped = Buffer.from(signature);
    flipped[5] ^= 1;
    expect(verifySignature('sm2-sm3', publicKey, message, flipped)).toBe(false);
    expect(verifySignature('sm2-sm3', Buffer.alloc(65, 4), message, signature)).toBe(false);
  });

  it('should verify Ed25519 and check key shapes', () => {
    const secret = ed25519.utils.randomPrivateKey();
    const message = Buffer.from('body');
    const signature = signMessage('ed25519', secret, message);
    expect(verifySignature('ed25519', ed25519.getPublicKey(secret), message, signature)).toBe(true);
    expect(verifySignature('ed25519', ed25519.getPublicKey(secret), Buffer.from('bodz'), signature)).toBe(false);
    expect(publicKeyProblem('ed25519', new Uint8Array(31))).toMatch(/32 bytes/);
    expect(publicKeyProblem('sm2-sm3', new Uint8Array(65))).toMatch(/04/);
    expect(publicKeyProblem('sm2-sm3', Buffer.alloc(65, 4))).toMatch(/not a point/);
    expect(publicKeyProblem('sm2-sm3', Buffer.from(OPENSSL_VECTOR.publicKey, 'hex'))).toBeNull();
  });
});
