// A small typed subset of the Grafana dashboard JSON model (schemaVersion 39, Grafana 10.4 / 11),
// and builders that lay panels out on the 24-column grid. Only what our dashboards use.

export const SCHEMA_VERSION = 39;

export const PG = { type: 'grafana-postgresql-datasource', uid: 'risk-pg' } as const;
export const PROM = { type: 'prometheus', uid: 'risk-prom' } as const;
export type DataSourceRef = typeof PG | typeof PROM;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SqlTarget {
  refId: string;
  datasource: typeof PG;
  editorMode: 'code';
  rawQuery: true;
  format: 'table' | 'time_series';
  rawSql: string;
}

export interface PromTarget {
  refId: string;
  datasource: typeof PROM;
  editorMode: 'code';
  expr: string;
  legendFormat?: string;
  range: boolean;
  instant: boolean;
}

export type PanelType = 'stat' | 'timeseries' | 'barchart' | 'table' | 'bargauge' | 'piechart' | 'text';

export interface Panel {
  id: number;
  type: PanelType | 'row';
  title: string;
  description?: string;
  gridPos: GridPos;
  datasource?: DataSourceRef;
  targets?: Array<SqlTarget | PromTarget>;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
  collapsed?: boolean;
  panels?: Panel[];
}

export interface TemplateVariable {
  name: string;
  label: string;
  type: 'query' | 'custom' | 'interval';
  datasource?: DataSourceRef;
  query: string;
  definition?: string;
  refresh?: 0 | 1 | 2;
  includeAll: boolean;
  multi: boolean;
  sort?: number;
  hide: 0 | 1 | 2;
  current: Record<string, unknown>;
  options: unknown[];
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: 'browser' | 'utc' | string;
  editable: boolean;
  graphTooltip: 0 | 1 | 2;
  schemaVersion: number;
  version: number;
  refresh: string;
  time: { from: string; to: string };
  templating: { list: TemplateVariable[] };
  annotations: { list: unknown[] };
  links: Array<{
    title: string;
    type: 'dashboards';
    tags: string[];
    asDropdown: boolean;
    includeVars: boolean;
    keepTime: boolean;
  }>;
  panels: Panel[];
}

/** What the test checks for a SQL panel: the columns it reads, the tables it needs, whether rows must come back. */
export interface SqlExpectation {
  panel: string;
  columns: string[];
  tables: string[];
  /** The seeded test data legitimately gives no row (e.g. "overdue now"). */
  mayBeEmpty?: boolean;
}

// Tier colours as officials know them (蓝 黄 橙 红).
export const TIER_COLOURS: Record<string, string> = { blue: 'blue', yellow: 'yellow', orange: 'orange', red: 'red' };
export const TIER_ORDER_SQL = `array_position(ARRAY['red','orange','yellow','blue'], tier::text)`;
export const OPEN_STATUSES_SQL = `('open', 'acknowledged', 'in_progress')`;

/**
 * Builds one dashboard: panels are added in reading order and flow left to right, wrapping at 24
 * columns, so nobody edits gridPos by hand. Rows start a new line.
 */
export class DashboardBuilder {
  private readonly panels: Panel[] = [];
  readonly expectations = new Map<number, SqlExpectation>();
  private nextId = 1;
  private x = 0;
  private y = 0;
  private lineHeight = 0;

  constructor(
    private readonly base: Omit<
      Dashboard,
      'panels' | 'schemaVersion' | 'version' | 'annotations' | 'editable' | 'graphTooltip' | 'timezone' | 'links'
    > & { links?: Dashboard['links'] },
  ) {}

  row(title: string): this {
    this.newLine();
    this.panels.push({
      id: this.nextId++,
      type: 'row',
      title,
      gridPos: { x: 0, y: this.y, w: 24, h: 1 },
      collapsed: false,
      panels: [],
    });
    this.y += 1;
    return this;
  }

  sql(spec: {
    type: PanelType;
    title: string;
    description?: string;
    w: number;
    h: number;
    format?: 'table' | 'time_series';
    sql: string;
    columns: string[];
    tables: string[];
    mayBeEmpty?: boolean;
    fieldConfig?: Panel['fieldConfig'];
    options?: Record<string, unknown>;
  }): this {
    const id = this.place(spec, PG, [
      {
        refId: 'A',
        datasource: PG,
        editorMode: 'code',
        rawQuery: true,
        format: spec.format ?? 'table',
        rawSql: dedent(spec.sql),
      },
    ]);
    this.expectations.set(id, {
      panel: spec.title,
      columns: spec.columns,
      tables: spec.tables,
      mayBeEmpty: spec.mayBeEmpty,
    });
    return this;
  }

  prom(spec: {
    type: PanelType;
    title: string;
    description?: string;
    w: number;
    h: number;
    queries: Array<{ expr: string; legend?: string }>;
    instant?: boolean;
    fieldConfig?: Panel['fieldConfig'];
    options?: Record<string, unknown>;
  }): this {
    const targets: PromTarget[] = spec.queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: PROM,
      editorMode: 'code',
      expr: q.expr,
      ...(q.legend ? { legendFormat: q.legend } : {}),
      range: !spec.instant,
      instant: Boolean(spec.instant),
    }));
    this.place(spec, PROM, targets);
    return this;
  }

  build(): Dashboard {
    const { links, ...base } = this.base;
    return {
      ...base,
      timezone: 'browser',
      editable: true,
      graphTooltip: 1,
      schemaVersion: SCHEMA_VERSION,
      version: 1,
      annotations: { list: [] },
      links: links ?? [
        {
          title: '风险监测 Risk surveillance',
          type: 'dashboards',
          tags: ['risk-surveillance'],
          asDropdown: true,
          includeVars: false,
          keepTime: true,
        },
      ],
      panels: this.panels,
    };
  }

  private place(
    spec: {
      type: PanelType;
      title: string;
      description?: string;
      w: number;
      h: number;
      fieldConfig?: Panel['fieldConfig'];
      options?: Record<string, unknown>;
    },
    datasource: DataSourceRef,
    targets: Array<SqlTarget | PromTarget>,
  ): number {
    if (this.x + spec.w > 24) this.newLine();
    const id = this.nextId++;
    this.panels.push({
      id,
      type: spec.type,
      title: spec.title,
      ...(spec.description ? { description: spec.description } : {}),
      gridPos: { x: this.x, y: this.y, w: spec.w, h: spec.h },
      datasource,
      targets,
      fieldConfig: spec.fieldConfig ?? { defaults: {}, overrides: [] },
      options: spec.options ?? {},
    });
    this.x += spec.w;
    this.lineHeight = Math.max(this.lineHeight, spec.h);
    return id;
  }

  private newLine(): void {
    if (this.x === 0) return;
    this.y += this.lineHeight;
    this.x = 0;
    this.lineHeight = 0;
  }
}

/** Removes the common indentation of a template literal, so the SQL reads well in Grafana's editor. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Field overrides colouring series or columns named after the alert tiers. */
export function tierColourOverrides(
  names: Record<string, string> = { blue: 'blue', yellow: 'yellow', orange: 'orange', red: 'red' },
): unknown[] {
  return Object.entries(names).map(([field, tier]) => ({
    matcher: { id: 'byName', options: field },
    properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: TIER_COLOURS[tier] } }],
  }));
}

export function unit(
  u: string,
  extra: Record<string, unknown> = {},
): { defaults: Record<string, unknown>; overrides: unknown[] } {
  return { defaults: { unit: u, ...extra }, overrides: [] };
}

export function queryVariable(spec: {
  name: string;
  label: string;
  sql: string;
  multi?: boolean;
  includeAll?: boolean;
}): TemplateVariable {
  return {
    name: spec.name,
    label: spec.label,
    type: 'query',
    datasource: PG,
    query: spec.sql,
    definition: spec.sql,
    refresh: 1,
    includeAll: spec.includeAll ?? false,
    multi: spec.multi ?? false,
    sort: 1,
    hide: 0,
    current: {},
    options: [],
  };
}
