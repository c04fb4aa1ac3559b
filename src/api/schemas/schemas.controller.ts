import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicDoc } from '../openapi/api-docs.decorators';
import { SchemasService } from './schemas.service';

/** Public: firms and feed providers build against these schemas. */
@Controller('v1/schemas')
@ApiTags('schemas')
export class SchemasController {
  constructor(private readonly schemas: SchemasService) {}

  @Get()
  @PublicDoc(
    'Every record kind with its schema version and URL; `source` says whether firms push it (POST /v1/ingest/{kind}) or government feeds send it',
  )
  @Header('cache-control', 'public, max-age=300')
  list() {
    return this.schemas.list();
  }

  @Get(':kind')
  @PublicDoc('The JSON Schema (draft 2020-12) of one record kind', 404)
  @ApiProduces('application/schema+json')
  @Header('content-type', 'application/schema+json; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  one(@Param('kind') kind: string) {
    return this.schemas.one(kind);
  }
}
