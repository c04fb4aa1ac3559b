import { Conflict, NotFound } from '../platform/errors/domain-error';

export class FirmNotFound extends NotFound {
  constructor(creditCode: string) {
    super(`no supervised firm has credit code ${creditCode}`);
  }
}

export class FirmAlreadyRegistered extends Conflict {
  constructor(creditCode: string) {
    super(`a firm with credit code ${creditCode} is already registered`);
  }
}
