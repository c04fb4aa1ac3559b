// pgaudit's session lines in PostgreSQL's jsonlog (log_destination = jsonlog): one JSON object per
// line whose message is `AUDIT: SESSION,<statement id>,<substatement id>,<class>,<command>,
// <object type>,<object name>,<statement>,<parameter>` (CSV: fields with commas are quoted, quotes doubled).
// Pure: no I/O.

/** 一次看板查阅: one read by the dashboard role, as pgaudit logged it (one line per relation read). */
export interface AuditedRead {
  at: Date;
  /** The database role that logged in (the dashboard role). */
  user: string;
  database: string;
  /** The person in Grafana, when the query or connection says (see grafanaUserOf). */
  grafanaUser: string | null;
  statementId: number;
  substatementId: number;
  command: string;
  /** schema.table, or null when pgaudit logged the statement without a relation. */
  objectName: string | null;
  statement: string;
}

interface JsonLogLine {
  timestamp?: string;
  user?: string;
  dbname?: string;
  application_name?: string;
  message?: string;
}

const PREFIX = 'AUDIT: SESSION,';

/** The read of one jsonlog line, or null for any other line (other roles, other classes, server messages, garbage). */
export function parseAuditLine(line: string, role: string): AuditedRead | null {
  if (!line.includes('AUDIT: SESSION')) return null;
  let entry: JsonLogLine;
  try {
    entry = JSON.parse(line) as JsonLogLine;
  } catch {
    return null;
  }
  if (entry.user !== role || !entry.message?.startsWith(PREFIX) || !entry.timestamp) return null;
  const fields = parseCsv(entry.message.slice('AUDIT: '.length));
  const [, statementId, substatementId, auditClass, command, , objectName, statement] = fields;
  if (fields.length < 8 || auditClass !== 'READ') return null;
  const at = new Date(
    entry.timestamp
      .replace(/ ([A-Z]{3,5})$/, (_, zone: string) => (zone === 'UTC' || zone === 'GMT' ? 'Z' : ` ${zone}`))
      .replace(' ', 'T'),
  );
  if (Number.isNaN(at.getTime())) return null;
  return {
    at,
    user: entry.user,
    database: entry.dbname ?? '',
    grafanaUser: grafanaUserOf(entry.application_name ?? '', statement),
    statementId: Number(statementId),
    substatementId: Number(substatementId),
    command,
    objectName: objectName || null,
    statement,
  };
}

// A Grafana panel can name its viewer: `/* grafana_user=${__user.login} */` in the SQL, or an
// application_name of `grafana:<login>` on the datasource connection.
const COMMENT = /\/\*\s*grafana_user\s*[=:]\s*([\w.@-]{1,64})\s*\*\//;
const APPLICATION = /^grafana[:/]([\w.@-]{1,64})$/;

export function grafanaUserOf(applicationName: string, statement: string): string | null {
  return COMMENT.exec(statement)?.[1] ?? APPLICATION.exec(applicationName)?.[1] ?? null;
}

// A firm named in the statement: its uuid or its unified social credit code (统一社会信用代码, 18 characters).
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const CREDIT_CODE = /\b[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\b/g;

/** Uuids and credit codes in the statement's text, as candidates to look up among the firms. */
export function firmReferences(statement: string): { ids: string[]; creditCodes: string[] } {
  return {
    ids: [...new Set((statement.match(UUID) ?? []).map((s) => s.toLowerCase()))],
    creditCodes: [...new Set(statement.match(CREDIT_CODE) ?? [])],
  };
}

/** One CSV record (RFC 4180 quoting) into its fields. */
export function parseCsv(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return [...fields, value + text.slice(i)];
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      i = text.indexOf(',', i) < 0 ? text.length + 1 : text.indexOf(',', i) + 1;
    } else {
      const comma = text.indexOf(',', i);
      fields.push(comma < 0 ? text.slice(i) : text.slice(i, comma));
      i = comma < 0 ? text.length + 1 : comma + 1;
    }
  }
  return fields;
}
