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
