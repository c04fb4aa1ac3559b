import { Controller, DefaultValuePipe, Get, Param, ParseIntPipe, Query, UseGuards } from '@nestjs/common';
import { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import { CheckpointView, ReceiptService } from '../../evidence-chain/receipts/receipt.service';
import { Receipt } from '../../evidence-chain/verifier/receipt';
import { CsvExport } from '../exports/csv-export.decorator';
import { CurrentFirm, FirmKeyGuard } from '../ingest/firm-key.guard';
import { CHECKPOINT_CSV_COLUMNS } from './checkpoints.csv-columns';
import { ApiOkBody } from '../openapi/response-schemas';

const CHECKPOINT_CSV_MAX_ROWS = 10_000;

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
  checkpoints(@Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number, @Query('before') before?: string): Promise<CheckpointView[]> {
    return this.receipts.checkpoints(Math.min(Math.max(limit, 1), 500), before === undefined ? undefined : Number(before));
  }

  /** One is signed every few seconds, so the file is a window like the list: `limit` (up to 10,000) before `before`. */
  @Get('checkpoints.csv')
  @CsvExport('checkpoints', CHECKPOINT_CSV_COLUMNS)
  checkpointsCsv(@Query('limit', new DefaultValuePipe(1000), ParseIntPipe) limit: number, @Query('before') before?: string): Promise<CheckpointView[]> {
    return this.receipts.checkpoints(Math.min(Math.max(limit, 1), CHECKPOINT_CSV_MAX_ROWS), before === undefined ? undefined : Number(before));
  }
}
