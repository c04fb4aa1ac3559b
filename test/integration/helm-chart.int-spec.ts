import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const helmInstalled = existsSync(join(ROOT, '.services/bin/helm'));
const goInstalled = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
// scripts/helm.sh builds helm with `go install` the first time; without go and without a cached
// helm there is nothing to lint with. Say so rather than pass silently.
// Variables the chart sets that src/platform/config/config.ts does not read (yet): Node and the
// runtime read TZ and NODE_OPTIONS; the Web Push keys await their configuration entry.
const NOT_IN_CONFIG = ['TZ', 'NODE_OPTIONS', 'VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY'];

const describeWithHelm = helmInstalled || goInstalled ? describe : describe.skip;
if (!helmInstalled && !goInstalled) process.stderr.write('helm-chart.int-spec: SKIPPED - neither .services/bin/helm nor go is available to build it\n');

describeWithHelm('Helm chart helm/risk-surveillance', () => {
  it('should lint, render with default and production-like values, and pass the manifest checks (scripts/helm.sh)', () => {
    // The first run compiles helm (several minutes on a small machine); later runs take seconds.
    const run = spawnSync('bash', ['scripts/helm.sh'], { cwd: ROOT, encoding: 'utf8', timeout: 20 * 60_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`scripts/helm.sh exited with ${run.status ?? run.signal}:\n${output}`);
    expect(output).toMatch(/default\.yaml: ok \(.*5 Deployment/);
    expect(output).toMatch(/ci\.yaml: ok \(.*5 Deployment.*1 Ingress.*1 Job/);
  }, 21 * 60_000);

  it('should set only environment variables the service reads', () => {
    const rendered = readFileSync(join(ROOT, '.services/helm/ci.yaml'), 'utf8');
    const docs = parseAllDocuments(rendered).map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; data?: object; stringData?: object } | null);
    const names = docs.flatMap((d) => (d?.kind === 'ConfigMap' && !d.metadata?.name?.endsWith('-genesis') ? Object.keys(d.data ?? {}) : d?.kind === 'Secret' ? Object.keys(d.stringData ?? {}) : []));
    const config = ['config.ts', 'sms-config.ts'].map((f) => readFileSync(join(ROOT, 'src/platform/config', f), 'utf8')).join('\n');
    expect(names.length).toBeGreaterThan(10);
    expect([...new Set(names)].filter((n) => !config.includes(`'${n}'`) && !NOT_IN_CONFIG.includes(n))).toEqual([]);
  });
});
