import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { StaffRole } from '../../staff/staff-role';

// Names of the security schemes declared in openapi.ts.
export const STAFF_TOKEN = 'staffToken';
export const FIRM_API_KEY = 'firmApiKey';
export const AGENCY_API_KEY = 'agencyApiKey';

const PROBLEM_TITLES: Record<number, string> = {
  400: 'bad request',
  401: 'missing, expired or invalid credentials',
  403: "the role may not do this, or the region is outside the caller's scope",
  404: "not found (or outside the caller's scope: existence is not disclosed)",
  409: 'conflict, or not ready yet (Retry-After)',
  413: 'payload too large',
  422: 'validation failed: `errors` lists each field (JSON Pointer) and why',
  429: 'rate limited (Retry-After)',
};

/** RFC 9457 problem+json answers of a route. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_TITLES[status] ?? 'error',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      }),
    ),
  );

/** A route of a staff controller: summary, the roles allowed (documented) and the usual problems. */
export const StaffDoc = (summary: string, roles: readonly StaffRole[] | 'any', ...problems: number[]) =>
  applyDecorators(
    ApiOperation({
      summary,
      description: `Staff token. Roles: ${roles === 'any' ? 'any staff role' : roles.join(', ')}.`,
    }),
    ApiBearerAuth(STAFF_TOKEN),
    ApiProblems(401, ...(roles === 'any' ? [] : [403]), ...problems),
  );

/** A route open to staff (token) and supervised firms (API key) alike. */
export const StaffOrFirmDoc = (summary: string, ...problems: number[]) =>
  applyDecorators(
    ApiOperation({ summary, description: 'A staff token (any role) or a firm API key.' }),
    ApiBearerAuth(STAFF_TOKEN),
    ApiSecurity(FIRM_API_KEY),
    ApiProblems(401, ...problems),
  );

/** A route without credentials. */
export const PublicDoc = (summary: string, ...problems: number[]) =>
  applyDecorators(
    ApiOperation({ summary, description: 'Public: no credentials.', security: [] }),
    ApiProblems(...problems),
  );

export { ApiTags };

/** One @ApiQuery per property of a query DTO's JSON Schema: the schema that validates also documents. */
export const ApiQueryFrom = (querySchema: object) => {
  const schema = querySchema as { properties: Record<string, unknown>; required?: readonly string[] };
  return applyDecorators(
    ...Object.entries(schema.properties).map(([name, property]) => {
      const { nullable: _nullable, ...rest } = property as Record<string, unknown>;
      // Required-with-default parameters may be omitted by the caller.
      const required = (schema.required ?? []).includes(name) && !('default' in rest);
      return ApiQuery({ name, required, schema: rest });
    }),
  );
};
