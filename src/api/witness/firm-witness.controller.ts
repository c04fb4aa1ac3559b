import { Body, Controller, Get, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import {
  CosignatureView,
  FirmWitnessService,
  RefusalView,
  SignedSubmissionView,
} from '../../ingest/witness/firm-witness.service';
import { FirmLeafProof, WitnessProofsService } from '../../evidence-chain/receipts/witness-proofs.service';
import { ApiProblems, ApiQueryFrom, FIRM_API_KEY } from '../openapi/api-docs.decorators';
import { CurrentFirm, FirmKeyGuard } from '../ingest/firm-key.guard';
import { OptionalFirmKeyGuard } from './optional-firm-key.guard';
import {
  COSIGNATURE_SCHEMA,
  LIST_QUERY_SCHEMA,
  parseCosignature,
  parseListQuery,
  parseRefusal,
  parseSizesQuery,
  REFUSAL_SCHEMA,
  SIZES_QUERY_SCHEMA,
} from './witness.dto';

/** 见证: a firm's witness cosigns the log's checkpoints (C2SP tlog-cosignature) or reports why it refused; its portal lists both. */
@Controller('v1/witness')
@ApiTags('witness')
export class FirmWitnessController {
  constructor(
    private readonly witness: FirmWitnessService,
    private readonly proofs: WitnessProofsService,
  ) {}

  @Post('cosignatures')
  @HttpCode(200)
  @UseGuards(OptionalFirmKeyGuard)
  @ApiOperation({
    summary:
      'Submit a C2SP cosignature/v1 line on a checkpoint this log signed; stored and logged as an evidence leaf (kind cosignature)',
    description:
      "A firm API key (then the key must be one of that firm's), or none: the cosignature itself names the firm through its registered Ed25519 signing key. The key must be valid and unrevoked at the cosignature's timestamp.",
    // The API key is optional (OpenAPI: an empty requirement object), so a bare witness can submit.
    security: [{ [FIRM_API_KEY]: [] }, {}],
  })
  @ApiBody({ schema: COSIGNATURE_SCHEMA as object })
  @ApiProblems(401, 404, 422)
  cosign(@Req() req: Request & { firm?: FirmPrincipal }, @Body() body: unknown): Promise<CosignatureView> {
    const dto = parseCosignature(body);
    return this.witness.cosign({ firmId: req.firm?.firmId }, dto.checkpoint, dto.cosignature);
  }

  @Get('cosignatures')
  @UseGuards(FirmKeyGuard)
  @ApiOperation({ summary: 'The checkpoints the firm witnessed (its cosignatures), newest first' })
  @ApiSecurity(FIRM_API_KEY)
  @ApiQueryFrom(LIST_QUERY_SCHEMA)
  @ApiProblems(401, 422)
  cosignatures(@CurrentFirm() firm: FirmPrincipal, @Query() query: unknown): Promise<CosignatureView[]> {
    return this.witness.cosignatures(firm.firmId, parseListQuery(query).limit);
  }

  @Post('refusals')
  @HttpCode(201)
  @UseGuards(FirmKeyGuard)
  @ApiOperation({
    summary:
      "Report a checkpoint the firm's witness refused to cosign, with the first bad tree size and the reason; an evidence leaf (kind witness_refusal)",
  })
  @ApiSecurity(FIRM_API_KEY)
  @ApiBody({ schema: REFUSAL_SCHEMA as object })
  @ApiProblems(401, 422)
  refuse(@CurrentFirm() firm: FirmPrincipal, @Body() body: unknown): Promise<RefusalView> {
    const dto = parseRefusal(body);
    return this.witness.refuse(firm.firmId, dto.checkpoint, dto.firstBadSize, dto.reason);
  }

  @Get('refusals')
  @UseGuards(FirmKeyGuard)
  @ApiOperation({ summary: "The checkpoints the firm's witness refused to cosign, newest first" })
  @ApiSecurity(FIRM_API_KEY)
  @ApiQueryFrom(LIST_QUERY_SCHEMA)
  @ApiProblems(401, 422)
  refusals(@CurrentFirm() firm: FirmPrincipal, @Query() query: unknown): Promise<RefusalView[]> {
    return this.witness.refusals(firm.firmId, parseListQuery(query).limit);
  }

  @Get('signed-submissions')
  @UseGuards(FirmKeyGuard)
  @ApiOperation({
    summary: "The firm's pushes that carried its RFC 9421 signature: record, key id, algorithm, salted commitment",
  })
  @ApiSecurity(FIRM_API_KEY)
  @ApiQueryFrom(LIST_QUERY_SCHEMA)
  @ApiProblems(401, 422)
  signedSubmissions(@CurrentFirm() firm: FirmPrincipal, @Query() query: unknown): Promise<SignedSubmissionView[]> {
    return this.witness.signedSubmissions(firm.firmId, parseListQuery(query).limit);
  }

  @Get('leaves')
  @UseGuards(FirmKeyGuard)
  @ApiOperation({
    summary:
      "The firm's own evidence leaves at indexes [from, to), each with its RFC 6962 audit path in the tree of size `to` (1000 a page; `next` continues)",
  })
  @ApiSecurity(FIRM_API_KEY)
  @ApiQueryFrom(SIZES_QUERY_SCHEMA)
  @ApiProblems(401, 409, 422)
  leaves(
    @CurrentFirm() firm: FirmPrincipal,
    @Query() query: unknown,
  ): Promise<{ treeSize: number; leaves: FirmLeafProof[]; next: number | null }> {
    const { from, to } = parseSizesQuery(query);
    return this.proofs.firmLeaves(firm.firmId, from, to);
  }
}
