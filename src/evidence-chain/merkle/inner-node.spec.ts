import { createHash, randomBytes } from 'node:crypto';
import { innerNodeVia, makeInnerNodeHasher } from './inner-node';
import { nodeSha256 } from '../canonical/sha256-node';

describe(makeInnerNodeHasher.name, () => {
  const fast = makeInnerNodeHasher();

  it('should equal SHA-256(0x01 || left || right) from node:crypto for random and extreme children', () => {
    const children = [
      Buffer.alloc(64, 0x00),
      Buffer.alloc(64, 0xff),
      ...Array.from({ length: 5000 }, () => randomBytes(64)),
    ];
    for (const pair of children) {
      const src = Buffer.concat([randomBytes(7), pair, randomBytes(3)]); // at an odd offset inside a larger buffer
      const dst = Buffer.alloc(40, 0xaa);
      fast(src, 7, dst, 5);
      expect(dst.subarray(5, 37).toString('hex')).toBe(
        createHash('sha256')
          .update(Buffer.concat([Buffer.from([1]), pair]))
          .digest('hex'),
      );
      expect(dst.subarray(0, 5).equals(Buffer.alloc(5, 0xaa)) && dst.subarray(37).equals(Buffer.alloc(3, 0xaa))).toBe(
        true,
      ); // writes 32 bytes, no more
    }
  });

  it('should run from its own source text, as worker threads build it', () => {
    const rebuilt = new Function(`return (${makeInnerNodeHasher.toString()})();`)() as ReturnType<
      typeof makeInnerNodeHasher
    >;
    const src = randomBytes(64);
    const [a, b] = [Buffer.alloc(32), Buffer.alloc(32)];
    rebuilt(src, 0, a, 0);
    innerNodeVia(nodeSha256)(src, 0, b, 0);
    expect(a.toString('hex')).toBe(b.toString('hex'));
  });
});
