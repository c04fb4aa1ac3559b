import type { EntityManager } from 'typeorm';
import { isUuid } from '../platform/uuid';
import type { PowerTarget } from './power-list/power-list';

/** The state a power acts on, read before and after it is exercised: jsonb built in SQL, so it hashes the same when read back. */
export interface TargetState {
  targetId: string | null;
  firmId: string | null;
  state: unknown;
}

type Params = Record<string, string | undefined>;
type Reader = (db: EntityManager, params: Params) => Promise<TargetState>;

const NONE: TargetState = { targetId: null, firmId: null, state: null };

async function one(db: EntityManager, sql: string, args: unknown[], targetId: string | null): Promise<TargetState> {
  const [row]: Array<{ firmId: string | null; state: unknown }> = await db.query(sql, args);
  return row ? { targetId, firmId: row.firmId, state: row.state } : { targetId, firmId: null, state: null };
}

// A firm's current grade rides along with anything that may move it, so a trace shows the effect.
const FIRM_GRADE = `(SELECT json_build_object('grade', a.grade, 'tier', a.tier, 'machineScore', a.machine_score::text, 'riskScore', a.risk_score::text)
                       FROM assessments a WHERE a.firm_id = f.id ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1)`;

const READERS: Record<PowerTarget, Reader> = {
  none: async () => NONE,
  firm_licence: (db, p) =>
    one(
      db,
      `SELECT f.id AS "firmId", jsonb_build_object('licenceStatus', f.licence_status) AS state FROM firms f WHERE f.credit_code = $1`,
      [p.creditCode],
      p.creditCode ?? null,
    ),
  firm_manual_scores: (db, p) =>
    one(
      db,
      `SELECT f.id AS "firmId", jsonb_build_object('assessment', ${FIRM_GRADE},
              'manualScores', (SELECT coalesce(jsonb_agg(m.id ORDER BY m.created_at, m.id), '[]'::jsonb) FROM manual_scores m WHERE m.firm_id = f.id)) AS state
         FROM firms f WHERE f.credit_code = $1`,
      [p.creditCode],
      p.creditCode ?? null,
    ),
  firm_findings: (db, p) =>
    one(
      db,
      `SELECT f.id AS "firmId", jsonb_build_object('findings', (SELECT coalesce(jsonb_agg(s.id ORDER BY s.created_at, s.id), '[]'::jsonb) FROM supervision_findings s WHERE s.firm_id = f.id)) AS state
         FROM firms f WHERE f.credit_code = $1`,
      [p.creditCode],
      p.creditCode ?? null,
    ),
  finding: (db, p) =>
    isUuid(p.id ?? '')
      ? one(
          db,
          `SELECT s.firm_id AS "firmId", jsonb_build_object('closedBy', (SELECT c.id FROM supervision_findings c WHERE c.closes = s.id LIMIT 1)) AS state FROM supervision_findings s WHERE s.id = $1`,
          [p.id],
          p.id!,
        )
      : Promise.resolve({ ...NONE, targetId: p.id ?? null }),
  alert: (db, p) =>
    isUuid(p.id ?? '')
      ? one(
          db,
          `SELECT a.firm_id AS "firmId", jsonb_build_object('status', a.status, 'tier', a.tier, 'version', a.version, 'deadlineAt', a.deadline_at) AS state FROM alerts a WHERE a.id = $1`,
          [p.id],
          p.id!,
        )
      : Promise.resolve({ ...NONE, targetId: p.id ?? null }),
  contingency_task: (db, p) =>
    isUuid(p.id ?? '')
      ? one(
          db,
          `SELECT a.firm_id AS "firmId", jsonb_build_object('status', t.status, 'dueAt', t.due_at, 'completedAt', t.completed_at) AS state
             FROM contingency_tasks t JOIN contingency_plans p ON p.id = t.plan_id JOIN alerts a ON a.id = p.alert_id WHERE p.alert_id = $1 AND t.task_id = $2`,
          [p.id, p.taskId],
          `${p.id}/${p.taskId}`,
        )
      : Promise.resolve({ ...NONE, targetId: `${p.id}/${p.taskId}` }),
  // The same power activates a model version (POST /v1/models/:version/activate): the served version is its state.
  rule_pack_activation: (db, p) =>
    p.kind === undefined && p.version !== undefined
      ? one(
          db,
          `SELECT NULL::uuid AS "firmId", jsonb_build_object('activeModel', (SELECT m.version FROM model_activations m ORDER BY m.activated_at DESC, m.id DESC LIMIT 1)) AS state`,
          [],
          'model',
        )
      : one(
          db,
          `SELECT NULL::uuid AS "firmId", jsonb_build_object('activeVersion', (SELECT r.version FROM rule_pack_activations r WHERE r.pack = $1 ORDER BY r.activated_at DESC, r.id DESC LIMIT 1)) AS state`,
          [p.kind],
          p.kind ?? null,
        ),
  firm_api_keys: (db, p) =>
    one(
      db,
      `SELECT f.id AS "firmId", jsonb_build_object('activeKeys', (SELECT coalesce(jsonb_agg(k.id ORDER BY k.created_at, k.id), '[]'::jsonb) FROM firm_api_keys k WHERE k.firm_id = f.id AND k.revoked_at IS NULL)) AS state
         FROM firms f WHERE f.credit_code = $1`,
      [p.creditCode],
      p.creditCode ?? null,
    ),
  agency_api_keys: (db, p) =>
    one(
      db,
      `SELECT NULL::uuid AS "firmId", jsonb_build_object('activeKeys', (SELECT coalesce(jsonb_agg(k.id ORDER BY k.created_at, k.id), '[]'::jsonb) FROM agency_api_keys k WHERE k.revoked_at IS NULL)) AS state`,
      [],
      p.keyId ?? null,
    ),
  staff: (db, p) =>
    isUuid(p.id ?? '')
      ? one(
          db,
          `SELECT NULL::uuid AS "firmId", jsonb_build_object('username', s.username, 'role', s.role, 'regionCode', s.region_code, 'disabled', s.disabled, 'tokenVersion', s.token_version) AS state FROM staff_users s WHERE s.id = $1`,
          [p.id],
          p.id!,
        )
      : Promise.resolve({ ...NONE, targetId: p.id ?? null }),
};

/** Reads a power's target (never secrets: key hashes and password hashes stay out of traces). */
export function readTarget(db: EntityManager, target: PowerTarget, routeParams: object): Promise<TargetState> {
  return READERS[target](db, routeParams as Params);
}
