import { ed25519 } from '@noble/curves/ed25519';
import { verifyEd25519 } from './ed25519-verify';

describe('verifyEd25519', () => {
  const secret = new Uint8Array(32).fill(9);
  const publicKey = ed25519.getPublicKey(secret);
  const message = new TextEncoder().encode('checkpoint 42');
  const signature = ed25519.sign(message, secret);

  it('should accept a valid signature', () => {
    expect(verifyEd25519(signature, message, publicKey)).toBe(true);
  });

  it('should reject a changed message, signature or key', () => {
    const otherMessage = new TextEncoder().encode('checkpoint 43');
    const flipped = Uint8Array.from(signature);
    flipped[10] ^= 1;
    expect(verifyEd25519(signature, otherMessage, publicKey)).toBe(false);
    expect(verifyEd25519(flipped, message, publicKey)).toBe(false);
    expect(verifyEd25519(signature, message, ed25519.getPublicKey(new Uint8Array(32).fill(8)))).toBe(false);
  });

  it('should agree with @noble (ZIP-215) on malformed input instead of throwing', () => {
    expect(() => verifyEd25519(signature.slice(0, 63), message, publicKey)).toThrow(); // @noble's own length check
    expect(verifyEd25519(new Uint8Array(64), message, publicKey)).toBe(false);
  });
});
