// Writes the dashboards of risk-dashboards.ts to dashboards/*.json (commit both):
//   node -r @swc-node/register dashboards/generate.ts
// Grafana provisions the JSON files (dashboards/provisioning/dashboards/risk.yaml).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allDashboards } from './risk-dashboards';

/** The exact bytes of a dashboard file: two-space JSON and a final newline, so diffs stay small. */
export function dashboardJson(dashboard: object): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

if (require.main === module) {
  for (const { file, dashboard } of allDashboards()) {
    writeFileSync(join(__dirname, file), dashboardJson(dashboard));
    const panels = dashboard.panels.filter((p) => p.type !== 'row').length;
    process.stdout.write(`dashboards/${file}: ${panels} panels, uid ${dashboard.uid}\n`);
  }
}
