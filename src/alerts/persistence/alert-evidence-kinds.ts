import { In } from 'typeorm';
import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { uuidsOf, type EvidenceKind, type Rehasher } from '../../evidence-chain/kinds/evidence-kind';
import { AccountabilityRecordEntity } from '../entities/accountability-record.entity';
import { AlertDeliveryEntity } from '../entities/alert-delivery.entity';
import { AlertEventEntity } from '../entities/alert-event.entity';
import { accountabilityRecord, deliveryRecord, EVIDENCE_KINDS, eventLeafKind, eventRecord } from './alert-records';

// The evidence kinds alerts write, with their re-hashers for the tamper scan. The alert rows are read
// through their entities and turned into records by the writer's own functions, so the scan and the
// writer cannot drift apart.

const hashed = (id: string, record: unknown): [string, Buffer] => [
  id,
  Buffer.from(recordContentHash(record, nodeSha256)),
];

/** Events of one leaf kind: an event stored under the other kind counts as missing. */
function alertEventRehasher(kind: typeof EVIDENCE_KINDS.alert | typeof EVIDENCE_KINDS.action): Rehasher {
  return async (db, recordIds) => {
    const rows = await db.getRepository(AlertEventEntity).findBy({ id: In(uuidsOf(recordIds)) });
    return new Map(rows.filter((r) => eventLeafKind(r.kind) === kind).map((r) => hashed(r.id, eventRecord(r))));
  };
}

const deliveryRehasher: Rehasher = async (db, recordIds) => {
  const rows = await db.getRepository(AlertDeliveryEntity).findBy({ id: In(uuidsOf(recordIds)) });
  return new Map(rows.map((r) => hashed(r.id, deliveryRecord(r))));
};

const accountabilityRehasher: Rehasher = async (db, recordIds) => {
  const rows = await db.getRepository(AccountabilityRecordEntity).findBy({ id: In(uuidsOf(recordIds)) });
  return new Map(rows.map((r) => hashed(r.id, accountabilityRecord(r))));
};

export const ALERT_EVIDENCE_KINDS: readonly EvidenceKind[] = [
  { name: EVIDENCE_KINDS.alert, rehasher: alertEventRehasher(EVIDENCE_KINDS.alert) }, // alert events of the policy and the system (alert_events)
  { name: EVIDENCE_KINDS.action, rehasher: alertEventRehasher(EVIDENCE_KINDS.action) }, // officials' actions and notes on an alert (alert_events)
  { name: EVIDENCE_KINDS.delivery, rehasher: deliveryRehasher }, // 预警送达 (alert_deliveries)
  { name: EVIDENCE_KINDS.accountability, rehasher: accountabilityRehasher }, // 问责记录 (accountability_records)
];
