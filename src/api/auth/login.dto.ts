import type { JSONSchemaType } from 'ajv';
import { bodyParser } from '../openapi/json-dto';

/** POST /v1/auth/token body. */
export interface LoginDto {
  username: string;
  password: string;
}

/** Validates the body and documents it (openapi/contract.ts adds it to the login route). */
export const LOGIN_BODY_SCHEMA: JSONSchemaType<LoginDto> = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 128 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
  required: ['username', 'password'],
  additionalProperties: false,
};

export const parseLoginDto = bodyParser(
  LOGIN_BODY_SCHEMA,
  'login request',
  'send {"username": "...", "password": "..."}',
);
