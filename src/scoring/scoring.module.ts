import { DynamicModule, Module, type Type } from '@nestjs/common';
import { identityHasherProvider } from '../ingest/identity-hasher.provider';
import type { Role } from '../platform/config/config';
import { ASSESSMENT_LISTENER, type AssessmentListener } from './assessment-listener';
import { FIRM_CHANGES_ENABLED, FirmChangesConsumer } from './partitioned/firm-changes.consumer';
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
import { ScoringReports } from './scoring-reports.service';
import { ScoringService } from './scoring.service';

/**
 * Scoring: re-scores, manual scores, findings (查实事项), rule pack versions, the served model and the read side.
 * Global, so the API module injects its services without importing it again; the poller and the
 * scheduled full re-score run only in the scoring role (and all). Assessments go to
 * `listener`, bound to ASSESSMENT_LISTENER: the composition root passes the alerts module's
 * AlertsAssessmentListener, so scoring does not import the module above it.
 */
@Module({})
export class ScoringModule {
  static forRoot(role: Role, listener: Type<AssessmentListener>): DynamicModule {
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
        ScoringReports,
        RulePackDryRunService,
        OwnershipService,
        RescorePoller,
        OutcomesService,
        ModelPromotionService,
        ModelMonitoringService,
        ModelMonitoringWorker,
        { provide: RESCORE_POLLER_ENABLED, useValue: role === 'scoring' || role === 'all' },
        { provide: ASSESSMENT_LISTENER, useClass: listener },
        FirmChangesConsumer,
        { provide: FIRM_CHANGES_ENABLED, useValue: role === 'scoring' || role === 'all' },
      ],
      exports: [
        ScoringService,
        ManualScoresService,
        FindingsService,
        ScoringQueries,
        ScoringReports,
        RulePacksService,
        RulePackDryRunService,
        ModelRegistry,
        RescorePoller,
        OwnershipService,
        FirmChangesConsumer,
        OutcomesService,
        ModelPromotionService,
        ModelMonitoringService,
      ],
    };
  }
}
