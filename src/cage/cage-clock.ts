import { Clock } from '../platform/clock';

/** The time source of the cage's deadlines and sweeps; a token of its own so tests move it alone. */
export abstract class CageClock extends Clock {}
