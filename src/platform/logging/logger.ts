import { ConsoleLogger, LogLevel as NestLogLevel } from '@nestjs/common';
import { AppConfig, LOG_LEVELS } from '../config/config';

/** JSON lines in production (one object per line, for the log shipper); text for a terminal. */
export function createLogger(log: AppConfig['log']): ConsoleLogger {
  const levels = LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(log.level) + 1) as NestLogLevel[];
  return new ConsoleLogger({ json: log.format === 'json', colors: log.format === 'text', logLevels: levels });
}
