// The single entry point for checking an incoming record, whatever the channel (HTTP push,
// Kafka, replay): JSON Schema first (shape, formats, check characters), then semantic checks of
// values that cannot be true together. Every problem names its field by JSON Pointer.
import { FieldProblem } from '../../platform/errors/domain-error';
import { contractProblems, courtEventProblems, keyPersonsProblems } from './party-checks';
import { RecordKind, RecordsByKind } from './records';
import { guaranteeReportProblems, microLoanReportProblems, p2pReportProblems } from './report-checks';
import { overlongArrays } from './array-limits';
import { unsafeStringProblems } from './json-text';
import { compiledCheck } from './schema-compiler';
import { schemaFor } from './schema-registry';

export type ValidationResult<K extends RecordKind> =
  { ok: true; record: RecordsByKind[K] } | { ok: false; problems: FieldProblem[] };

type SemanticCheck<K extends RecordKind> = (record: RecordsByKind[K]) => FieldProblem[];

const none = (): FieldProblem[] => [];

const SEMANTIC_CHECKS: { [K in RecordKind]: SemanticCheck<K> } = {
  p2p_report: p2pReportProblems,
  micro_loan_report: microLoanReportProblems,
  guarantee_report: guaranteeReportProblems,
  contract: contractProblems,
  key_persons: keyPersonsProblems,
  registry_event: none,
  tax_event: none,
  court_event: courtEventProblems,
  social_security_event: none,
  sentiment_item: none,
};

export function validateRecord<K extends RecordKind>(kind: K, value: unknown): ValidationResult<K> {
  // Strings PostgreSQL cannot store, and lists refused by their length, before any deep validation.
  const early = [...unsafeStringProblems(value), ...overlongArrays(schemaFor(kind), value)];
  if (early.length > 0) return { ok: false, problems: capProblems(early) };
  const checked = compiledCheck(kind)(value);
  if (!checked.ok) return { ok: false, problems: capProblems(checked.problems) };
  // Semantic checks assume the shape is right, so they only run once the schema passed.
  const problems = (SEMANTIC_CHECKS[kind] as SemanticCheck<K>)(checked.value);
  return problems.length === 0 ? { ok: true, record: checked.value } : { ok: false, problems: capProblems(problems) };
}

/** At most MAX_PROBLEMS problems are reported; a last entry says how many more there were. */
export const MAX_PROBLEMS = 100;

export function capProblems(problems: FieldProblem[]): FieldProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { pointer: '', detail: `and ${problems.length - MAX_PROBLEMS} more problems not listed; fix these first` },
  ];
}

/** Validates a bulk array; pointers are prefixed with the item index (`/3/overdue/...`). */
export function validateRecords<K extends RecordKind>(
  kind: K,
  values: readonly unknown[],
): { records: Array<RecordsByKind[K]>; problems: FieldProblem[] } {
  const records: Array<RecordsByKind[K]> = [];
  const problems: FieldProblem[] = [];
  values.forEach((value, index) => {
    const result = validateRecord(kind, value);
    if (result.ok) records.push(result.record);
    else problems.push(...result.problems.map((p) => ({ pointer: `/${index}${p.pointer}`, detail: p.detail })));
  });
  return { records, problems };
}
