import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, StaffAuth, StaffRoles } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { CsvExport } from '../exports/csv-export.decorator';
import { ApiQueryFrom, StaffDoc } from '../openapi/api-docs.decorators';
import { FirmScoringService } from './firm-scoring.service';
import { ASSESSMENT_CSV_COLUMNS, MANUAL_SCORE_CSV_COLUMNS } from './scoring.csv-columns';
import {
  MANUAL_SCORE_SCHEMA,
  PAGE_QUERY_SCHEMA,
  parseAssessmentsQuery,
  parseManualScore,
  parseRevoke,
  REVOKE_SCHEMA,
} from './scoring.dto';
import { ApiOkBody } from '../openapi/response-schemas';
import { Power } from '../cage/power.decorator';

const MANUAL_SCORERS = ['analyst', 'section_head', 'deputy_head', 'bureau_head'] as const;

/** One firm's assessments, features and manual scores (人工评分), for staff within its region (logged; out of scope is 404). */
@Controller('v1/firms/:creditCode')
@ApiTags('scoring')
@StaffAuth()
export class FirmScoringController {
  constructor(private readonly scoring: FirmScoringService) {}

  @Get('assessments')
  @StaffDoc(
    'Assessment history, newest first: scores, grade, tier, rank, packs, model, explanation; cursor pagination',
    'any',
    404,
    422,
  )
  @ApiOkBody('AssessmentPage')
  @ApiQueryFrom(PAGE_QUERY_SCHEMA)
  assessments(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Query() query: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.scoring.assessments(staff, creditCode, parseAssessmentsQuery(query), request);
  }

  @Get('assessments.csv')
  @StaffDoc('The whole assessment history as CSV, newest first (logged; out of scope is 404)', 'any', 404)
  @CsvExport('assessments', ASSESSMENT_CSV_COLUMNS)
  assessmentsCsv(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.scoring.allAssessments(staff, creditCode, request);
  }

  @Get('features')
  @StaffDoc("The firm's features as of today, computed from its stored records (FEATURES.md)", 'any', 404)
  features(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.scoring.features(staff, creditCode, request);
  }

  @Get('manual-scores')
  @StaffDoc('Manual scores (人工评分) of the firm with revocations, newest first', 'any', 404)
  manualScores(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.scoring.manualScores(staff, creditCode, request);
  }

  @Get('manual-scores.csv')
  @StaffDoc('Manual scores (人工评分) with revocations as CSV, newest first (logged; out of scope is 404)', 'any', 404)
  @CsvExport('manual-scores', MANUAL_SCORE_CSV_COLUMNS)
  async manualScoresCsv(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return (await this.scoring.manualScores(staff, creditCode, request)).items;
  }

  @Post('manual-scores')
  @Power('manual_score.add')
  @StaffRoles(...MANUAL_SCORERS)
  @StaffDoc(
    'Add a manual score (adjust or set); the firm is re-scored at once and the new assessment returned',
    MANUAL_SCORERS,
    404,
    422,
  )
  @ApiBody({ schema: MANUAL_SCORE_SCHEMA as object })
  addManualScore(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.scoring.addManualScore(staff, creditCode, parseManualScore(body), request);
  }

  @Post('manual-scores/:id/revoke')
  @Power('manual_score.revoke')
  @HttpCode(200)
  @StaffRoles(...MANUAL_SCORERS)
  @StaffDoc('Revoke a manual score (a new row naming it); the firm is re-scored at once', MANUAL_SCORERS, 404, 409, 422)
  @ApiBody({ schema: REVOKE_SCHEMA as object })
  revoke(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return this.scoring.revokeManualScore(staff, creditCode, id, parseRevoke(body).reason, request);
  }
}
