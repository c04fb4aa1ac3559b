import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import { CheckpointView, ReceiptService } from '../../evidence-chain/receipts/receipt.service';
import { Receipt } from '../../evidence-chain/verifier/receipt';
import { CsvExport } from '../exports/csv-export.decorator';
import { CurrentFirm, FirmKeyGuard } from '../ingest/firm-key.guard';
import { CHECKPOINT_CSV_COLUMNS } from './checkpoints.csv-columns';
import { ApiQueryFrom } from '../openapi/api-docs.decorators';
import { ApiOkBody } from '../openapi/response-schemas';
import { CHECKPOINTS_CSV_QUERY_SCHEMA, CHECKPOINTS_QUERY_SCHEMA, parseCheckpointsCsvQuery, parseCheckpointsQuery } from './checkpoints-query.dto';

/** Receipts of a firm's own records (auditors read every receipt through the staff routes). */
@Controller('v1/evidence')
export class EvidenceController {
  constructor(private readonly receipts: ReceiptService) {}

  @Get('receipts/:kind/:id')
  @UseGuards(FirmKeyGuard)
  @ApiOkBody('Receipt')
  receipt(@CurrentFirm() firm: FirmPrincipal, @Param('kind') kind: string, @Param('id') id: string): Promise<Receipt> {
    return this.receipts.receipt(kind, id, { firmId: firm.firmId });
  }

  /** Checkpoints are public: they reveal sizes and roots, never records. */
  @Get('checkpoints')
  @ApiOkBody('CheckpointView', { array: true })
  @ApiQueryFrom(CHECKPOINTS_QUERY_SCHEMA)
  checkpoints(@Query() query: unknown): Promise<CheckpointView[]> {
    const { limit, before } = parseCheckpointsQuery(query);
    return this.receipts.checkpoints(limit, before);
  }

  /** One is signed every few seconds, so the file is a window like the list: `limit` (up to 10,000) before `before`. */
  @Get('checkpoints.csv')
  @CsvExport('checkpoints', CHECKPOINT_CSV_COLUMNS)
  @ApiQueryFrom(CHECKPOINTS_CSV_QUERY_SCHEMA)
  checkpointsCsv(@Query() query: unknown): Promise<CheckpointView[]> {
    const { limit, before } = parseCheckpointsCsvQuery(query);
    return this.receipts.checkpoints(limit, before);
  }
}
