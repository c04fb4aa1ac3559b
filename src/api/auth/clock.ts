import { Clock } from '../../platform/clock';

/** The time source of authentication (token expiry, lockout, access log); tests replace it. */
export abstract class AuthClock extends Clock {}
