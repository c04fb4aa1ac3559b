import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { CageModule } from '../cage/cage.module';
import { FirmsModule } from '../firms/firms.module';
import { IngestModule } from '../ingest/ingest.module';
import { Role } from '../platform/config/config';
import { AdminFirmsService } from './admin/admin-firms.service';
import { AlertsApiModule } from './alerts/alerts-api.module';
import { CageController } from './cage/cage.controller';
import { PowerInterceptor } from './cage/power.interceptor';
import { ScoringApiModule } from './scoring/scoring-api.module';
import { AdminAgenciesController } from './admin/admin-agencies.controller';
import { AdminContactsController } from './admin/admin-contacts.controller';
import { AdminStaffController } from './admin/admin-staff.controller';
import { AdminController } from './admin/admin.controller';
import { AdminSigningKeysController } from './admin/admin-signing-keys.controller';
import { AdminSigningKeysService } from './admin/admin-signing-keys.service';
import { FirmSigningKeysController } from './ingest/firm-signing-keys.controller';
import { CheckpointNoteController } from './evidence/checkpoint-note.controller';
import { FirmWitnessController } from './witness/firm-witness.controller';
import { OptionalFirmKeyGuard } from './witness/optional-firm-key.guard';
import { EvidenceController } from './evidence/evidence.controller';
import { FirmAccess } from './firms/firm-access.service';
import { FirmDirectoryService } from './firms/firm-directory.service';
import { FirmProfileService } from './firms/firm-profile.service';
import { FirmRelationsService } from './firms/firm-relations.service';
import { FirmsController } from './firms/firms.controller';
import { HealthController } from './health.controller';
import { AgencyKeyGuard } from './ingest/agency-key.guard';
import { FirmKeyGuard } from './ingest/firm-key.guard';
import { FirmPushService } from './ingest/firm-push.service';
import { GovDeadLetters } from './ingest/gov-dead-letters';
import { SignedPushGate } from './ingest/signed-push';
import { GovFeedController } from './ingest/gov-feed.controller';
import { GovFeedService } from './ingest/gov-feed.service';
import { IngestController } from './ingest/ingest.controller';
import { MetricsController } from './metrics.controller';
import { ProblemFilter } from './problem.filter';
import { MonthlyReportService } from './reports/monthly-report.service';
import { ReportsController } from './reports/reports.controller';
import { SchemasController } from './schemas/schemas.controller';
import { SchemasService } from './schemas/schemas.service';
import { AuditService } from './staff-evidence/audit.service';
import { EvidenceDeskService } from './staff-evidence/evidence-desk.service';
import {
  AuditController,
  EvidenceDeskController,
  TamperFindingsController,
} from './staff-evidence/staff-evidence.controller';
import { StaffOrFirmGuard } from './staff-evidence/staff-or-firm.guard';

// The business routes of the api role: firm push, staff views, admin, evidence, schemas, reports.
const BUSINESS_CONTROLLERS = [
  IngestController,
  GovFeedController,
  EvidenceController,
  CheckpointNoteController,
  FirmWitnessController,
  FirmsController,
  AdminController,
  AdminSigningKeysController,
  FirmSigningKeysController,
  AdminStaffController,
  AdminContactsController,
  AdminAgenciesController,
  EvidenceDeskController,
  TamperFindingsController,
  AuditController,
  SchemasController,
  ReportsController,
  CageController,
];
const BUSINESS_PROVIDERS = [
  FirmPushService,
  FirmKeyGuard,
  OptionalFirmKeyGuard,
  GovFeedService,
  GovDeadLetters,
  SignedPushGate,
  AdminSigningKeysService,
  AgencyKeyGuard,
  StaffOrFirmGuard,
  FirmAccess,
  FirmDirectoryService,
  FirmProfileService,
  FirmRelationsService,
  AdminFirmsService,
  EvidenceDeskService,
  AuditService,
  SchemasService,
  MonthlyReportService,
  // 权力清单: every route bound with @Power() is enforced and traced here.
  { provide: APP_INTERCEPTOR, useClass: PowerInterceptor },
];

@Module({})
export class ApiModule {
  /** Every role serves /health and /metrics; the business routes only the api role (and all). */
  static forRoot(role: Role): DynamicModule {
    const serving = role === 'api' || role === 'all';
    return {
      module: ApiModule,
      imports: serving ? [IngestModule.forRoot(false), FirmsModule, AlertsApiModule, ScoringApiModule, CageModule] : [],
      controllers: [HealthController, MetricsController, ...(serving ? BUSINESS_CONTROLLERS : [])],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }, ...(serving ? BUSINESS_PROVIDERS : [])],
    };
  }
}
