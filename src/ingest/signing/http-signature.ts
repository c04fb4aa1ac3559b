import { createHash } from 'node:crypto';
import { ByteSequence, InnerList, Item, parseDictionary, serializeInnerList } from 'structured-headers';
import { SignatureRefused } from './signing.errors';

/** The components every signed push must cover (RFC 9421 §2). */
export const REQUIRED_HTTP_COMPONENTS = ['@method', '@path', 'content-digest'] as const;
/** Kafka has no method or path: the message bytes (digest) and the topic they were sent to. */
export const REQUIRED_KAFKA_COMPONENTS = ['content-digest', 'kafka-topic'] as const;

/** A parsed RFC 9421 signature: what was signed (the signature base) and by which key. */
export interface MessageSignature {
  label: string;
  keyId: string;
  /** The exact bytes the signer signed, as RFC 9421 §2.5 builds them. */
  signatureBase: string;
  signature: Uint8Array;
}

/** Header values as the transport hands them over (lower-case names). */
export type SignedHeaders = Record<string, string | string[] | undefined>;

/** RFC 9530 `Content-Digest: sha-256=:<base64>:` of the body. */
export function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/**
 * Reads Signature-Input / Signature / Content-Digest (RFC 9421, RFC 9530), checks that the digest
 * is the body's and rebuilds the signature base from the message itself. Whether the signature
 * verifies under the key is the caller's step: the key is looked up by `keyId`.
 */
export function readMessageSignature(
  headers: SignedHeaders,
  body: Uint8Array,
  derived: Record<string, string>,
  required: readonly string[],
): MessageSignature {
  const inputHeader = one(headers, 'signature-input');
  const signatureHeader = one(headers, 'signature');
  if (!inputHeader && !signatureHeader)
    throw new SignatureRefused(
      'signature_missing',
      'this firm must sign its pushes: Signature-Input and Signature headers (RFC 9421) are required',
    );
  if (!inputHeader || !signatureHeader)
    throw new SignatureRefused(
      'signature_malformed',
      `the ${inputHeader ? 'Signature' : 'Signature-Input'} header is missing`,
    );
  const inputs = parse(inputHeader, 'Signature-Input');
  const signatures = parse(signatureHeader, 'Signature');
  const [label, input] = [...inputs.entries()][0] ?? [];
  if (!label || !Array.isArray(input?.[0]))
    throw new SignatureRefused(
      'signature_malformed',
      'Signature-Input must hold one signature: label=("@method" ...);keyid="..."',
    );
  const [components, params] = input as InnerList;
  const keyId = params.get('keyid');
  if (typeof keyId !== 'string' || keyId === '')
    throw new SignatureRefused('signature_malformed', 'Signature-Input has no keyid parameter');
  const names = components.map(([name]: Item) => name);
  if (names.some((n: unknown) => typeof n !== 'string'))
    throw new SignatureRefused('signature_malformed', 'covered components must be strings');
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length)
    throw new SignatureRefused(
      'signature_malformed',
      `the signature must cover ${missing.map((m) => `"${m}"`).join(', ')}`,
    );
  const signed = signatures.get(label) as Item | undefined;
  if (!signed || !(signed[0] instanceof ByteSequence))
    throw new SignatureRefused('signature_malformed', `the Signature header has no byte sequence for label ${label}`);

  if (one(headers, 'content-digest') === undefined)
    throw new SignatureRefused('bad_digest', 'the Content-Digest header (RFC 9530, sha-256) is missing');
  checkContentDigest(headers, body);

  const lines = (names as string[]).map((name) => {
    const value = name.startsWith('@') || name === 'kafka-topic' ? derived[name] : one(headers, name);
    if (value === undefined)
      throw new SignatureRefused('signature_malformed', `covered component "${name}" is not in the message`);
    return `"${name}": ${value.trim()}`;
  });
  lines.push(`"@signature-params": ${serializeInnerList(input as InnerList)}`);
  return {
    label,
    keyId,
    signatureBase: lines.join('\n'),
    signature: new Uint8Array(Buffer.from(signed[0].toBase64(), 'base64')),
  };
}

/**
 * A Content-Digest header that is present must be the body's SHA-256 (RFC 9530), signed or not:
 * a digest the service accepted without checking would read as one it vouched for.
 */
export function checkContentDigest(headers: SignedHeaders, body: Uint8Array): void {
  const digestHeader = one(headers, 'content-digest');
  if (digestHeader === undefined) return;
  const digest = parse(digestHeader, 'Content-Digest').get('sha-256') as Item | undefined;
  if (!digest || !(digest[0] instanceof ByteSequence))
    throw new SignatureRefused('bad_digest', 'Content-Digest must carry sha-256=:<base64>:');
  if (!Buffer.from(digest[0].toBase64(), 'base64').equals(createHash('sha256').update(body).digest()))
    throw new SignatureRefused('bad_digest', 'Content-Digest is not the SHA-256 of the body received');
}

/** Builds the headers of a signed message (senders, tests, the bench). */
export function signatureHeaders(input: {
  keyId: string;
  body: Uint8Array;
  derived: Record<string, string>;
  components: readonly string[];
  created?: number;
  sign: (base: Uint8Array) => Uint8Array;
}): Record<string, string> {
  const digest = contentDigest(input.body);
  const params = new Map<string, string | number>([
    ['keyid', input.keyId],
    ['created', input.created ?? Math.floor(Date.now() / 1000)],
  ]);
  const list: InnerList = [input.components.map((c) => [c, new Map()] as Item), params];
  const values: Record<string, string> = { ...input.derived, 'content-digest': digest };
  const base = [
    ...input.components.map((c) => `"${c}": ${values[c]}`),
    `"@signature-params": ${serializeInnerList(list)}`,
  ].join('\n');
  const signature = Buffer.from(input.sign(new TextEncoder().encode(base))).toString('base64');
  return {
    'content-digest': digest,
    'signature-input': `sig1=${serializeInnerList(list)}`,
    signature: `sig1=:${signature}:`,
  };
}

function parse(value: string, name: string): Map<string, Item | InnerList> {
  try {
    return parseDictionary(value);
  } catch (error) {
    throw new SignatureRefused(
      name === 'Content-Digest' ? 'bad_digest' : 'signature_malformed',
      `${name} is not a structured field dictionary: ${(error as Error).message}`,
    );
  }
}

function one(headers: SignedHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
