import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { AlertQueries, parseAlertFilters } from '../../alerts/alert-queries.service';
import { AlertsService } from '../../alerts/alerts.service';
import { ALERTS_RUNTIME, type AlertsRuntime } from '../../alerts/alerts.tokens';
import { PushSubscriptionsService } from '../../alerts/push-subscriptions.service';
import { CurrentStaff, PublicRoute, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../auth/staff-principal';
import { parseAccountabilityQuery, parseAlertActionDto, parsePushSubscriptionDto } from './alert-action.dto';

/** Alerts of the caller's region scope; an alert outside it is 404, for reading and acting alike. */
@Controller('v1/alerts')
@StaffAuth()
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly queries: AlertQueries,
    private readonly push: PushSubscriptionsService,
    @Inject(ALERTS_RUNTIME) private readonly runtime: AlertsRuntime,
  ) {}

  @Get('vapid-public-key')
  @PublicRoute()
  vapidPublicKey() {
    return { publicKey: this.runtime.vapidPublicKey };
  }

  @Post('push-subscriptions')
  subscribe(@Body() body: unknown, @CurrentStaff() staff: StaffPrincipal) {
    return this.push.subscribe(staff, parsePushSubscriptionDto(body));
  }

  @Get()
  list(@Query() query: Record<string, unknown>, @CurrentStaff() staff: StaffPrincipal) {
    const { filters, cursor } = parseAlertFilters(query);
    return this.queries.listForStaff(staff, filters, cursor);
  }

  @Get(':id')
  get(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.queries.get(id, staff);
  }

  @Post(':id/actions')
  @HttpCode(200)
  act(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffPrincipal) {
    const { action, reason } = parseAlertActionDto(body);
    return this.alerts.act(id, staff, action, reason);
  }
}

/** 问责记录 of the caller's region scope, newest first. */
@Controller('v1/accountability')
@StaffAuth()
export class AccountabilityController {
  constructor(private readonly queries: AlertQueries) {}

  @Get()
  list(@Query() query: Record<string, unknown>, @CurrentStaff() staff: StaffPrincipal) {
    const { cursor, limit } = parseAccountabilityQuery(query);
    return this.queries.accountability(staff, cursor, limit);
  }
}
