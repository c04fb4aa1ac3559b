import type { JSONSchemaType } from 'ajv';
import { MAX_WEBHOOK_LENGTH, PHONE_PATTERN, webhookUrlProblem } from '../../alerts/directory/contact-checks';
import { ORGANISATION_ROLES, type OrganisationRole } from '../../alerts/domain/recipient-role';
import { regionCodeProblem } from '../../firms/region-code';
import { ValidationFailed, type FieldProblem } from '../../platform/errors/domain-error';
import { bodyParser, type DtoParser } from '../openapi/json-dto';

/** How a staff member or office is reached. Full replacement: an absent or null address is cleared. */
export interface ContactAddressesDto {
  phone?: string | null;
  wecomWebhook?: string | null;
  dingtalk?: { webhook: string; secret: string } | null;
  active?: boolean | null;
}

export interface OfficeDto extends ContactAddressesDto {
  name: string;
  role: OrganisationRole;
  regionCode: string;
}

const webhook = (description: string) =>
  ({ type: 'string', nullable: true, minLength: 1, maxLength: MAX_WEBHOOK_LENGTH, description }) as const;

const ADDRESS_PROPERTIES = {
  phone: {
    type: 'string',
    nullable: true,
    pattern: PHONE_PATTERN,
    description: 'SMS: a mobile number, or a duty landline with its area code (digits only); listed as 138****0001',
  },
  wecomWebhook: webhook(
    '企业微信群机器人 webhook URL (…/cgi-bin/webhook/send?key=…); its query string (the key) is listed as ?****',
  ),
  dingtalk: {
    type: 'object',
    nullable: true,
    description: '钉钉群机器人 with 加签 (signing); the secret is stored, never returned',
    properties: {
      webhook: { ...webhook('…/robot/send?access_token=…'), nullable: false },
      secret: { type: 'string', minLength: 1, maxLength: 200, description: 'SEC…' },
    },
    required: ['webhook', 'secret'],
    additionalProperties: false,
  },
  active: {
    type: 'boolean',
    nullable: true,
    description: 'false: not routed to (left, on leave); absent or null: true',
  },
} as const;

export const CONTACT_ADDRESSES_SCHEMA: JSONSchemaType<ContactAddressesDto> = {
  type: 'object',
  properties: ADDRESS_PROPERTIES,
  additionalProperties: false,
};

export const OFFICE_SCHEMA: JSONSchemaType<OfficeDto> = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100, description: 'e.g. 西湖区金融办, 杭州市政府总值班室' },
    role: {
      type: 'string',
      enum: [...ORGANISATION_ROLES],
      description: 'which routing.yaml role the office answers for',
    },
    regionCode: {
      type: 'string',
      pattern: '^[0-9]{6}$',
      description: 'GB/T 2260 region the office is responsible for',
    },
    ...ADDRESS_PROPERTIES,
  },
  required: ['name', 'role', 'regionCode'],
  additionalProperties: false,
};

export const parseContactAddresses = checkedParser(CONTACT_ADDRESSES_SCHEMA, 'contact', addressProblems);
export const parseOffice = checkedParser(OFFICE_SCHEMA, 'office', (body) => [
  ...officeProblems(body),
  ...addressProblems(body),
]);

// JSON Schema cannot word a webhook's refusals as the directory does (webhookUrlProblem: scheme,
// spaces, credentials), nor check a GB/T 2260 code: these checks run beside it, so one 422 lists every bad field.
function checkedParser<T>(
  schema: JSONSchemaType<T>,
  what: string,
  check: (body: Record<string, unknown>) => FieldProblem[],
): DtoParser<T> {
  const parse = bodyParser(schema, what);
  return (input) => {
    const problems = check(objectOr(input));
    let value: T;
    try {
      value = parse(input);
    } catch (error) {
      if (error instanceof ValidationFailed)
        throw new ValidationFailed(error.message, [...error.problems, ...problems]);
      throw error;
    }
    if (problems.length) throw new ValidationFailed(`the ${what} is not valid`, problems);
    return value;
  };
}

function addressProblems(body: Record<string, unknown>): FieldProblem[] {
  const urls: Array<[string, unknown]> = [
    ['/wecomWebhook', body.wecomWebhook],
    ['/dingtalk/webhook', objectOr(body.dingtalk).webhook],
  ];
  return urls.flatMap(([pointer, value]) => {
    // Type and length are the schema's to report.
    const problem = typeof value === 'string' && value.length <= MAX_WEBHOOK_LENGTH ? webhookUrlProblem(value) : null;
    return problem ? [{ pointer, detail: problem }] : [];
  });
}

function officeProblems(body: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof body.name === 'string' && body.name.length > 0 && body.name.trim() === '')
    problems.push({ pointer: '/name', detail: 'must not be blank' });
  const region =
    typeof body.regionCode === 'string' && /^[0-9]{6}$/.test(body.regionCode)
      ? regionCodeProblem(body.regionCode)
      : null;
  if (region) problems.push({ pointer: '/regionCode', detail: region });
  return problems;
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
