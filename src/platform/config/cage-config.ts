// 数据铁笼 settings (CAGE_*): where pgaudit writes the dashboard role's reads, and how often they are imported.
import * as path from 'node:path';

export interface CageConfig {
  /** PostgreSQL's jsonlog file carrying pgaudit's lines (CAGE_PGAUDIT_LOG); null: no import. */
  pgauditLog: string | null;
  /** The role whose reads pgaudit logs (CAGE_DASHBOARD_ROLE), as the log names it. */
  dashboardRole: string;
  importIntervalMs: number;
}

/** The part of platform/config's reader this needs. */
interface Reader {
  string(key: string): string | undefined;
  int(key: string, min: number, max: number): number | undefined;
  matching(key: string, pattern: RegExp, what: string): string | undefined;
}

export function readCageConfig(read: Reader): CageConfig {
  const log = read.string('CAGE_PGAUDIT_LOG');
  return {
    pgauditLog: log ? path.resolve(log) : null,
    dashboardRole:
      read.matching(
        'CAGE_DASHBOARD_ROLE',
        /^[a-z_][a-z0-9_]{0,62}$/,
        'a PostgreSQL role name (lower case letters, digits, _)',
      ) ?? 'risk_dashboard',
    importIntervalMs: read.int('CAGE_PGAUDIT_INTERVAL_MS', 100, 86_400_000) ?? 60_000,
  };
}
