import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { ContingencyTasksService } from '../../alerts/contingency-tasks.service';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { ApiTags, StaffDoc } from '../openapi/api-docs.decorators';
import { Power } from '../cage/power.decorator';
import { COMPLETE_TASK_SCHEMA, parseCompleteTaskDto } from './complete-task.dto';

// Documentation only: ContingencyTasksService decides (the task's owner or a more senior official over the firm).
const TASK_COMPLETERS = ['county_officer', 'section_head', 'deputy_head', 'bureau_head', 'province'] as const;

/** 处置任务 of a red alert's contingency plan (应急预案). */
@Controller('v1/alerts')
@ApiTags('alerts')
@StaffAuth()
export class ContingencyTasksController {
  constructor(private readonly tasks: ContingencyTasksService) {}

  @Post(':id/contingency-tasks/:taskId/complete')
  @Power('contingency_task.complete')
  @HttpCode(200)
  @StaffDoc(
    "Complete a contingency-plan task with a note: its owner or a more senior official over the firm; 404 outside the caller's scope, 409 already done",
    TASK_COMPLETERS,
    404,
    409,
    422,
  )
  @ApiBody({ schema: COMPLETE_TASK_SCHEMA as object })
  complete(
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.tasks.complete(id, taskId, staff, parseCompleteTaskDto(body));
  }
}
