import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { TamperCheckService, type TamperFinding } from '../evidence-chain/tamper/tamper-check.service';
import { AlertsClock } from './alerts-clock';
import { AlertFirmUnknown } from './alerts.errors';
import { AlertsService } from './alerts.service';
import { BUREAU_WIDE, type AssessmentSignal } from './domain/assessment-signal';
import { beijingDate } from '../platform/beijing-time';

/**
 * Evidence tampering found by the tamper scan becomes a red 'evidence_tampered' alert of the firm
 * whose record changed, or a bureau-wide one when the record belongs to no (known) firm.
 */
@Injectable()
export class TamperAlertsListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TamperAlertsListener.name);
  private readonly handler = (finding: TamperFinding) => void this.raise(finding);

  constructor(
    private readonly tamper: TamperCheckService,
    private readonly alerts: AlertsService,
    private readonly clock: AlertsClock,
  ) {}

  onModuleInit(): void {
    this.tamper.events.on('tampered', this.handler);
  }

  onModuleDestroy(): void {
    this.tamper.events.off('tampered', this.handler);
  }

  async raise(finding: TamperFinding): Promise<void> {
    const signal = tamperSignal(finding, finding.firmId ?? BUREAU_WIDE, this.clock.now());
    try {
      await this.alerts.onSignal(signal).catch((error: unknown) => {
        if (error instanceof AlertFirmUnknown) return this.alerts.onSignal({ ...signal, firmId: BUREAU_WIDE });
        throw error;
      });
    } catch (error) {
      this.logger.error(
        `tamper finding on ${finding.recordKind} ${finding.recordId} raised no alert: ${(error as Error).message}`,
      );
    }
  }
}

const TAMPER_TEXT: Record<TamperFinding['scope'], (f: TamperFinding) => string> = {
  record: (f) => `存证记录 ${f.recordKind} ${f.recordId} 与其存证叶子不符（数据库中的记录被改动）`,
  leaf: (f) => `存证叶子 ${f.leafId}（${f.recordKind} ${f.recordId}）与默克尔日志中的条目不符（记录与叶子被一并改动）`,
  log: (f) => `存证日志与已签名的检查点不符（${f.recordId}）：日志本身被改写`,
};

export function tamperSignal(finding: TamperFinding, firmId: string, at: Date): AssessmentSignal {
  return {
    firmId,
    cause: { kind: 'evidence_tampered' },
    tier: 'red',
    reasons: [
      {
        ruleId: null,
        text: TAMPER_TEXT[finding.scope](finding),
        value: finding.actualHash.slice(0, 16),
        threshold: finding.expectedHash.slice(0, 16),
      },
    ],
    veto: false,
    periodId: beijingDate(at),
    // The same finding (leaf and wrong hash) raises one alert step however often it is reported.
    assessmentId:
      finding.scope === 'record'
        ? `tamper:${finding.leafId}:${finding.actualHash}`
        : `tamper:${finding.scope}:${finding.leafId ?? finding.recordId}:${finding.actualHash}`,
    assessedAt: at,
  };
}
