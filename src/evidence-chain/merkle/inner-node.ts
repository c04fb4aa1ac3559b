import type { Sha256 } from '../canonical/sha256';

/** Writes SHA-256(0x01 || src[at .. at+64]) - an RFC 6962 inner node over two adjacent children - to dst[to .. to+32]. */
export type InnerNodeHasher = (src: Uint8Array, at: number, dst: Uint8Array, to: number) => void;

/**
 * The inner-node hash specialised to its one input size (65 bytes: two SHA-256 blocks, the second
 * mostly padding), reading and writing the level buffers in place with no allocation. node's
 * crypto.hash spends most of a 65-byte call crossing into C++: this measured 0.84 µs a hash
 * against 1.85 µs, which halves a cold 1M-leaf root. The function is self-contained - no outer
 * references - so worker threads build the same code from its source text (parallel-levels.ts).
 * inner-node.spec.ts checks it against node:crypto; the verifier never uses it (it uses @noble).
 */
export function makeInnerNodeHasher(): InnerNodeHasher {
  // prettier-ignore
  const K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const W = new Int32Array(64);
  const H = new Int32Array(8);

  function compress(): void {
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15];
      const w2 = W[t - 2];
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7]; // prettier-ignore
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    H[0] = (H[0] + a) | 0;
    H[1] = (H[1] + b) | 0;
    H[2] = (H[2] + c) | 0;
    H[3] = (H[3] + d) | 0;
    H[4] = (H[4] + e) | 0;
    H[5] = (H[5] + f) | 0;
    H[6] = (H[6] + g) | 0;
    H[7] = (H[7] + h) | 0;
  }

  return (src, at, dst, to) => {
    for (let i = 0; i < 8; i++) H[i] = IV[i];
    // Block 1: the 0x01 prefix and the first 63 bytes of the children, big-endian words.
    W[0] = (1 << 24) | (src[at] << 16) | (src[at + 1] << 8) | src[at + 2];
    for (let j = 1; j < 16; j++) {
      const p = at + 4 * j - 1;
      W[j] = (src[p] << 24) | (src[p + 1] << 16) | (src[p + 2] << 8) | src[p + 3];
    }
    compress();
    // Block 2: the last byte, the 0x80 terminator, zeros, and the message length (65 bytes = 520 bits).
    W[0] = (src[at + 63] << 24) | (0x80 << 16);
    for (let j = 1; j < 15; j++) W[j] = 0;
    W[15] = 520;
    compress();
    for (let i = 0; i < 8; i++) {
      const v = H[i];
      const q = to + 4 * i;
      dst[q] = v >>> 24;
      dst[q + 1] = v >>> 16;
      dst[q + 2] = v >>> 8;
      dst[q + 3] = v;
    }
  };
}

/** The same through a general SHA-256 (one copy into a scratch buffer per hash): the reference, and the path before. */
export function innerNodeVia(sha256: Sha256): InnerNodeHasher {
  const scratch = new Uint8Array(65);
  scratch[0] = 0x01;
  return (src, at, dst, to) => {
    scratch.set(src.subarray(at, at + 64), 1);
    dst.set(sha256(scratch), to);
  };
}
