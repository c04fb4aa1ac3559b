import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotAnchoredYet, ReceiptService } from '../evidence-chain/receipts/receipt.service';
import { regionLevel } from '../firms/region-code';
import { ROLE_SCOPE_LEVEL } from '../staff/region-scope';
import type { StaffPrincipal } from '../staff/staff-principal';
import { IntegrityAnalysisService } from './integrity-analysis.service';
import { beijingMonth } from '../platform/beijing-time';

const TRACE_VIEW = `t.id, t.power_id AS "powerId", t.power_list_version AS "powerListVersion", t.actor_id AS "actorId", t.actor_name AS "actorName", t.actor_role AS "actorRole",
  t.actor_region AS "actorRegion", t.approver_id AS "approverId", t.approver_name AS "approverName", t.approver_role AS "approverRole", t.target_kind AS "targetKind",
  t.target_id AS "targetId", t.firm_id AS "firmId", t.before, t.after, t.reason, t.method, t.path, t.exercised_at AS "exercisedAt", t.due_at AS "dueAt"`;

const INTEGRITY_VIEW = `i.id, i.indicator, i.subject_staff_ids AS "subjectStaffIds", i.subject_role AS "subjectRole", i.region_code AS "regionCode", i.firm_id AS "firmId",
  i.summary, i.evidence, i.raised_at AS "raisedAt"`;

/** LIKE pattern of the regions a principal oversees: the county, the city's counties, the province's. */
function scopePattern(staff: Pick<StaffPrincipal, 'role' | 'regionCode'>): string {
  if (ROLE_SCOPE_LEVEL[staff.role] === null) return '%';
  const level = regionLevel(staff.regionCode);
  return level === 'county'
    ? staff.regionCode
    : level === 'city'
      ? `${staff.regionCode.slice(0, 4)}%`
      : `${staff.regionCode.slice(0, 2)}%`;
}

/**
 * 纪检监察's view of the cage: the traces of officials of the inspector's region, the integrity
 * alerts about them (never those about the reader), and one official's complete case file with
 * the evidence receipts of every trace.
 */
@Injectable()
export class OversightQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly receipts: ReceiptService,
    private readonly analysis: IntegrityAnalysisService,
  ) {}

  /** The indicators of the month (YYYY-MM, Beijing time) for the officials of the caller's region. */
  async indicators(staff: StaffPrincipal, month: string): Promise<unknown> {
    const [from, to] = beijingMonth(month);
    const { officials, firings } = await this.analysis.indicators(from, to, scopePattern(staff));
    return {
      month,
      officials: officials.filter((o) => o.actorId !== staff.id),
      firings: firings
        .filter((f) => f.official.actorId !== staff.id)
        .map((f) => ({
          indicator: f.indicator,
          title: f.title,
          actorId: f.official.actorId,
          value: f.value,
          threshold: f.threshold,
          peerMedian: f.peerMedian,
        })),
    };
  }

  async traces(staff: StaffPrincipal, limit: number): Promise<unknown[]> {
    return this.dataSource.query(
      `SELECT ${TRACE_VIEW} FROM power_traces t WHERE t.actor_region LIKE $1 ORDER BY t.exercised_at DESC, t.id DESC LIMIT $2`,
      [scopePattern(staff), limit],
    );
  }

  async integrityAlerts(staff: StaffPrincipal, limit: number): Promise<unknown[]> {
    return this.dataSource.query(
      `SELECT ${INTEGRITY_VIEW} FROM integrity_alerts i
        WHERE i.region_code LIKE $1 AND NOT i.subject_staff_ids ? $2
        ORDER BY i.raised_at DESC, i.id DESC LIMIT $3`,
      [scopePattern(staff), staff.id, limit],
    );
  }

  /** 案卷: everything the cage holds on one official of the reader's region, traces with their receipts. */
  async caseFile(staff: StaffPrincipal, officialId: string): Promise<Record<string, unknown>> {
    const pattern = scopePattern(staff);
    const traces: Array<{ id: string }> = await this.dataSource.query(
      `SELECT ${TRACE_VIEW} FROM power_traces t WHERE (t.actor_id = $1 OR t.approver_id = $1) AND t.actor_region LIKE $2 ORDER BY t.exercised_at, t.id`,
      [officialId, pattern],
    );
    const overdue = await this.dataSource.query(
      `SELECT id, cause, alert_id AS "alertId", firm_id AS "firmId", responsible_role AS "responsibleRole", deadline_at AS "deadlineAt", detected_at AS "detectedAt", late_by_ms AS "lateByMs", detail
         FROM overdue_accountability WHERE responsible @> jsonb_build_array(jsonb_build_object('staffId', $1::text)) AND responsible_region_code LIKE $2 ORDER BY detected_at`,
      [officialId, pattern],
    );
    const integrity =
      officialId === staff.id
        ? []
        : await this.dataSource.query(
            `SELECT ${INTEGRITY_VIEW} FROM integrity_alerts i WHERE i.subject_staff_ids ? $1 AND i.region_code LIKE $2 ORDER BY i.raised_at`,
            [officialId, pattern],
          );
    const withReceipts = [];
    for (const trace of traces) withReceipts.push({ ...trace, receipt: await this.receiptOf(trace.id) });
    return { officialId, traces: withReceipts, overdueAccountability: overdue, integrityAlerts: integrity };
  }

  /** The trace's evidence receipt, or why there is none yet (queued for the next checkpoint). */
  private async receiptOf(traceId: string): Promise<unknown> {
    try {
      return await this.receipts.receipt('power_exercise', traceId, { staff: true });
    } catch (error) {
      if (error instanceof NotAnchoredYet) return { pending: error.message };
      throw error;
    }
  }
}
