import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import { ApiProblems, FIRM_API_KEY } from '../openapi/api-docs.decorators';
import { CurrentFirm, FirmKeyGuard } from '../ingest/firm-key.guard';
import { FirmScoringService } from './firm-scoring.service';

/** The firm portal: a supervised firm reads its own latest grade and the reasons the bureau shares. */
@Controller('v1/portal')
@ApiTags('portal')
@UseGuards(FirmKeyGuard)
export class PortalGradeController {
  constructor(private readonly scoring: FirmScoringService) {}

  @Get('grade')
  @ApiOperation({
    summary: "The firm's own latest grade and tier with the rules behind them (no scores, no model internals)",
    description: 'Firm API key.',
  })
  @ApiSecurity(FIRM_API_KEY)
  @ApiProblems(401)
  grade(@CurrentFirm() firm: FirmPrincipal) {
    return this.scoring.portalGrade(firm);
  }
}
