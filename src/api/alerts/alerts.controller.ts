import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { AlertQueries, parseAlertFilters } from '../../alerts/alert-queries.service';
import { AlertsService } from '../../alerts/alerts.service';
import { ALERTS_RUNTIME, type AlertsRuntime } from '../../alerts/alerts.tokens';
import { PushSubscriptionsService } from '../../alerts/push-subscriptions.service';
import { AccessLogService, type AccessRequest } from '../auth/access-log.service';
import { CurrentStaff, PublicRoute, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { allPages } from '../exports/csv-export';
import { AccessRequestOf } from '../firms/access-request.decorator';
import { CsvExport } from '../exports/csv-export.decorator';
import { ApiQueryFrom, ApiTags, PublicDoc, StaffDoc } from '../openapi/api-docs.decorators';
import {
  ACCOUNTABILITY_QUERY_SCHEMA,
  ALERT_ACTION_SCHEMA,
  parseAccountabilityQuery,
  parseAlertActionDto,
  parsePushSubscriptionDto,
  PUSH_SUBSCRIPTION_SCHEMA,
} from './alert-action.dto';
import { ACCOUNTABILITY_CSV_COLUMNS, ALERT_CSV_COLUMNS } from './alerts.csv-columns';
import { ApiOkBody } from '../openapi/response-schemas';
import { alertPower, Power } from '../cage/power.decorator';

// Documentation only: who may act is decided by AlertsService.act (auditors may not), not by a guard.
const ALERT_ACTORS = [
  'analyst',
  'county_officer',
  'section_head',
  'deputy_head',
  'bureau_head',
  'province',
  'admin',
] as const;

/** The alert list's query, documented once for the JSON list and its CSV. */
const AlertListQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'tier',
      required: false,
      schema: { type: 'string' },
      description: 'comma-separated: red, orange, yellow, blue',
    }),
    ApiQuery({
      name: 'status',
      required: false,
      schema: { type: 'string' },
      description: '"active" or comma-separated: open, acknowledged, in_progress, resolved, false_positive',
    }),
    ApiQuery({
      name: 'region',
      required: false,
      schema: { type: 'string', pattern: '^[0-9]{6}$' },
      description: "county, city or province code (GB/T 2260) within the caller's scope",
    }),
    ApiQuery({
      name: 'firm',
      required: false,
      schema: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' },
      description: "a firm's unified social credit code: its alerts only",
    }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }),
    ApiQuery({
      name: 'cursor',
      required: false,
      schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
      description: 'nextCursor of the previous page, unchanged',
    }),
  );

/** Alerts of the caller's region scope; an alert outside it is 404, for reading and acting alike. */
@Controller('v1')
@ApiTags('alerts')
@StaffAuth()
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly queries: AlertQueries,
    private readonly push: PushSubscriptionsService,
    @Inject(ALERTS_RUNTIME) private readonly runtime: AlertsRuntime,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get('alerts/vapid-public-key')
  @PublicRoute()
  @PublicDoc('The VAPID public key for pushManager.subscribe (Web Push)')
  vapidPublicKey() {
    return { publicKey: this.runtime.vapidPublicKey };
  }

  @Post('alerts/push-subscriptions')
  @StaffDoc("Register the caller's browser for Web Push alert messages", 'any', 422)
  @ApiBody({ schema: PUSH_SUBSCRIPTION_SCHEMA as object })
  subscribe(@Body() body: unknown, @CurrentStaff() staff: StaffPrincipal) {
    return this.push.subscribe(staff, parsePushSubscriptionDto(body));
  }

  @Get('alerts')
  @StaffDoc("Alerts of the caller's region scope, newest change first; cursor pagination", 'any', 422)
  @ApiOkBody('AlertPage')
  @AlertListQuery()
  list(@Query() query: Record<string, unknown>, @CurrentStaff() staff: StaffPrincipal) {
    const { filters, cursor } = parseAlertFilters(query);
    return this.queries.listForStaff(staff, filters, cursor);
  }

  @Get('alerts.csv')
  @StaffDoc(
    'The alert list as CSV: every alert the filters select, newest change first; the export is logged',
    'any',
    422,
  )
  @AlertListQuery()
  @CsvExport('alerts', ALERT_CSV_COLUMNS)
  csv(@Query() query: Record<string, unknown>, @CurrentStaff() staff: StaffPrincipal) {
    const { filters } = parseAlertFilters(query);
    return allPages((limit, cursor) => this.queries.listForStaff(staff, { ...filters, limit }, cursor ?? null));
  }

  @Get('alerts/:id')
  @StaffDoc(
    "One alert: firm, reasons, history with evidence status, deliveries, accountability, contingency plan, allowed actions; 404 outside the caller's scope",
    'any',
    404,
  )
  @ApiOkBody('AlertDetail')
  async get(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal, @AccessRequestOf() request: AccessRequest) {
    const alert = await this.queries.get(id, staff); // 404 outside the caller's scope
    // An alert names a firm and why it is at risk: opening one is a look at firm data, logged as such.
    const firm = alert.firm as { id: string } | null;
    await this.accessLog.record({ staff, request, firmId: firm?.id ?? null, outcome: 'allowed', reason: 'alert_view' });
    return alert;
  }

  @Post('alerts/:id/actions')
  @Power(alertPower)
  @HttpCode(200)
  @StaffDoc(
    "An official's step (acknowledge, start, resolve, false_positive) or note; 404 outside the caller's scope, 409 an illegal step",
    ALERT_ACTORS,
    404,
    409,
    422,
  )
  @ApiBody({ schema: ALERT_ACTION_SCHEMA as object })
  act(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffPrincipal) {
    const { action, reason } = parseAlertActionDto(body);
    return this.alerts.act(id, staff, action, reason);
  }
}

/** 问责记录 of the caller's region scope, newest first. */
@Controller('v1')
@ApiTags('alerts')
@StaffAuth()
export class AccountabilityController {
  constructor(private readonly queries: AlertQueries) {}

  @Get('accountability')
  @StaffDoc(
    "问责记录 (accountability records of missed acknowledgement deadlines) of the caller's region scope, newest first",
    'any',
    422,
  )
  @ApiQueryFrom(ACCOUNTABILITY_QUERY_SCHEMA)
  list(@Query() query: unknown, @CurrentStaff() staff: StaffPrincipal) {
    const { cursor, limit } = parseAccountabilityQuery(query);
    return this.queries.accountability(staff, cursor, limit);
  }

  @Get('accountability.csv')
  @StaffDoc("问责记录 of the caller's region scope as CSV, newest first; the export is logged", 'any')
  @CsvExport('accountability', ACCOUNTABILITY_CSV_COLUMNS)
  csv(@CurrentStaff() staff: StaffPrincipal) {
    return allPages((limit, cursor) => this.queries.accountability(staff, cursor ?? null, limit));
  }
}
