// What makes the generated document the exact contract of the running service: every success
// status the router really answers, the problems every body or query can cause, request bodies of
// the routes that parse their own, and string rules the JSON body reader enforces.
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { LOGIN_BODY_SCHEMA } from '../auth/login.dto';
import { FIRM_PUSHABLE_KINDS } from '../../ingest/intake/firm-kind-rules';
import { RECORD_KINDS } from '../../ingest/schemas/records';
import { toProblem } from '../problem.filter';
import { MethodNotAllowed } from './method-not-allowed';
import { methodsByPath, routeTable, type RouteInfo } from './route-table';

type Parameter = { name: string; in: string; required?: boolean; schema?: object; description?: string };
type Operation = {
  responses: Record<string, unknown>;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, { schema?: unknown }> };
  description?: string;
};

const PROBLEM = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  413: 'payload too large',
  415: 'the body is not JSON (Content-Type: application/json)',
  422: 'validation failed: `errors` lists each field (JSON Pointer) and why',
};
// What the JSON body reader refuses in any string: control characters other than tab and line breaks.
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

export function applyContract(document: OpenAPIObject, routes: readonly RouteInfo[]): void {
  for (const route of routes) {
    const operation = document.paths[route.path]?.[route.method as 'get'] as Operation | undefined;
    if (!operation) continue;
    const success = Object.keys(operation.responses).filter((s) => s.startsWith('2'));
    if (!success.includes(String(route.status)) && !DYNAMIC_SUCCESS[`${route.method.toUpperCase()} ${route.path}`]) {
      // The router answers route.status; a documented default of another 2xx is wrong.
      for (const s of success) delete operation.responses[s];
      operation.responses[String(route.status)] = {
        description: route.status === 204 ? 'done; no content' : 'success',
      };
    }
  }
  describeIngestBodies(document);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      for (const parameter of operation.parameters ?? []) {
        const schema = parameter.in === 'path' ? pathParameterSchema(path, parameter.name) : undefined;
        if (schema) parameter.schema = schema;
      }
      const hasQuery = (operation.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path');
      if (operation.requestBody) {
        addProblems(operation, 413, 415, 422);
        forEachBodySchema(operation.requestBody, restrictStrings);
      } else if (hasQuery) addProblems(operation, 422);
    }
  }
  const login = document.paths['/v1/auth/token']?.post as Operation | undefined;
  if (login) {
    login.requestBody = {
      required: true,
      content: { 'application/json': { schema: withStringRules(LOGIN_BODY_SCHEMA) } },
    };
    addProblems(login, 413, 415, 422);
  }
}

const GOV_KINDS = RECORD_KINDS.filter((kind) => !FIRM_PUSHABLE_KINDS.includes(kind));
const STORED = {
  type: 'object',
  required: ['index', 'status', 'kind', 'id', 'version'],
  properties: {
    index: { type: 'integer' },
    status: { type: 'string', enum: ['accepted', 'duplicate'] },
    kind: { type: 'string', enum: [...RECORD_KINDS] },
    id: { type: 'string', format: 'uuid' },
    version: { type: 'integer', minimum: 1 },
  },
};
const REJECTED = {
  type: 'object',
  required: ['index', 'status', 'kind', 'reason', 'detail', 'problems'],
  properties: {
    index: { type: 'integer' },
    status: { type: 'string', enum: ['rejected'] },
    kind: { type: 'string', enum: [...RECORD_KINDS] },
    reason: {
      type: 'string',
      enum: ['malformed', 'invalid', 'unknown_firm', 'wrong_firm', 'wrong_kind', 'missing_document', 'conflict'],
    },
    detail: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: { pointer: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
};
const BULK_REPORT = {
  type: 'object',
  required: ['requestId', 'accepted', 'duplicates', 'rejected', 'items'],
  properties: {
    requestId: { type: 'string' },
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: { type: 'integer' },
    items: { type: 'array', items: { anyOf: [STORED, REJECTED] } },
  },
};

// Routes whose success status depends on the outcome (a new record 201, a duplicate 200).
const DYNAMIC_SUCCESS: Record<string, true> = { 'POST /v1/ingest/{kind}': true };

function describeIngestBodies(document: OpenAPIObject): void {
  for (const path of ['/v1/ingest/{kind}', '/v1/ingest/{kind}/bulk']) {
    const operation = document.paths[path]?.post as Operation | undefined;
    if (!operation) continue;
    const bulk = path.endsWith('/bulk');
    const record = { type: 'object', description: 'one record of the kind: its JSON Schema is GET /v1/schemas/{kind}' };
    operation.requestBody = {
      required: true,
      description: `The JSON Schema of each kind's records is served at /v1/schemas/{kind} (firm kinds: ${FIRM_PUSHABLE_KINDS.join(', ')}).`,
      content: bulk
        ? {
            'application/json': { schema: { type: 'array', items: record, maxItems: 10_000 } },
            'application/x-ndjson': { schema: { type: 'string' } },
          }
        : { 'application/json': { schema: record } },
    };
    operation.responses = {
      ...(bulk
        ? {
            200: {
              description: 'per-item report: accepted, duplicates, rejected with their problems',
              content: { 'application/json': { schema: BULK_REPORT } },
            },
          }
        : {
            201: { description: 'stored', content: { 'application/json': { schema: STORED } } },
            200: {
              description: 'already stored (same content): a duplicate',
              content: { 'application/json': { schema: STORED } },
            },
          }),
      ...Object.fromEntries(Object.entries(operation.responses).filter(([s]) => !s.startsWith('2'))),
    };
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path' && parameter.name === 'kind')
        parameter.schema = {
          type: 'string',
          enum: [...FIRM_PUSHABLE_KINDS, ...GOV_KINDS],
          description: `firm kinds: ${FIRM_PUSHABLE_KINDS.join(', ')}; government kinds (${GOV_KINDS.join(', ')}) answer 403`,
        };
      if (parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key') {
        parameter.required = false;
        parameter.schema = { type: 'string', minLength: 1, maxLength: 200 };
        parameter.description = 'optional: a retry with the same key and body gets the first answer';
      }
    }
    operation.parameters = [
      ...(operation.parameters ?? []).filter(
        (p) => !('in' in p) || p.in !== 'header' || !SIGNATURE_HEADERS.some((h) => h.name === p.name),
      ),
      ...SIGNATURE_HEADERS,
    ];
  }
}

// 签名报送 (docs/firm-signatures.md): a push may carry an RFC 9421 signature over "@method", "@path"
// and "content-digest"; a firm whose policy is "signatures required" must send all three.
const SIGNATURE_HEADERS = [
  {
    name: 'Content-Digest',
    in: 'header' as const,
    required: false,
    schema: { type: 'string', pattern: '^sha-256=:[A-Za-z0-9+/]{43}=:$' },
    description:
      'RFC 9530: sha-256=:<base64 SHA-256 of the body>:. Required when signed; a mismatch answers 422 bad_digest.',
  },
  {
    name: 'Signature-Input',
    in: 'header' as const,
    required: false,
    schema: { type: 'string' },
    description:
      'RFC 9421: sig1=("@method" "@path" "content-digest");keyid="<the firm\'s signing key id>";created=<unix seconds>. Malformed or not covering the three components: 422 signature_malformed.',
  },
  {
    name: 'Signature',
    in: 'header' as const,
    required: false,
    schema: { type: 'string' },
    description:
      'RFC 9421: sig1=:<base64 Ed25519 or SM2 (r||s) signature over the signature base>:. Missing under the "signatures required" policy: 401 signature_missing; unknown, expired or revoked key: 401 unknown_key, key_expired, key_revoked; not verifying: 401 bad_signature.',
  },
];

/** Path parameters whose form the service checks (a malformed one answers 404 or 422, never 2xx). */
function pathParameterSchema(path: string, name: string): object | undefined {
  if (name === 'creditCode')
    return {
      type: 'string',
      pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
      description: 'unified social credit code (GB 32100)',
    };
  if (name === 'version' && path.startsWith('/v1/rule-packs/'))
    return { type: 'integer', minimum: 1, description: 'the pack version, e.g. 2' };
  return undefined;
}

function addProblems(operation: Operation, ...statuses: number[]): void {
  for (const status of statuses)
    operation.responses[String(status)] ??= { description: PROBLEM_DESCRIPTIONS[status] ?? 'problem', ...PROBLEM };
}

function forEachBodySchema(
  body: { content?: Record<string, { schema?: unknown }> },
  visit: (schema: Record<string, unknown>) => void,
): void {
  for (const media of Object.values(body.content ?? {}))
    if (media.schema) visit(media.schema as Record<string, unknown>);
}

function withStringRules<T extends object>(schema: T): T {
  const copy = structuredClone(schema) as Record<string, unknown>;
  restrictStrings(copy);
  return copy as T;
}

/** Every free string of a request body schema gets the pattern the body reader enforces. */
function restrictStrings(schema: Record<string, unknown>): void {
  if (schema.type === 'string' && !schema.pattern && !schema.enum && !schema.format && !schema.const)
    schema.pattern = NO_CONTROL_CHARACTERS;
  for (const key of ['properties', 'patternProperties', '$defs']) {
    const children = schema[key] as Record<string, Record<string, unknown>> | undefined;
    if (children) for (const child of Object.values(children)) restrictStrings(child);
  }
  for (const key of ['items', 'additionalProperties']) {
    const child = schema[key];
    if (child && typeof child === 'object') restrictStrings(child as Record<string, unknown>);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const child of (schema[key] as Array<Record<string, unknown>> | undefined) ?? []) restrictStrings(child);
}

/** 405 with Allow for a method a known path does not declare (HEAD follows GET); unknown paths fall through to 404. */
export function rejectUndeclaredMethods(app: INestApplication) {
  let allowed: ((path: string) => Set<string> | undefined) | undefined;
  return (req: Request, res: Response, next: NextFunction): void => {
    allowed ??= methodsByPath(routeTable(app));
    const methods = allowed(req.path);
    if (!methods || methods.has(req.method) || (req.method === 'HEAD' && methods.has('GET'))) return next();
    const allow = [...methods, ...(methods.has('GET') ? ['HEAD'] : [])].sort().join(', ');
    res.setHeader('Allow', allow);
    const problem = toProblem(
      new MethodNotAllowed(`${req.method} is not a method of ${req.path}; it allows ${allow}`),
      req.originalUrl,
    );
    res.status(problem.status).type('application/problem+json').json(problem);
  };
}
