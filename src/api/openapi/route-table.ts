import type { INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

/** One route of a Nest controller: its method, its path as OpenAPI spells it, and its success status. */
export interface RouteInfo {
  method: string;
  path: string;
  status: number;
}

/** Every controller route of the app, read from Nest's own metadata (what the router serves). */
export function routeTable(app: INestApplication): RouteInfo[] {
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const verb = RequestMethod[method].toLowerCase();
        const status =
          (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (verb === 'post' ? 201 : 200);
        routes.push({ method: verb, path: openApiPath(base, path), status });
      }
    }
  }
  return routes;
}

function openApiPath(base: string, path: string): string {
  const joined = `/${[base, path]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** A matcher from a request path to the methods its route declares (undefined: no such path). */
export function methodsByPath(routes: readonly RouteInfo[]): (path: string) => Set<string> | undefined {
  const table = new Map<string, { regex: RegExp; methods: Set<string> }>();
  for (const route of routes) {
    const entry = table.get(route.path) ?? {
      regex: new RegExp(`^${route.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
      methods: new Set<string>(),
    };
    entry.methods.add(route.method.toUpperCase());
    table.set(route.path, entry);
  }
  // A literal path (/v1/ingest/records) is its own resource, although /v1/ingest/{kind} also matches it.
  return (path) => {
    const literal = table.get(path.replace(/\/$/, ''));
    if (literal) return literal.methods;
    let found: Set<string> | undefined;
    for (const { regex, methods } of table.values())
      if (regex.test(path)) found = new Set([...(found ?? []), ...methods]);
    return found;
  };
}
