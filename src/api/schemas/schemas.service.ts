import { Injectable } from '@nestjs/common';
import { allSchemas, isRecordKind, schemaFor, schemaId, SCHEMA_VERSIONS } from '../../ingest/schemas/schema-registry';
import { FIRM_PUSHABLE_KINDS } from '../../ingest/intake/firm-kind-rules';
import { RECORD_KINDS } from '../../ingest/schemas/records';
import { NotFound } from '../../platform/errors/domain-error';

export interface SchemaEntry {
  kind: string;
  version: number;
  id: string;
  url: string;
  /** firm: pushed by supervised firms over HTTP (POST /v1/ingest/{kind}); government: fed by agencies (Kafka topics). */
  source: 'firm' | 'government';
  pushPath: string | null;
}

/** The versioned JSON Schemas (draft 2020-12) every record is validated against, as served. */
@Injectable()
export class SchemasService {
  list(): SchemaEntry[] {
    return allSchemas().map(({ kind, version, id }) => {
      const firm = FIRM_PUSHABLE_KINDS.includes(kind);
      return {
        kind,
        version,
        id,
        url: `/v1/schemas/${kind}`,
        source: firm ? 'firm' : 'government',
        pushPath: firm ? `/v1/ingest/${kind}` : null,
      };
    });
  }

  one(kind: string): object {
    if (!isRecordKind(kind)) throw new NotFound(`no record kind '${kind}'; kinds are ${RECORD_KINDS.join(', ')}`);
    return { $id: schemaId(kind), 'x-schema-version': SCHEMA_VERSIONS[kind], ...schemaFor(kind) };
  }
}
