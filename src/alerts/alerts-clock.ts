/** The time source of alerts (deadlines, escalation, records); tests replace it to move time. */
export abstract class AlertsClock {
  abstract now(): Date;
}

export class SystemAlertsClock extends AlertsClock {
  now(): Date {
    return new Date();
  }
}

/** Stands still until moved; for tests. */
export class ManualAlertsClock extends AlertsClock {
  constructor(private current: Date = new Date()) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
}
