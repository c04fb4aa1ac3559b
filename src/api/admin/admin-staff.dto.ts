import type { JSONSchemaType } from 'ajv';
import { STAFF_ROLES } from '../../staff/staff-role';
import type { NewStaffUser } from '../../staff/staff-directory.service';
import { bodyParser } from '../openapi/json-dto';

// Shapes only; the directory checks the rest (username form, role against region level, password length).
export const NEW_STAFF_SCHEMA: JSONSchemaType<NewStaffUser> = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 2, maxLength: 64 },
    displayName: { type: 'string', minLength: 1, maxLength: 100, description: '姓名, shown on alerts and in records' },
    role: { type: 'string', enum: [...STAFF_ROLES] },
    regionCode: {
      type: 'string',
      pattern: '^[0-9]{6}$',
      description: 'GB/T 2260 region scope (county, city or province code)',
    },
    password: { type: 'string', minLength: 1, maxLength: 200, description: 'at least 10 characters; stored as scrypt' },
  },
  required: ['username', 'displayName', 'role', 'regionCode', 'password'],
  additionalProperties: false,
};

export interface PasswordResetDto {
  password: string;
}

export const PASSWORD_RESET_SCHEMA: JSONSchemaType<PasswordResetDto> = {
  type: 'object',
  properties: { password: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['password'],
  additionalProperties: false,
};

export const parseNewStaff = bodyParser(NEW_STAFF_SCHEMA, 'staff user');
export const parsePasswordReset = bodyParser(PASSWORD_RESET_SCHEMA, 'password reset');
