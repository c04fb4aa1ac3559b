import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/access-log.service';
import { AuthClock } from '../auth/clock';
import { CurrentStaff, StaffAuth, StaffRoles } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { Power } from '../cage/power.decorator';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { FirmAccess } from '../firms/firm-access.service';
import { StaffDoc } from '../openapi/api-docs.decorators';
import { ModelMonitoringService } from '../../scoring/model/monitoring/model-monitoring.service';
import { ModelPromotionService } from '../../scoring/model/promotion/model-promotion.service';
import { OutcomesService } from '../../scoring/outcomes/outcomes.service';
import { todayInChina } from '../../scoring/scoring.service';
import {
  MODEL_PROMOTION_SCHEMA,
  NEW_OUTCOME_SCHEMA,
  parseModelPromotion,
  parseNewOutcome,
} from './model-lifecycle.dto';

// Officials who record what they learnt happened to a firm (as for findings).
const OUTCOME_RECORDERS = ['county_officer', 'section_head', 'deputy_head', 'bureau_head'] as const;
// Promotion is the analysts' (and the administrator's) call, with the comparison report in hand.
const MODEL_PROMOTERS = ['analyst', 'admin'] as const;

/** Outcomes (结局) of firms, the comparison reports of candidates, their promotion, and monitoring of the served model. */
@Controller('v1')
@ApiTags('scoring')
@StaffAuth()
export class ModelLifecycleController {
  constructor(
    private readonly access: FirmAccess,
    private readonly outcomes: OutcomesService,
    private readonly promotion: ModelPromotionService,
    private readonly monitoring: ModelMonitoringService,
    private readonly clock: AuthClock,
  ) {}

  @Get('firms/:creditCode/outcomes')
  @StaffDoc('Outcomes of the firm (licence revoked, run, payout stop, case filed, exit) with their source', 'any', 404)
  async listOutcomes(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @AccessRequestOf() request: AccessRequest,
  ) {
    return { items: await this.outcomes.ofFirm((await this.access.open(staff, creditCode, request)).id) };
  }

  @Post('firms/:creditCode/outcomes')
  @Power('finding.record')
  @StaffRoles(...OUTCOME_RECORDERS)
  @StaffDoc(
    'Record an outcome an official learnt of (e.g. 立案 from the police); the distress model learns and is monitored against it',
    OUTCOME_RECORDERS,
    404,
    422,
  )
  @ApiBody({ schema: NEW_OUTCOME_SCHEMA as object })
  async recordOutcome(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('creditCode') creditCode: string,
    @Body() body: unknown,
    @AccessRequestOf() request: AccessRequest,
  ) {
    const firm = await this.access.open(staff, creditCode, request);
    return this.outcomes.recordOfficial(firm.id, staff.id, parseNewOutcome(body), todayInChina());
  }

  @Get('model-comparisons/:id')
  @StaffDoc(
    'A comparison report: a candidate, the served model and the logistic baseline on the same latest window',
    'any',
    422,
  )
  comparison(@Param('id') id: string) {
    return this.promotion.comparison(id);
  }

  @Post('models/:version/activate')
  @Power('rule_pack.activate')
  @HttpCode(200)
  @StaffRoles(...MODEL_PROMOTERS)
  @StaffDoc(
    'Serve a registered candidate, citing its comparison report; refused when the candidate fails the monotonicity check',
    MODEL_PROMOTERS,
    404,
    422,
  )
  @ApiBody({ schema: MODEL_PROMOTION_SCHEMA as object })
  promote(@CurrentStaff() staff: StaffPrincipal, @Param('version') version: string, @Body() body: unknown) {
    return this.promotion.promote(version, parseModelPromotion(body).comparisonId, staff.id, this.clock.now());
  }

  @Get('model-monitoring')
  @StaffDoc(
    'The latest 30 monitoring runs of the served model, newest first: calibration, discrimination and drift (PSI) per feature, and breaches',
    'any',
  )
  monitoringRuns() {
    return this.monitoring.latest();
  }
}
