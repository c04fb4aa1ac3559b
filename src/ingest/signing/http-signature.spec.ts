import { ed25519 } from '@noble/curves/ed25519';
import {
  checkContentDigest,
  contentDigest,
  readMessageSignature,
  REQUIRED_HTTP_COMPONENTS,
  signatureHeaders,
} from './http-signature';
import { SignatureRefused } from './signing.errors';

const secret = new Uint8Array(32).fill(7);
const body = Buffer.from('{"reportId":"R-1"}');
const derived = { '@method': 'POST', '@path': '/v1/ingest/p2p_report' };
const signed = () =>
  signatureHeaders({
    keyId: 'firm-key-1',
    body,
    derived,
    components: REQUIRED_HTTP_COMPONENTS,
    created: 1_764_000_000,
    sign: (m) => ed25519.sign(m, secret),
  });
const problemOf = (f: () => unknown) => {
  try {
    f();
    return 'none';
  } catch (error) {
    return error instanceof SignatureRefused ? error.code : String(error);
  }
};

describe('RFC 9421 message signatures', () => {
  it('should rebuild the signature base the signer signed (RFC 9421 §2.5)', () => {
    const parsed = readMessageSignature(signed(), body, derived, REQUIRED_HTTP_COMPONENTS);
    expect(parsed.keyId).toBe('firm-key-1');
    expect(parsed.signatureBase).toBe(
      [
        '"@method": POST',
        '"@path": /v1/ingest/p2p_report',
        `"content-digest": ${contentDigest(body)}`,
        '"@signature-params": ("@method" "@path" "content-digest");keyid="firm-key-1";created=1764000000',
      ].join('\n'),
    );
    expect(ed25519.verify(parsed.signature, Buffer.from(parsed.signatureBase), ed25519.getPublicKey(secret))).toBe(
      true,
    );
  });

  it('should name what is wrong', () => {
    expect(problemOf(() => readMessageSignature({}, body, derived, REQUIRED_HTTP_COMPONENTS))).toBe(
      'signature_missing',
    );
    expect(
      problemOf(() =>
        readMessageSignature({ ...signed(), signature: undefined }, body, derived, REQUIRED_HTTP_COMPONENTS),
      ),
    ).toBe('signature_malformed');
    expect(
      problemOf(() =>
        readMessageSignature(signed(), Buffer.from('{"reportId":"R-2"}'), derived, REQUIRED_HTTP_COMPONENTS),
      ),
    ).toBe('bad_digest');
    expect(
      problemOf(() =>
        readMessageSignature({ ...signed(), 'content-digest': undefined }, body, derived, REQUIRED_HTTP_COMPONENTS),
      ),
    ).toBe('bad_digest');
    const narrow = signatureHeaders({
      keyId: 'k',
      body,
      derived,
      components: ['@method'],
      sign: (m) => ed25519.sign(m, secret),
    });
    expect(problemOf(() => readMessageSignature(narrow, body, derived, REQUIRED_HTTP_COMPONENTS))).toBe(
      'signature_malformed',
    );
    expect(
      problemOf(() =>
        readMessageSignature(
          { ...signed(), 'signature-input': 'sig1=("@method" "@path" "content-digest")' },
          body,
          derived,
          REQUIRED_HTTP_COMPONENTS,
        ),
      ),
    ).toBe('signature_malformed');
    expect(
      problemOf(() =>
        readMessageSignature(
          { ...signed(), signature: 'sig1=not a byte sequence' },
          body,
          derived,
          REQUIRED_HTTP_COMPONENTS,
        ),
      ),
    ).toBe('signature_malformed');
  });

  it('should sign another path into another base', () => {
    const parsed = readMessageSignature(
      signed(),
      body,
      { ...derived, '@path': '/v1/ingest/contract' },
      REQUIRED_HTTP_COMPONENTS,
    );
    expect(ed25519.verify(parsed.signature, Buffer.from(parsed.signatureBase), ed25519.getPublicKey(secret))).toBe(
      false,
    );
  });
});

describe('checkContentDigest (unsigned pushes)', () => {
  const refusal = (headers: Record<string, string>) => {
    try {
      checkContentDigest(headers, body);
      return null;
    } catch (error) {
      return error instanceof SignatureRefused ? error.code : error;
    }
  };

  it('should accept a push without the header, or with the SHA-256 of the body', () => {
    expect(refusal({})).toBeNull();
    expect(refusal({ 'content-digest': contentDigest(body) })).toBeNull();
  });

  it('should refuse an empty, malformed or wrong digest as bad_digest', () => {
    expect(refusal({ 'content-digest': '' })).toBe('bad_digest');
    expect(refusal({ 'content-digest': 'md5=:abc:' })).toBe('bad_digest');
    expect(refusal({ 'content-digest': contentDigest(Buffer.from('other')) })).toBe('bad_digest');
  });
});
