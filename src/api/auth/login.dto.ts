import Ajv, { type JSONSchemaType } from 'ajv';
import { ValidationFailed } from '../../platform/errors/domain-error';

/** POST /v1/auth/token body. */
export interface LoginDto {
  username: string;
  password: string;
}

export const LOGIN_BODY_SCHEMA: JSONSchemaType<LoginDto> = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 128 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
  required: ['username', 'password'],
  additionalProperties: false,
};

const validate = new Ajv({ allErrors: true }).compile(LOGIN_BODY_SCHEMA);

export function parseLoginDto(body: unknown): LoginDto {
  if (validate(body)) return body;
  const problems = (validate.errors ?? []).map((e) => {
    const missing = (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty;
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    const field = missing ?? extra;
    return {
      pointer: field ? `${e.instancePath}/${field}` : e.instancePath || '/',
      detail: missing ? 'is required' : extra ? 'is not a known field' : (e.message ?? 'is invalid'),
    };
  });
  throw new ValidationFailed('the login request is not valid: send {"username": "...", "password": "..."}', problems);
}
