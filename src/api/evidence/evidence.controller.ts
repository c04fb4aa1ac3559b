import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import { CheckpointView, ReceiptService } from '../../evidence-chain/receipts/receipt.service';
import { Receipt } from '../../evidence-chain/verifier/receipt';
import { CsvExport } from '../exports/csv-export.decorator';
import { CurrentFirm, FirmKeyGuard } from '../ingest/firm-key.guard';
import { CHECKPOINT_CSV_COLUMNS } from './checkpoints.csv-columns';
import { ApiQueryFrom, PublicDoc } from '../openapi/api-docs.decorators';
import { WitnessProofsService } from '../../evidence-chain/receipts/witness-proofs.service';
import { parseSizesQuery, SIZES_QUERY_SCHEMA } from '../witness/witness.dto';
import { ApiOkBody } from '../openapi/response-schemas';
import {
  CHECKPOINTS_CSV_QUERY_SCHEMA,
  CHECKPOINTS_QUERY_SCHEMA,
  parseCheckpointsCsvQuery,
  parseCheckpointsQuery,
} from './checkpoints-query.dto';

/** Receipts of a firm's own records (auditors read every receipt through the staff routes). */
@Controller('v1/evidence')
export class EvidenceController {
  constructor(
    private readonly receipts: ReceiptService,
    private readonly proofs: WitnessProofsService,
  ) {}

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

  /** Proof that the tree of size `to` extends the tree of size `from` (RFC 6962 consistency); public like the checkpoints. */
  @Get('consistency')
  @PublicDoc('RFC 6962 consistency proof (hex hashes) from tree size `from` to tree size `to`', 409, 422)
  @ApiQueryFrom(SIZES_QUERY_SCHEMA)
  consistency(@Query() query: unknown): Promise<{ from: number; to: number; proof: string[] }> {
    const { from, to } = parseSizesQuery(query);
    return this.proofs.consistency(from, to);
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
