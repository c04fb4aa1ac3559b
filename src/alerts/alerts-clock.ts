import { Clock } from '../platform/clock';

/**
 * The time source of alerts (deadlines, escalation, records). A token of its own: tests move alert
 * time by hours and days, which must not expire staff tokens (AuthClock).
 */
export abstract class AlertsClock extends Clock {}
