import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { RunningApp } from '../../src/bootstrap';
import { buildOpenApiDocument } from '../../src/api/openapi/openapi';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { servedRoutes } from '../support/api-routes';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

// A compact structural schema of an OpenAPI 3.x document: what every consumer relies on.
const OPENAPI_SHAPE = {
  type: 'object',
  required: ['openapi', 'info', 'paths', 'components'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.[01]\\.\\d+$' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: { title: { type: 'string', minLength: 1 }, version: { type: 'string' } },
    },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        properties: Object.fromEntries(
          METHODS.map((m) => [
            m,
            {
              type: 'object',
              required: ['responses', 'summary', 'tags', 'operationId'],
              properties: {
                summary: { type: 'string', minLength: 3 },
                tags: { type: 'array', minItems: 1, items: { type: 'string' } },
                responses: {
                  type: 'object',
                  minProperties: 1,
                  propertyNames: { pattern: '^([1-5][0-9]{2}|default)$' },
                },
                security: { type: 'array', items: { type: 'object' } },
                parameters: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['name', 'in'],
                    properties: { in: { enum: ['query', 'path', 'header', 'cookie'] } },
                  },
                },
              },
            },
          ]),
        ),
      },
    },
    components: {
      type: 'object',
      required: ['securitySchemes', 'schemas'],
      properties: {
        securitySchemes: { type: 'object', required: ['staffToken', 'firmApiKey'] },
        schemas: { type: 'object', required: ['Problem'] },
      },
    },
  },
};

describe('OpenAPI document', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let document: any;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url });
    // The very function bootstrap serves at /docs/openapi.json.
    document = JSON.parse(JSON.stringify(buildOpenApiDocument(app.app)));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should be a structurally valid OpenAPI 3 document with problem+json errors', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(OPENAPI_SHAPE);
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    for (const [path, item] of Object.entries<any>(document.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const operation = item[method];
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          if (Number(status) >= 400)
            expect({ path, method, status, content: Object.keys(response.content ?? {}) }).toEqual({
              path,
              method,
              status,
              content: ['application/problem+json'],
            });
        }
        // A route without credentials says so (security: []); every other names its scheme.
        expect({ path, method, security: Array.isArray(operation.security) }).toEqual({ path, method, security: true });
        for (const requirement of operation.security)
          for (const scheme of Object.keys(requirement))
            expect(document.components.securitySchemes).toHaveProperty(scheme);
      }
    }
  });

  it('should describe the 2xx bodies of the main resources, every $ref resolving', () => {
    const described = [
      'get /v1/firms',
      'get /v1/firms/{creditCode}',
      'get /v1/firms/{creditCode}/records',
      'get /v1/firms/{creditCode}/assessments',
      'get /v1/alerts',
      'get /v1/alerts/{id}',
      'get /v1/ranking',
      'get /v1/evidence/receipts/{kind}/{id}',
      'get /v1/audit/receipts/{kind}/{id}',
      'get /v1/evidence/checkpoints',
    ];
    for (const route of described) {
      const [method, path] = route.split(' ');
      const ok = document.paths[path]?.[method]?.responses?.['200'];
      expect({ route, schema: ok?.content?.['application/json']?.schema !== undefined }).toEqual({
        route,
        schema: true,
      });
    }
    for (const route of Object.keys(document.paths).filter((p) => p.endsWith('.csv'))) {
      expect({ route, content: Object.keys(document.paths[route].get.responses['200'].content) }).toEqual({
        route,
        content: ['text/csv'],
      });
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(20);
    expect([...new Set(refs)].filter((name) => !document.components.schemas[name])).toEqual([]);
  });

  it('should describe the RFC 9421 signature headers of the push routes and the witness routes of a firm', () => {
    for (const path of ['/v1/ingest/{kind}', '/v1/ingest/{kind}/bulk']) {
      const headers = (document.paths[path].post.parameters as Array<{ in: string; name: string }>)
        .filter((p) => p.in === 'header')
        .map((p) => p.name);
      expect({ path, headers: headers.sort() }).toEqual({
        path,
        headers: expect.arrayContaining(['Content-Digest', 'Signature', 'Signature-Input']),
      });
    }
    for (const route of [
      '/v1/witness/cosignatures',
      '/v1/witness/refusals',
      '/v1/witness/signed-submissions',
      '/v1/witness/leaves',
      '/v1/evidence/consistency',
    ])
      expect(document.paths).toHaveProperty([route]);
    expect(
      document.paths['/v1/witness/cosignatures'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['checkpoint', 'cosignature']);
  });

  it('should describe exactly the routes the app serves', () => {
    const documented = Object.entries<any>(document.paths)
      .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const served = servedRoutes(app.app).filter((route) => !route.startsWith('GET /docs'));
    expect(documented).toEqual(served);
  });

  // Active once bootstrap.ts serves the document (setupOpenApi(app) before listen).
  const served = readFileSync(`${__dirname}/../../src/bootstrap.ts`, 'utf8').includes('setupOpenApi(');
  (served ? it : it.skip)('should serve the document at /docs/openapi.json and the UI at /docs', async () => {
    const json = await fetch(`${app.url}/docs/openapi.json`);
    expect(json.status).toBe(200);
    expect(((await json.json()) as any).paths).toEqual(document.paths);
    const ui = await fetch(`${app.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });
});
