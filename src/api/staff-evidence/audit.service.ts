import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FirmsService } from '../../firms/firms.service';
import { ReceiptService } from '../../evidence-chain/receipts/receipt.service';
import type { Receipt } from '../../evidence-chain/verifier/receipt';
import { TamperCheckService, type TamperFinding } from '../../evidence-chain/tamper/tamper-check.service';
import type { Page } from '../../ingest/intake/record-query.service';
import { AccessLogService, type AccessRequest } from '../auth/access-log.service';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { allPages, CSV_MAX_ROWS, withinCap } from '../exports/csv-export';
import type { AccessLogQuery } from './access-log-query.dto';

export interface AccessLogRow {
  id: string;
  at: string;
  staffId: string | null;
  username: string | null;
  role: string | null;
  regionCode: string | null;
  method: string;
  path: string;
  firmId: string | null;
  firmCreditCode: string | null;
  outcome: 'allowed' | 'denied';
  reason: string | null;
}

/** 审计: every receipt, tamper findings and the staff access log, for auditors. */
@Injectable()
export class AuditService {
  constructor(
    private readonly receipts: ReceiptService,
    private readonly tamper: TamperCheckService,
    private readonly accessLog: AccessLogService,
    private readonly dataSource: DataSource,
    private readonly firms: FirmsService,
  ) {}

  /** Any record's receipt; receipts hold hashes only, but reading one is still logged. */
  async receipt(staff: StaffPrincipal, kind: string, id: string, request: AccessRequest): Promise<Receipt> {
    await this.accessLog.record({ staff, request, outcome: 'allowed', reason: 'receipt' });
    return this.receipts.receipt(kind, id, { staff: true });
  }

  tamperFindings(limit: number): Promise<Array<TamperFinding & { foundAt: string }>> {
    return this.tamper.list(limit);
  }

  /** Every finding, newest first, for the CSV export. */
  async allTamperFindings(): Promise<Array<TamperFinding & { foundAt: string }>> {
    return withinCap(await this.tamper.list(CSV_MAX_ROWS + 1));
  }

  /** Every row the filters select, newest first, for the CSV export. */
  allAccessLog(query: AccessLogQuery): Promise<AccessLogRow[]> {
    return allPages((limit, cursor) => this.accessLogPage({ ...query, limit, cursor }));
  }

  /** Newest first; keyset pagination on the row id. */
  async accessLogPage(query: AccessLogQuery): Promise<Page<AccessLogRow>> {
    const params: unknown[] = [query.limit + 1];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => where.push(sql(`$${params.push(value)}`));
    if (query.staffId) add((p) => `a.staff_id = ${p}`, query.staffId);
    if (query.username) add((p) => `a.username = ${p}`, query.username.trim().toLowerCase());
    if (query.firm) {
      // The firm by its credit code: the access log is ours, the firm register is the firms module's.
      const firm = (await this.firms.lookup([query.firm])).get(query.firm);
      if (!firm) return { items: [], nextCursor: null };
      add((p) => `a.firm_id = ${p}`, firm.id);
    }
    if (query.outcome) add((p) => `a.outcome = ${p}`, query.outcome);
    if (query.from) add((p) => `a.at >= ${p}::timestamptz`, query.from);
    if (query.to) add((p) => `a.at < ${p}::timestamptz`, query.to);
    if (query.cursor) add((p) => `a.id < ${p}::bigint`, query.cursor);
    const rows: AccessLogRow[] = await this.dataSource.query(
      `SELECT a.id::text AS id, a.at, a.staff_id AS "staffId", a.username, a.role::text AS role, a.region_code AS "regionCode",
              a.method, a.path, a.firm_id AS "firmId", NULL AS "firmCreditCode", a.outcome::text AS outcome, a.reason
         FROM staff_access_log a
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.id DESC LIMIT $1`,
      params,
    );
    const items = rows.slice(0, query.limit);
    const codes = await this.firms.creditCodesOf(items.flatMap((r) => (r.firmId ? [r.firmId] : [])));
    for (const row of items) row.firmCreditCode = row.firmId ? (codes.get(row.firmId) ?? null) : null;
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }
}
