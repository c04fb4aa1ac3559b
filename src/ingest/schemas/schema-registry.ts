// Every record kind's schema and version, in one place: the validator compiles these, the API
// serves them as JSON (GET /v1/schemas...). Bump a kind's version when its schema changes shape.
import { JSONSchemaType } from 'ajv';
import { CONTRACT_SCHEMA_VERSION, contractSchema } from './contract.schema';
import {
  COURT_EVENT_SCHEMA_VERSION,
  courtEventSchema,
  REGISTRY_EVENT_SCHEMA_VERSION,
  registryEventSchema,
  SOCIAL_SECURITY_EVENT_SCHEMA_VERSION,
  socialSecurityEventSchema,
  TAX_EVENT_SCHEMA_VERSION,
  taxEventSchema,
} from './gov-events.schema';
import { GUARANTEE_REPORT_SCHEMA_VERSION, guaranteeReportSchema } from './guarantee-report.schema';
import { KEY_PERSONS_SCHEMA_VERSION, keyPersonsSchema } from './key-persons.schema';
import { MICRO_LOAN_REPORT_SCHEMA_VERSION, microLoanReportSchema } from './micro-loan-report.schema';
import { P2P_REPORT_SCHEMA_VERSION, p2pReportSchema } from './p2p-report.schema';
import { RECORD_KINDS, RecordKind, RecordsByKind } from './records';
import { stripNullable } from './schema-fragments';
import { SENTIMENT_ITEM_SCHEMA_VERSION, sentimentItemSchema } from './sentiment-item.schema';

type SchemaMap = { [K in RecordKind]: JSONSchemaType<RecordsByKind[K]> };

const TYPED_SCHEMAS: SchemaMap = {
  p2p_report: p2pReportSchema,
  micro_loan_report: microLoanReportSchema,
  guarantee_report: guaranteeReportSchema,
  contract: contractSchema,
  key_persons: keyPersonsSchema,
  registry_event: registryEventSchema,
  tax_event: taxEventSchema,
  court_event: courtEventSchema,
  social_security_event: socialSecurityEventSchema,
  sentiment_item: sentimentItemSchema,
};

export const SCHEMA_VERSIONS: Readonly<Record<RecordKind, number>> = {
  p2p_report: P2P_REPORT_SCHEMA_VERSION,
  micro_loan_report: MICRO_LOAN_REPORT_SCHEMA_VERSION,
  guarantee_report: GUARANTEE_REPORT_SCHEMA_VERSION,
  contract: CONTRACT_SCHEMA_VERSION,
  key_persons: KEY_PERSONS_SCHEMA_VERSION,
  registry_event: REGISTRY_EVENT_SCHEMA_VERSION,
  tax_event: TAX_EVENT_SCHEMA_VERSION,
  court_event: COURT_EVENT_SCHEMA_VERSION,
  social_security_event: SOCIAL_SECURITY_EVENT_SCHEMA_VERSION,
  sentiment_item: SENTIMENT_ITEM_SCHEMA_VERSION,
};

// What is compiled and served: the typed schemas without the `nullable` marks (see optional()).
// Frozen deeply so a caller serving them cannot alter what the validator uses.
const SERVED = Object.fromEntries(
  RECORD_KINDS.map((kind) => [kind, deepFreeze(stripNullable(TYPED_SCHEMAS[kind]))]),
) as SchemaMap;

export function isRecordKind(value: string): value is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(value);
}

/** The JSON Schema (draft 2020-12) of one record kind, as validated and served. */
export function schemaFor<K extends RecordKind>(kind: K): JSONSchemaType<RecordsByKind[K]> {
  return SERVED[kind];
}

/** All schemas with their kind and version, in RECORD_KINDS order. */
export function allSchemas(): Array<{ kind: RecordKind; version: number; id: string; schema: object }> {
  return RECORD_KINDS.map((kind) => ({
    kind,
    version: SCHEMA_VERSIONS[kind],
    id: schemaId(kind),
    schema: SERVED[kind],
  }));
}

export function schemaId(kind: RecordKind): string {
  return `urn:risk:schema:${kind}:${SCHEMA_VERSIONS[kind]}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
