// Who hears of an integrity alert (廉政风险预警): the discipline inspectors (纪检监察) of the official's
// region, its city and its province, never the officials it is about, nor their superiors in their
// stead. Pure: no I/O.
import type { AlertMessage } from '../../alerts/channels/alert-message';
import type { ChannelKind } from '../../alerts/channels/alert-channel';
import type { RoutingConfig } from '../../alerts/routing/routing-config';
import { routeAlert, type RoutingPlan } from '../../alerts/routing/route-alert';
import type { DirectoryEntry } from '../../alerts/routing/staff-directory';

/** An integrity alert as stored (integrity_alerts). */
export interface IntegrityAlertRow {
  id: string;
  indicator: string;
  subjectStaffIds: string[];
  regionCode: string;
  summary: string;
  raisedAt: Date;
}

const INSPECTORS = (['county', 'city', 'province'] as const).map((level) => ({
  role: 'discipline_inspector' as const,
  level,
}));

/** Deliveries to the inspectors over `channels`, with the subjects taken out of the directory first. */
export function routeIntegrityAlert(
  alert: IntegrityAlertRow,
  directory: readonly DirectoryEntry[],
  channels: ChannelKind[],
): RoutingPlan {
  const subjects = new Set(alert.subjectStaffIds);
  const config: RoutingConfig = {
    tiers: {
      blue: { notify: INSPECTORS, channels },
      yellow: { notify: [], channels },
      orange: { notify: [], channels },
      red: { notify: [], channels },
    },
    escalation: [],
  };
  return routeAlert(
    { tier: 'blue', firmRegionCode: alert.regionCode, escalationLevel: 0 },
    config,
    directory.filter((e) => !subjects.has(e.id)),
  );
}

/** The message the channels render: the alert channels' shape, the integrity alert's words. */
export function integrityAlertMessage(alert: IntegrityAlertRow, mobileBaseUrl: string): AlertMessage {
  return {
    alertId: alert.id,
    kind: 'opened',
    firmName: '廉政风险预警',
    tier: 'orange',
    cause: `廉政风险预警：${alert.indicator}`,
    reasons: [alert.summary],
    ackDeadline: null,
    duty: '请纪检监察人员核查',
    link: `${mobileBaseUrl.replace(/\/+$/, '')}/integrity-alerts/${encodeURIComponent(alert.id)}`,
  };
}
