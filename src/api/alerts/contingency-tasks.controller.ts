import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { ContingencyTasksService } from '../../alerts/contingency-tasks.service';
import { ValidationFailed, type FieldProblem } from '../../platform/errors/domain-error';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { ApiTags, StaffDoc } from '../openapi/api-docs.decorators';
import { Power } from '../cage/power.decorator';

// Documentation only: ContingencyTasksService decides (the task's owner or a more senior official over the firm).
const TASK_COMPLETERS = ['county_officer', 'section_head', 'deputy_head', 'bureau_head', 'province'] as const;
const MAX_NOTE = 2000;
const COMPLETE_BODY = {
  type: 'object',
  required: ['note'],
  additionalProperties: false,
  properties: { note: { type: 'string', minLength: 1, maxLength: MAX_NOTE, description: 'what was done (处置情况)' } },
};

/** 处置任务 of a red alert's contingency plan (应急预案). */
@Controller('v1/alerts')
@ApiTags('alerts')
@StaffAuth()
export class ContingencyTasksController {
  constructor(private readonly tasks: ContingencyTasksService) {}

  @Post(':id/contingency-tasks/:taskId/complete')
  @Power('contingency_task.complete')
  @HttpCode(200)
  @StaffDoc('Complete a contingency-plan task with a note: its owner or a more senior official over the firm; 404 outside the caller\'s scope, 409 already done', TASK_COMPLETERS, 404, 409, 422)
  @ApiBody({ schema: COMPLETE_BODY })
  complete(@Param('id') id: string, @Param('taskId') taskId: string, @Body() body: unknown, @CurrentStaff() staff: StaffPrincipal) {
    return this.tasks.complete(id, taskId, staff, parseCompleteTaskDto(body));
  }
}

/** The body {note}: required, 1 to 2000 characters once trimmed. */
function parseCompleteTaskDto(body: unknown): string {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const note = typeof b.note === 'string' ? b.note.trim() : '';
  if (!note || note.length > MAX_NOTE) problems.push({ pointer: '/note', detail: `is required: what was done, 1 to ${MAX_NOTE} characters` });
  for (const key of Object.keys(b)) if (key !== 'note') problems.push({ pointer: `/${key}`, detail: 'is not a known field' });
  if (problems.length) throw new ValidationFailed('the task completion is not valid: send {"note": "..."}', problems);
  return note;
}
