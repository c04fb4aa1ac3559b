import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AGENCY_API_KEY, FIRM_API_KEY, STAFF_TOKEN } from './api-docs.decorators';
import { applyContract, rejectUndeclaredMethods } from './contract';
import { FOREIGN_ROUTE_DOCS } from './foreign-route-docs';
import { routeTable } from './route-table';
import { RESPONSE_SCHEMAS } from './response-schemas';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** RFC 9457 problem details, as api/problem.filter.ts writes them. */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: 'urn:problem:validation_failed' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string', description: 'the X-Request-Id of the request: quote it when reporting a problem' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string', description: 'JSON Pointer of the field' },
          detail: { type: 'string' },
        },
      },
    },
  },
};

/** The OpenAPI 3 document of every route of the running app (served at /docs and /docs/openapi.json). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('地方金融风险监测与存证 API')
    .setDescription(
      'Risk surveillance and evidence anchoring for a local-finance supervision bureau. Errors are RFC 9457 application/problem+json. ' +
        'Staff call with a token from POST /v1/auth/token (role and GB/T 2260 region scope); supervised firms with their API key and see only their own data. ' +
        'Long lists use cursor pagination: pass nextCursor back as cursor.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Staff access token (EdDSA JWT) from POST /v1/auth/token or the OIDC issuer',
      },
      STAFF_TOKEN,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'rsk_<prefix>_<secret>',
        description: "A supervised firm's push API key (also accepted as X-Api-Key)",
      },
      FIRM_API_KEY,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'rga_<prefix>_<secret>',
        description: "A government agency's feed API key, scoped to its feed kinds (also accepted as X-Api-Key)",
      },
      AGENCY_API_KEY,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  // The response schemas are plain JSON Schema literals; swagger's SchemaObject type is narrower.
  const schemas = { ...document.components?.schemas, Problem: PROBLEM_SCHEMA, ...RESPONSE_SCHEMAS } as NonNullable<
    OpenAPIObject['components']
  >['schemas'];
  document.components = { ...document.components, schemas };
  describeForeignRoutes(document);
  applyContract(document, routeTable(app));
  return document;
}

/** Serves the Swagger UI at /docs and the document at /docs/openapi.json; call before app.listen(). */
export function setupOpenApi(app: INestApplication): void {
  app.use(rejectUndeclaredMethods(app));
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    raw: ['json'],
    customSiteTitle: '地方金融风险监测 API',
  });
}

function describeForeignRoutes(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const doc = FOREIGN_ROUTE_DOCS[`${method.toUpperCase()} ${path}`];
      if (!operation || !doc || operation.summary) continue;
      operation.summary = doc.summary;
      operation.tags = [doc.tag];
      operation.security =
        doc.security === 'public' ? [] : [{ [doc.security === 'staff' ? STAFF_TOKEN : FIRM_API_KEY]: [] }];
      for (const status of doc.problems ?? []) {
        operation.responses[String(status)] ??= {
          description: 'problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        };
      }
    }
  }
}
