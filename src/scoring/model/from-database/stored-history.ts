import type { DataSource } from 'typeorm';
import type { IsoDate } from '../../../ingest/schemas/records';
import type { FindingCode, FirmHistory, MarketContext } from '../../features/firm-history';
import { buildMarketContext } from '../../features/market-context';
import type { ScoredFirm } from '../../persistence/history-loader';
import { historyKnownAt, type FirmStore, type StoredFinding, type StoredRecord } from './point-in-time';

// Dates in the bureau's time zone (China has no daylight saving): a record received at 23:30 on
// the 31st in Beijing is known on the 31st.
const CHINA_DATE = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

const RECORD_COLUMNS = `firm_id, kind, business_key AS "businessKey", version, to_char(as_of, 'YYYY-MM-DD') AS "asOf",
  ${CHINA_DATE('received_at')} AS "receivedOn", received_at AS "receivedAt", payload`;

/** Every firm that ever reported, whatever its licence status now (exited firms are the positives). */
export async function storedFirms(db: DataSource): Promise<ScoredFirm[]> {
  return db.query(
    `SELECT id, credit_code AS "creditCode", kind, region_code AS "regionCode", name FROM firms ORDER BY credit_code`,
  );
}

/** The first and last business dates stored, and the last receipt day. */
export async function storedSpan(
  db: DataSource,
): Promise<{ first: IsoDate | null; last: IsoDate | null; lastReceived: IsoDate | null }> {
  const [row] = await db.query(
    `SELECT to_char(min(as_of), 'YYYY-MM-DD') AS first, to_char(max(as_of), 'YYYY-MM-DD') AS last, ${CHINA_DATE('max(received_at)')} AS "lastReceived" FROM ingest_records`,
  );
  return row;
}

/** Every stored version of every record of a batch of firms, and their findings with the day each was recorded. */
export async function firmStores(db: DataSource, firms: readonly ScoredFirm[]): Promise<FirmStore[]> {
  const ids = firms.map((f) => f.id);
  const [records, findings] = await Promise.all([
    db.query(`SELECT ${RECORD_COLUMNS} FROM ingest_records WHERE firm_id = ANY($1::uuid[]) ORDER BY received_at, id`, [
      ids,
    ]) as Promise<Array<StoredRecord & { firm_id: string; receivedAt: Date }>>,
    db.query(
      `SELECT f.firm_id, f.code, to_char(f.effective_on, 'YYYY-MM-DD') AS "confirmedAt", ${CHINA_DATE('f.created_at')} AS "recordedOn", f.source,
              to_char(c.effective_on, 'YYYY-MM-DD') AS "closedAt", ${CHINA_DATE('c.created_at')} AS "closedRecordedOn"
         FROM supervision_findings f LEFT JOIN supervision_findings c ON c.closes = f.id
        WHERE f.firm_id = ANY($1::uuid[]) AND f.closes IS NULL`,
      [ids],
    ) as Promise<
      Array<{
        firm_id: string;
        code: FindingCode;
        confirmedAt: IsoDate;
        recordedOn: IsoDate;
        source: string;
        closedAt: IsoDate | null;
        closedRecordedOn: IsoDate | null;
      }>
    >,
  ]);
  const byId = new Map(firms.map((f): [string, FirmStore] => [f.id, { firm: f, records: [], findings: [] }]));
  for (const { firm_id, receivedAt, ...r } of records)
    byId.get(firm_id)!.records.push({ ...r, receivedAt: new Date(receivedAt).toISOString() });
  for (const { firm_id, closedAt, closedRecordedOn, ...f } of findings) {
    const finding: StoredFinding = closedAt ? { ...f, closedAt, closedRecordedOn: closedRecordedOn ?? closedAt } : f;
    byId.get(firm_id)!.findings.push(finding);
  }
  return firms.map((f) => byId.get(f.id)!);
}

/**
 * The market context (peer yields, cross-platform borrowers, dishonest list) of each feature
 * date as the bureau knew it then: from the P2P reports and court listings of every firm, cut
 * point-in-time like the firm's own history.
 */
export async function marketsKnownAt(
  db: DataSource,
  firms: readonly ScoredFirm[],
  dates: readonly IsoDate[],
): Promise<Map<IsoDate, MarketContext>> {
  const rows: Array<StoredRecord & { firm_id: string; receivedAt: Date }> = await db.query(
    `SELECT ${RECORD_COLUMNS} FROM ingest_records
      WHERE kind = 'p2p_report' OR (kind = 'court_event' AND payload ->> 'type' IN ('dishonest_list', 'consumption_ban'))`,
  );
  const kinds = new Map(firms.map((f) => [f.id, f]));
  const stores = new Map<string, FirmStore>();
  for (const { firm_id, receivedAt, ...r } of rows) {
    const firm = kinds.get(firm_id);
    if (!firm) continue;
    let store = stores.get(firm_id);
    if (!store) stores.set(firm_id, (store = { firm, records: [], findings: [] }));
    store.records.push({ ...r, receivedAt: new Date(receivedAt).toISOString() });
  }
  const out = new Map<IsoDate, MarketContext>();
  for (const date of dates) {
    const histories: FirmHistory[] = [...stores.values()].map((s) => historyKnownAt(s, date).history);
    out.set(date, buildMarketContext(histories, date));
  }
  return out;
}
