import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundledPowerList, powerOf } from '../../cage/power-list/power-list';
import { STAFF_ROLES_KEY } from '../auth/staff-auth.metadata';
import { alertPower, POWER_KEY, type PowerBinding } from './power.decorator';

/** Every route bound with @Power() in src/api, with the roles its guard lets through. */
async function boundRoutes(): Promise<Array<{ route: string; binding: PowerBinding; roles: string[] | undefined }>> {
  const dir = join(__dirname, '..');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.controller.ts'));
  const out: Array<{ route: string; binding: PowerBinding; roles: string[] | undefined }> = [];
  for (const file of files) {
    const exports = (await import(join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function') continue;
      for (const name of Object.getOwnPropertyNames(value.prototype ?? {})) {
        const handler = (value.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const binding = Reflect.getMetadata(POWER_KEY, handler) as PowerBinding | undefined;
        if (binding === undefined) continue;
        const roles = (Reflect.getMetadata(STAFF_ROLES_KEY, handler) ?? Reflect.getMetadata(STAFF_ROLES_KEY, value)) as
          string[] | undefined;
        out.push({ route: `${value.name}.${name}`, binding, roles });
      }
    }
  }
  return out;
}

describe('power list bindings (权力清单)', () => {
  it('should bind every @Power() route to a declared power that admits every role the route admits', async () => {
    const list = bundledPowerList();
    const routes = await boundRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const ids = routes.flatMap((r) =>
      typeof r.binding === 'string'
        ? [r.binding]
        : ['acknowledge', 'start', 'resolve', 'false_positive', 'note'].map((action) =>
            alertPower({ body: { action } } as never)!,
          ),
    );
    for (const id of ids) expect(() => powerOf(list, id)).not.toThrow();
    for (const route of routes.filter((r) => typeof r.binding === 'string' && r.roles)) {
      expect({
        route: route.route,
        missing: route.roles!.filter((role) => !powerOf(list, route.binding as string).roles.includes(role as never)),
      }).toEqual({ route: route.route, missing: [] });
    }
    // Every exercise power of the catalogue is bound to some route (reads are traced by the access log).
    const unbound = list.powers.filter((p) => p.kind !== 'read' && !ids.includes(p.id)).map((p) => p.id);
    expect(unbound).toEqual([]);
  });
});
