import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { seedDemoStaff } from './staff/demo-staff';
import { StaffDirectoryService } from './staff/staff-directory.service';
import { AppModule } from './app.module';
import { JSON_BODY_LIMIT_BYTES, jsonBody } from './api/json-body.middleware';
import { setupOpenApi } from './api/openapi/openapi';
import { seedDemoCageOf } from './cage/demo-cage';
import { seedDemoFirms } from './firms/demo-firms';
import { FirmsService } from './firms/firms.service';
import { seedDemoGovEvents } from './ingest/demo-gov-events';
import { RecordIntakeService } from './ingest/intake/record-intake.service';
import { AppConfig, maskUrl } from './platform/config/config';
import { EmbeddedPostgres } from './platform/database/embedded-postgres';
import { HealthRegistry } from './platform/health/health.registry';
import { createLogger } from './platform/logging/logger';
import { assignRequestId } from './platform/logging/request-id';
import { httpMetrics } from './platform/metrics/http-metrics';
import { MetricsService } from './platform/metrics/metrics.service';

export interface RunningApp {
  app: INestApplication;
  /** Base URL the HTTP server listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

/** Starts the service for a validated configuration; used by main.ts and by the e2e tests. */
export async function startApp(config: AppConfig): Promise<RunningApp> {
  const logger = createLogger(config.log);
  Logger.overrideLogger(logger);
  const embedded =
    config.database.mode === 'pglite' ? await EmbeddedPostgres.start(config.database.dataDir) : undefined;
  const databaseUrl = embedded?.url ?? (config.database as { url: string }).url;
  let app: NestExpressApplication | undefined;
  try {
    // No global body parser: push routes read their raw body (size limit, exact JSON errors,
    // NDJSON); every other route gets JSON up to 1 MB.
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
      logger,
      abortOnError: false,
      bodyParser: false,
    });
    // Behind an ingress the client's address (login throttle, access log) comes from X-Forwarded-For.
    if (config.http.trustProxy !== undefined) app.set('trust proxy', config.http.trustProxy);
    app.use(assignRequestId);
    app.use(httpMetrics(app.get(MetricsService), app.get(HealthRegistry)));
    app.use(jsonBody(JSON_BODY_LIMIT_BYTES));
    app.enableShutdownHooks();
    // Before listen: Nest adds its 404 handler at start, so routes added later would never match.
    if (config.role === 'api' || config.role === 'all') setupOpenApi(app);
    if (config.demoData) {
      const freshRegister = await seedDemoFirms(app.get(FirmsService));
      // Once, with the firms: the events are dated relative to the day they are seeded.
      if (freshRegister && (config.role === 'api' || config.role === 'all'))
        await seedDemoGovEvents(app.get(RecordIntakeService));
      await seedDemoStaff(app.get(StaffDirectoryService));
      if (freshRegister && (config.role === 'api' || config.role === 'all')) await seedDemoCageOf(app);
    }
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${config.http.host}:${address.port}`;
  new Logger('Bootstrap').log(
    `role ${config.role} listening on ${url}; database ${embedded ? 'embedded PGlite' : maskUrl(databaseUrl)}; ` +
      `kafka ${config.kafka ? config.kafka.brokers.join(',') : 'off'}; ledger ${config.ledger.kind}`,
  );
  const running = app;
  return {
    app: running,
    url,
    close: async () => {
      await running.close();
      await embedded?.stop();
    },
  };
}
