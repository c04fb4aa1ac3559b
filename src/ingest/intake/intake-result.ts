import { FieldProblem } from '../../platform/errors/domain-error';
import { RecordKind } from '../schemas/records';

/** Why an item was not stored; the HTTP answer and the dead-letter headers carry it. */
export type RejectionReason =
  | 'malformed'
  | 'invalid'
  | 'unknown_firm'
  | 'wrong_firm'
  | 'wrong_kind'
  | 'missing_document'
  | 'conflict'
  | 'signature_missing'
  | 'unknown_key';

export type IntakeResult =
  | { index: number; status: 'accepted' | 'duplicate'; kind: RecordKind; id: string; version: number }
  | {
      index: number;
      status: 'rejected';
      kind: RecordKind;
      reason: RejectionReason;
      detail: string;
      problems: FieldProblem[];
    };

export type Rejection = Extract<IntakeResult, { status: 'rejected' }>;

export function rejection(
  index: number,
  kind: RecordKind,
  reason: RejectionReason,
  detail: string,
  problems: FieldProblem[] = [],
): Rejection {
  return { index, status: 'rejected', kind, reason, detail, problems };
}
