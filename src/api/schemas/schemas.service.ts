import { Injectable } from '@nestjs/common';
import { allSchemas, isRecordKind, schemaFor, schemaId, SCHEMA_VERSIONS } from '../../ingest/schemas/schema-registry';
import { RECORD_KINDS } from '../../ingest/schemas/records';
import { NotFound } from '../../platform/errors/domain-error';

export interface SchemaEntry {
  kind: string;
  version: number;
  id: string;
  url: string;
}

/** The versioned JSON Schemas (draft 2020-12) every record is validated against, as served. */
@Injectable()
export class SchemasService {
  list(): SchemaEntry[] {
    return allSchemas().map(({ kind, version, id }) => ({ kind, version, id, url: `/v1/schemas/${kind}` }));
  }

  one(kind: string): object {
    if (!isRecordKind(kind)) throw new NotFound(`no record kind '${kind}'; kinds are ${RECORD_KINDS.join(', ')}`);
    return { $id: schemaId(kind), 'x-schema-version': SCHEMA_VERSIONS[kind], ...schemaFor(kind) };
  }
}
