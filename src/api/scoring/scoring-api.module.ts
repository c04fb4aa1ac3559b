import { Module } from '@nestjs/common';
import { FirmsModule } from '../../firms/firms.module';
import { IngestModule } from '../../ingest/ingest.module';
import { FirmAccess } from '../firms/firm-access.service';
import { FirmKeyGuard } from '../ingest/firm-key.guard';
import { FindingsController } from './findings.controller';
import { ModelLifecycleController } from './model-lifecycle.controller';
import { FirmFindingsService } from './firm-findings.service';
import { FirmScoringController } from './firm-scoring.controller';
import { FirmScoringService } from './firm-scoring.service';
import { PortalGradeController } from './portal-grade.controller';
import { RankingController } from './ranking.controller';
import { RulePacksController } from './rule-packs.controller';

/**
 * Scoring routes for staff and the firm portal. Needs ScoringModule.forRoot(role, listener) (global) and
 * AuthModule (global) in the application; the ingest module provides the firm API keys.
 */
@Module({
  imports: [FirmsModule, IngestModule.forRoot(false)],
  controllers: [
    FirmScoringController,
    FindingsController,
    RankingController,
    RulePacksController,
    PortalGradeController,
    ModelLifecycleController,
  ],
  providers: [FirmScoringService, FirmFindingsService, FirmAccess, FirmKeyGuard],
})
export class ScoringApiModule {}
