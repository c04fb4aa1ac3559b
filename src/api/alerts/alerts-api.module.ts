import { Module } from '@nestjs/common';
import { AccountabilityController, AlertsController } from './alerts.controller';
import { ContingencyTasksController } from './contingency-tasks.controller';
import { MobileController } from './mobile.controller';

/** Alert routes and the mobile page; AlertsModule.forRoot(role) (global) provides the services. */
@Module({ controllers: [AlertsController, AccountabilityController, ContingencyTasksController, MobileController] })
export class AlertsApiModule {}
