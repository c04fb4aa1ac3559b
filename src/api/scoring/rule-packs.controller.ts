import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { RulePackDryRunService } from '../../scoring/rule-pack-dry-run.service';
import { RulePacksService } from '../../scoring/rule-packs.service';
import { ModelRegistry } from '../../scoring/model-registry.service';
import { CurrentStaff, StaffAuth, StaffRoles } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { CsvExport } from '../exports/csv-export.decorator';
import { StaffDoc } from '../openapi/api-docs.decorators';
import { MODEL_CSV_COLUMNS, RULE_PACK_CSV_COLUMNS } from './scoring.csv-columns';
import { DRY_RUN_SCHEMA, packVersion, parseDryRun, parseRulePackUpload, RULE_PACK_UPLOAD_SCHEMA } from './scoring.dto';
import { Power } from '../cage/power.decorator';

const DRY_RUNNERS = ['admin', 'analyst', 'section_head', 'deputy_head', 'bureau_head'] as const;

/** Rule pack versions (list, read, upload, dry-run, activate) and the distress model versions. */
@Controller('v1')
@ApiTags('scoring')
@StaffAuth()
export class RulePacksController {
  constructor(
    private readonly packs: RulePacksService,
    private readonly dryRuns: RulePackDryRunService,
    private readonly registry: ModelRegistry,
  ) {}

  @Get('rule-packs')
  @StaffDoc('Every rule pack version (bundled and uploaded) and which one of each pack is active', 'any')
  list() {
    return this.packs.list();
  }

  @Get('rule-packs.csv')
  @StaffDoc('Every rule pack version as CSV, with the active one of each pack marked', 'any')
  @CsvExport('rule-packs', RULE_PACK_CSV_COLUMNS)
  listCsv() {
    return this.packs.list();
  }

  @Get('rule-packs/:kind/:version')
  @StaffDoc('One rule pack version: its YAML and parsed rules', 'any', 404, 422)
  get(@Param('kind') kind: string, @Param('version') version: string) {
    return this.packs.get(kind, packVersion(version));
  }

  @Post('rule-packs')
  @Power('rule_pack.upload')
  @StaffRoles('admin')
  @StaffDoc(
    'Upload a new rule pack version (YAML text); refused with every problem by rule id and field',
    ['admin'],
    409,
    422,
  )
  @ApiBody({ schema: RULE_PACK_UPLOAD_SCHEMA as object })
  upload(@CurrentStaff() staff: StaffPrincipal, @Body() body: unknown) {
    return this.packs.upload(parseRulePackUpload(body).yaml, staff.id);
  }

  @Post('rule-packs/:kind/:version/dry-run')
  @HttpCode(200)
  @StaffRoles(...DRY_RUNNERS)
  @StaffDoc(
    "Run the version and the active one over every firm's stored history: tiers, rules firing more or less, firms that move",
    DRY_RUNNERS,
    404,
    422,
  )
  @ApiBody({ schema: DRY_RUN_SCHEMA as object })
  dryRun(@Param('kind') kind: string, @Param('version') version: string, @Body() body: unknown) {
    return this.dryRuns.run(kind, packVersion(version), parseDryRun(body ?? {}));
  }

  @Post('rule-packs/:kind/:version/activate')
  @Power('rule_pack.activate')
  @HttpCode(200)
  @StaffRoles('admin')
  @StaffDoc('Make the version the active one of its pack; the next assessments store it', ['admin'], 404, 422)
  activate(@CurrentStaff() staff: StaffPrincipal, @Param('kind') kind: string, @Param('version') version: string) {
    return this.packs.activate(kind, packVersion(version), staff.id);
  }

  @Get('models')
  @StaffDoc('Distress model versions with their held-out metrics; which one is served', 'any')
  models() {
    return this.registry.list();
  }

  @Get('models.csv')
  @StaffDoc('Distress model versions with their held-out metrics as CSV', 'any')
  @CsvExport('models', MODEL_CSV_COLUMNS)
  modelsCsv() {
    return this.registry.list();
  }

  @Get('models/:version')
  @StaffDoc('One model version: metadata (features, normalisation, data, metrics) and EVALUATION.md', 'any', 404)
  model(@Param('version') version: string) {
    return this.registry.get(version);
  }
}
