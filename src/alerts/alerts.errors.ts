import { Conflict, Forbidden, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import type { AlertStatus } from './domain/alert';

/** A lifecycle step that the alert's current status does not allow (409). */
export class IllegalAlertTransition extends Conflict {
  constructor(
    readonly alertId: string,
    readonly from: AlertStatus,
    readonly action: string,
  ) {
    super(`alert ${alertId} is ${from}; '${action}' is not allowed from there`);
  }
}

/** A role that may see alerts but not act on them, e.g. an auditor (403). */
export class AlertActionForbidden extends Forbidden {
  constructor(alertId: string, role: string, action: string) {
    super(`role ${role} may not '${action}' alert ${alertId}`);
  }
}

/** A lifecycle step that lacks what the record needs (422). */
export class AlertStepInvalid extends ValidationFailed {}

/** A routing, plan or calendar YAML file that does not match its schema (422, at boot). */
export class AlertsConfigInvalid extends ValidationFailed {}

/** A contingency plan asked for an alert that is not red (409). */
export class ContingencyPlanNotApplicable extends Conflict {}

/** The alert's contingency plan has no such task, or the alert has no plan (404). */
export class ContingencyTaskNotFound extends NotFound {
  constructor(alertId: string, taskId: string) {
    super(`alert ${alertId} has no contingency task '${taskId}'`);
  }
}

/** Neither the task's owner nor a more senior official over the firm's region (403). */
export class ContingencyTaskForbidden extends Forbidden {
  constructor(alertId: string, taskId: string, role: string) {
    super(
      `a ${role} who does not own task '${taskId}' of alert ${alertId} and is not senior to its owner may not complete it`,
    );
  }
}

/** The task is already done; a completion is recorded once (409). */
export class ContingencyTaskAlreadyDone extends Conflict {
  constructor(alertId: string, taskId: string) {
    super(`task '${taskId}' of alert ${alertId} is already done`);
  }
}

/** No such alert, or one outside the caller's region scope: both answer 404 so nothing leaks (404). */
export class AlertNotFound extends NotFound {
  constructor(alertId: string) {
    super(`no alert ${alertId}`);
  }
}

/** A signal for a firm that is not registered (404). */
export class AlertFirmUnknown extends NotFound {
  constructor(firmId: string) {
    super(`no firm ${firmId}: signals must name a registered firm (firms.id)`);
  }
}

/** A signal, filter or request body that is not valid (422). */
export class AlertRequestInvalid extends ValidationFailed {}

/** No staff user, or no office (a staff member's contact row is not one), with this id (404). */
export class ContactNotFound extends NotFound {
  constructor(kind: 'staff user' | 'office' | 'contact', id: string) {
    super(`no ${kind} ${id}`);
  }
}
