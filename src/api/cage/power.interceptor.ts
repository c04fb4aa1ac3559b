import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, from, Observable, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import { PowerConditionsMissing } from '../../cage/cage.errors';
import { bundledPowerList, powerOf, type PowerDefinition } from '../../cage/power-list/power-list';
import { readTarget, type TargetState } from '../../cage/power-targets';
import { PowerTracesService, type PowerActor } from '../../cage/power-traces.service';
import type { FieldProblem } from '../../platform/errors/domain-error';
import { AccessLogService } from '../auth/access-log.service';
import { RoleNotAllowed } from '../auth/auth.errors';
import { AuthClock } from '../auth/clock';
import type { StaffRequest } from '../auth/staff-auth.guard';
import { StaffTokenVerifier } from '../auth/staff-token-verifier';
import { POWER_KEY, type PowerBinding } from './power.decorator';

export const REASON_HEADER = 'x-power-reason';
export const APPROVER_HEADER = 'x-power-approver';

interface Prepared {
  power: PowerDefinition;
  actor: PowerActor;
  approver: PowerActor | null;
  reason: string | null;
  before: TargetState;
}

/**
 * The one place the power list (权力清单) is enforced: a route bound with @Power() is refused
 * (422, naming what is missing) without the reason or second approver its power requires, and each
 * successful exercise leaves exactly one trace with the target's state before and after.
 */
@Injectable()
export class PowerInterceptor implements NestInterceptor {
  private readonly list = bundledPowerList();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: StaffTokenVerifier,
    private readonly accessLog: AccessLogService,
    private readonly traces: PowerTracesService,
    private readonly dataSource: DataSource,
    private readonly clock: AuthClock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const binding = this.reflector.get<PowerBinding | undefined>(POWER_KEY, context.getHandler());
    if (context.getType() !== 'http' || binding === undefined) return next.handle();
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const powerId = typeof binding === 'function' ? binding(request) : binding;
    if (powerId === undefined) return next.handle(); // not a power (the route's own validation answers)
    return from(this.prepare(powerOf(this.list, powerId), request)).pipe(
      switchMap((prepared) =>
        next.handle().pipe(
          concatMap(async (result) => {
            const after = await readTarget(this.dataSource.manager, prepared.power.target, request.params);
            await this.traces.record({
              ...prepared,
              listVersion: this.list.version,
              after,
              request: { method: request.method, path: request.originalUrl },
              at: this.clock.now(),
            });
            return result;
          }),
        ),
      ),
    );
  }

  private async prepare(power: PowerDefinition, request: StaffRequest): Promise<Prepared> {
    const staff = request.staff!;
    const logged = { method: request.method, path: request.originalUrl };
    if (!power.roles.includes(staff.role)) {
      await this.accessLog.record({ staff, request: logged, outcome: 'denied', reason: 'role' });
      throw new RoleNotAllowed(staff.role, power.roles);
    }
    const problems: FieldProblem[] = [];
    const reason = reasonOf(power, request, problems);
    const approver = await this.approverOf(power, request, staff.id, problems);
    if (problems.length) {
      await this.accessLog.record({
        staff,
        request: logged,
        outcome: 'denied',
        reason: `power_conditions: ${problems.map((p) => p.pointer).join(', ')}`,
      });
      throw new PowerConditionsMissing(power.id, problems);
    }
    const before = await readTarget(this.dataSource.manager, power.target, request.params);
    return { power, actor: staff, approver, reason, before };
  }

  private async approverOf(
    power: PowerDefinition,
    request: StaffRequest,
    actorId: string,
    problems: FieldProblem[],
  ): Promise<PowerActor | null> {
    const token = header(request, APPROVER_HEADER);
    const pointer = `/headers/${APPROVER_HEADER}`;
    if (!token) {
      if (power.secondApprover.required)
        problems.push({
          pointer,
          detail: `a second approver (复核人: ${power.secondApprover.roles!.join(', ')}) must sign with their own staff token`,
        });
      return null;
    }
    const approver = await this.tokens.principalOf(token.replace(/^Bearer\s+/i, '')).catch(() => null);
    if (!approver) {
      problems.push({ pointer, detail: 'is not a valid staff token of an enabled account' });
      return null;
    }
    if (approver.id === actorId)
      problems.push({
        pointer,
        detail: 'the second approver must be another official than the one exercising the power',
      });
    else if (power.secondApprover.roles && !power.secondApprover.roles.includes(approver.role)) {
      problems.push({
        pointer,
        detail: `a ${approver.role} may not approve ${power.id}; approvers: ${power.secondApprover.roles.join(', ')}`,
      });
    }
    return approver;
  }
}

function header(request: StaffRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The reason text from where the power list says it comes; a missing required one is a problem. */
function reasonOf(power: PowerDefinition, request: StaffRequest, problems: FieldProblem[]): string | null {
  let reason: string | null = null;
  let pointer: string;
  if (power.reasonFrom === 'header') {
    pointer = `/headers/${REASON_HEADER}`;
    const raw = header(request, REASON_HEADER);
    try {
      reason = raw === undefined ? null : decodeURIComponent(raw).trim() || null;
    } catch {
      problems.push({ pointer, detail: 'must be percent-encoded UTF-8 text (encodeURIComponent)' });
      return null;
    }
  } else {
    const field = power.reasonFrom.slice('body:'.length);
    pointer = `/${field}`;
    const value = (request.body as Record<string, unknown> | undefined)?.[field];
    reason = typeof value === 'string' && value.trim() ? value.trim() : null;
  }
  if (reason !== null && reason.length > 2000)
    problems.push({ pointer, detail: 'the reason is at most 2000 characters' });
  if (reason === null && power.reason === 'required')
    problems.push({ pointer, detail: `a reason (理由) is required to ${power.title.en.toLowerCase()}` });
  return reason;
}
