import { Module } from '@nestjs/common';
import { SystemClock } from '../platform/clock';
import { CageClock } from './cage-clock';
import { IntegrityAnalysisService } from './integrity-analysis.service';
import { OverdueWatchService } from './overdue-watch.service';
import { OversightQueries } from './oversight-queries.service';
import { OverdueWatchWorker } from './overdue-watch.worker';
import { PowerTracesService } from './power-traces.service';
import { ReadBatchesService } from './read-batches.service';
import { DashboardReadsService } from './dashboard-reads/dashboard-reads.service';
import { DashboardReadsWorker } from './dashboard-reads/dashboard-reads.worker';
import { IntegrityAlertNotifier } from './integrity-notify/integrity-alert-notifier.service';
import { IntegrityAlertNotifierWorker } from './integrity-notify/integrity-alert-notifier.worker';

/** 数据铁笼: the traces of every exercise of a power, and the watch over what was left undone. */
@Module({
  providers: [
    { provide: CageClock, useClass: SystemClock },
    PowerTracesService,
    OverdueWatchService,
    OverdueWatchWorker,
    IntegrityAnalysisService,
    ReadBatchesService,
    OversightQueries,
    DashboardReadsService,
    DashboardReadsWorker,
    IntegrityAlertNotifier,
    IntegrityAlertNotifierWorker,
  ],
  exports: [
    PowerTracesService,
    OversightQueries,
    OverdueWatchService,
    IntegrityAnalysisService,
    ReadBatchesService,
    DashboardReadsService,
    IntegrityAlertNotifier,
    CageClock,
  ],
})
export class CageModule {}
