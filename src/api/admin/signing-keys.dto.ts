import type { JSONSchemaType } from 'ajv';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../evidence-chain/canonical/signature-algorithms';
import { bodyParser } from '../openapi/json-dto';

const RFC3339 = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$';

export interface RegisterSigningKeyDto {
  /** The `keyid` the firm puts in its Signature-Input; generated when absent. */
  keyId?: string;
  algorithm: SigningAlgorithm;
  /** hex: Ed25519 32 bytes; SM2 the uncompressed point 04 || x || y (65 bytes). */
  publicKey: string;
  label?: string;
  validFrom?: string;
  validUntil?: string;
}

export const REGISTER_SIGNING_KEY_SCHEMA: JSONSchemaType<RegisterSigningKeyDto> = {
  type: 'object',
  properties: {
    keyId: {
      type: 'string',
      nullable: true,
      pattern: '^[A-Za-z0-9._:-]{3,100}$',
      description: "the keyid of the firm's RFC 9421 signatures",
    },
    algorithm: {
      type: 'string',
      enum: [...SIGNING_ALGORITHMS],
      description: 'ed25519, or sm2-sm3 (GM/T 0003 with the default user id 1234567812345678)',
    },
    publicKey: {
      type: 'string',
      pattern: '^([0-9a-fA-F]{64}|04[0-9a-fA-F]{128})$',
      description: 'hex: Ed25519 32 bytes, SM2 04 || x || y',
    },
    label: { type: 'string', nullable: true, maxLength: 100 },
    validFrom: { type: 'string', nullable: true, pattern: RFC3339, description: 'RFC 3339; default: now' },
    validUntil: {
      type: 'string',
      nullable: true,
      pattern: RFC3339,
      description: 'RFC 3339; default: open-ended (until revoked)',
    },
  },
  required: ['algorithm', 'publicKey'],
  additionalProperties: false,
};

export interface SignaturePolicyDto {
  signaturesRequired: boolean;
}

export const SIGNATURE_POLICY_SCHEMA: JSONSchemaType<SignaturePolicyDto> = {
  type: 'object',
  properties: {
    signaturesRequired: {
      type: 'boolean',
      description: 'true: every push of the firm must carry a valid RFC 9421 signature',
    },
  },
  required: ['signaturesRequired'],
  additionalProperties: false,
};

export const parseRegisterSigningKey = bodyParser(REGISTER_SIGNING_KEY_SCHEMA, 'signing key');
export const parseSignaturePolicy = bodyParser(SIGNATURE_POLICY_SCHEMA, 'signature policy');
