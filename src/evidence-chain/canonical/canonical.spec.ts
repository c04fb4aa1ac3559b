import canonicalize from 'canonicalize';
import { fromBase64Url, fromHex, toBase64Url, toHex } from './byte-encoding';
import { canonicalBytes, canonicalJson } from './canonical-json';
import { documentContentHash, recordContentHash } from './content-hash';
import { nodeSha256 } from './sha256-node';
import { nobleSha256 } from './sha256-noble';
import { treeHasher } from './tree-hasher';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('canonical bytes and hashes', () => {
  it('should sort keys, drop whitespace and print numbers the ES2015 way (RFC 8785)', () => {
    const record = { z: 1, a: { y: [3, 'x', null, true], b: 1e21 }, m: 0.000001, '\u20ac': 'é' };
    expect(text(canonicalBytes(record))).toBe('{"a":{"b":1e+21,"y":[3,"x",null,true]},"m":0.000001,"z":1,"€":"é"}');
  });

  it('should give the same bytes whatever the key order when the value is the same', () => {
    expect(canonicalBytes({ a: 1, b: [1, 2] })).toEqual(canonicalBytes({ b: [1, 2], a: 1 }));
  });

  it('should refuse values JSON cannot carry when a record holds them', () => {
    expect(() => canonicalBytes({ amount: NaN })).toThrow(/NaN/);
    expect(() => canonicalBytes(undefined)).toThrow(/JSON value/);
  });

  it('should compute the same contentHash with node crypto and @noble when given the same record', () => {
    const record = { kind: 'report', id: 'r-1', netAssets: '1200000.00' };
    expect(toHex(recordContentHash(record, nodeSha256))).toBe(toHex(recordContentHash(record, nobleSha256)));
    expect(toHex(documentContentHash(new TextEncoder().encode('abc'), nobleSha256))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('should hash leaves and nodes with the RFC 6962 prefixes when using either backend', () => {
    for (const hasher of [treeHasher(nodeSha256), treeHasher(nobleSha256)]) {
      // Leaf "" and leaf 0x00, and their parent: transparency-dev/merkle testonly/constants.go NodeHashes.
      const l0 = hasher.leaf(new Uint8Array(0));
      const l1 = hasher.leaf(fromHex('00'));
      expect(toHex(l0)).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
      expect(toHex(l1)).toBe('96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7');
      expect(toHex(hasher.node(l0, l1))).toBe('fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125');
      expect(toHex(hasher.emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    }
  });

  it('should round-trip base64url without padding and reject other alphabets', () => {
    const bytes = Uint8Array.from([251, 255, 0, 1, 2]);
    expect(toBase64Url(bytes)).toBe('-_8AAQI');
    expect(fromBase64Url('-_8AAQI')).toEqual(bytes);
    expect(() => fromBase64Url('+/8AAQI=')).toThrow(/base64url/);
    expect(() => fromHex('abc')).toThrow(/hex/);
  });
});

describe('canonicalJson fast path', () => {
  // Random JSON values, with the keys and numbers where JCS differs from JSON.stringify.
  function randomValue(rng: () => number, depth: number): unknown {
    const pick = Math.floor(rng() * (depth > 3 ? 4 : 7));
    const numbers = [0, -0, 1.5, -1e-7, 1e21, 123456789012345680000, 5e-324, 0.1 + 0.2, 2 ** 53, -42];
    const keys = ['b', 'a', 'A', '€', '\u0080', '😀', 'ǅ', '10', '9', '', 'a b', '\u0000x', 'z\n'];
    switch (pick) {
      case 0:
        return null;
      case 1:
        return rng() < 0.5;
      case 2:
        return numbers[Math.floor(rng() * numbers.length)];
      case 3:
        return keys[Math.floor(rng() * keys.length)] + '"\\\u2028\ud83d';
      case 4:
      case 5:
        return Object.fromEntries(
          Array.from({ length: Math.floor(rng() * 6) }, () => [
            keys[Math.floor(rng() * keys.length)],
            randomValue(rng, depth + 1),
          ]),
        );
      default:
        return Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth + 1));
    }
  }

  it('should give the bytes of the reference implementation for every plain JSON value', () => {
    let seed = 7;
    const rng = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(rng, 0);
      expect(canonicalJson(value)).toBe(canonicalize(value));
    }
  });

  it('should not mistake one key set for another whose keys join to the same text', () => {
    // The fast path remembers each key set's order: {} and {"": ...}, or ["a\0b"] and ["a", "b"],
    // must each keep their own.
    const values = [{}, { '': 1 }, { 'a\u0000b': 1 }, { a: 1, b: 2 }, { b: 2, a: 1 }, { '': { '': [] } }, {}];
    for (const value of values) expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('should leave values with toJSON, undefined members and other prototypes to the reference implementation', () => {
    const value = { when: new Date(0), skip: undefined, list: [undefined, 1], nested: { toJSON: () => 'x' } };
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(() => canonicalJson({ n: NaN })).toThrow();
  });
});
