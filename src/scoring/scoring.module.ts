import { DynamicModule, Module } from '@nestjs/common';
import { identityHasherProvider } from '../ingest/identity-hasher.provider';
import type { Role } from '../platform/config/config';
import { AlertsAssessmentListener, ASSESSMENT_LISTENER } from './assessment-listener';
import { FindingsService } from './findings.service';
import { ManualScoresService } from './manual-scores.service';
import { ModelRegistry } from './model-registry.service';
import { ModelMonitoringService } from './model/monitoring/model-monitoring.service';
import { ModelMonitoringWorker } from './model/monitoring/model-monitoring.worker';
import { ModelPromotionService } from './model/promotion/model-promotion.service';
import { OutcomesService } from './outcomes/outcomes.service';
import { OwnershipService } from './ownership.service';
import { HistoryLoader } from './persistence/history-loader';
import { RescorePoller, RESCORE_POLLER_ENABLED } from './rescore-poller';
import { RulePackDryRunService } from './rule-pack-dry-run.service';
import { RulePacksService } from './rule-packs.service';
import { ScoringQueries } from './scoring-queries.service';
import { ScoringService } from './scoring.service';

/**
 * Scoring: re-scores, manual scores, findings (查实事项), rule pack versions, the served model and the read side.
 * Global, so the API module injects its services without importing it again; the poller and the
 * scheduled full re-score run only in the scoring role (and all). Assessments go to
 * ASSESSMENT_LISTENER (AlertsService.onSignal when the alerts module is loaded).
 */
@Module({})
export class ScoringModule {
  static forRoot(role: Role): DynamicModule {
    return {
      module: ScoringModule,
      global: true,
      providers: [
        HistoryLoader,
        identityHasherProvider, // to find supervised firms among hashed corporate shareholders
        RulePacksService,
        ModelRegistry,
        ScoringService,
        ManualScoresService,
        FindingsService,
        ScoringQueries,
        RulePackDryRunService,
        OwnershipService,
        RescorePoller,
        OutcomesService,
        ModelPromotionService,
        ModelMonitoringService,
        ModelMonitoringWorker,
        { provide: RESCORE_POLLER_ENABLED, useValue: role === 'scoring' || role === 'all' },
        { provide: ASSESSMENT_LISTENER, useClass: AlertsAssessmentListener },
      ],
      exports: [ScoringService, ManualScoresService, FindingsService, ScoringQueries, RulePacksService, RulePackDryRunService, ModelRegistry, RescorePoller, OwnershipService, OutcomesService, ModelPromotionService, ModelMonitoringService],
    };
  }
}
