import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const helmInstalled = existsSync(join(ROOT, '.services/bin/helm'));
const goInstalled = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
// scripts/helm.sh builds helm with `go install` the first time; without go and without a cached
// helm there is nothing to lint with. Say so rather than pass silently.
// Variables the chart sets that src/platform/config/config.ts does not read: Node and the runtime
// read TZ and NODE_OPTIONS. Everything else must be a key the config reads, secrets included.
const NOT_IN_CONFIG = ['TZ', 'NODE_OPTIONS'];

type Manifest = {
  kind?: string;
  metadata?: { name?: string };
  data?: object;
  stringData?: object;
  spec?: {
    template?: { spec?: { containers?: Array<{ name?: string; env?: Array<{ name: string }> }> } };
    ingress?: unknown[];
    egress?: Array<{ ports?: Array<{ port: number }> }>;
  };
};

function renderedManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(ROOT, '.services/helm', file), 'utf8'))
    .map((d) => d.toJS() as Manifest)
    .filter(Boolean);
}

/** Every environment variable name the chart gives the service: ConfigMap, Secret and container env (not CometBFT's own container). */
function envNames(docs: Manifest[]): string[] {
  return docs.flatMap((d) => [
    ...(d.kind === 'ConfigMap' && !d.metadata?.name?.endsWith('-genesis') ? Object.keys(d.data ?? {}) : []),
    ...(d.kind === 'Secret' ? Object.keys(d.stringData ?? {}) : []),
    ...(d.spec?.template?.spec?.containers ?? [])
      .filter((c) => c.name !== 'cometbft')
      .flatMap((c) => (c.env ?? []).map((e) => e.name)),
  ]);
}

const describeWithHelm = helmInstalled || goInstalled ? describe : describe.skip;
if (!helmInstalled && !goInstalled)
  process.stderr.write('helm-chart.int-spec: SKIPPED - neither .services/bin/helm nor go is available to build it\n');

describeWithHelm('Helm chart helm/risk-surveillance', () => {
  it(
    'should lint, render with default and production-like values, and pass the manifest checks (scripts/helm.sh)',
    () => {
      // The first run compiles helm (several minutes on a small machine); later runs take seconds.
      const run = spawnSync('bash', ['scripts/helm.sh'], { cwd: ROOT, encoding: 'utf8', timeout: 20 * 60_000 });
      const output = `${run.stdout}\n${run.stderr}`;
      if (run.status !== 0) throw new Error(`scripts/helm.sh exited with ${run.status ?? run.signal}:\n${output}`);
      expect(output).toMatch(/default\.yaml: ok \(.*5 Deployment/);
      expect(output).toMatch(/ci\.yaml: ok \(.*5 Deployment.*1 Ingress.*1 Job/);
    },
    21 * 60_000,
  );

  it('should set only environment variables the service reads, its secrets included', () => {
    const names = envNames(renderedManifests('ci.yaml'));
    // Every file of src/platform/config that reads variables (config.ts, sms-config.ts, change-feed-config.ts, ...).
    const config = readdirSync(join(ROOT, 'src/platform/config'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .map((f) => readFileSync(join(ROOT, 'src/platform/config', f), 'utf8'))
      .join('\n');
    expect(names.length).toBeGreaterThan(10);
    expect([...new Set(names)].filter((n) => !config.includes(`'${n}'`) && !NOT_IN_CONFIG.includes(n))).toEqual([]);
    // The Secret carries what the code reads: one VAPID pair for every pod, and the SMS key.
    const secret = renderedManifests('ci.yaml').find(
      (d) => d.kind === 'Secret' && !d.metadata?.name?.includes('migrat'),
    );
    expect(Object.keys(secret?.stringData ?? {})).toEqual(
      expect.arrayContaining(['ALERTS_VAPID_PUBLIC_KEY', 'ALERTS_VAPID_PRIVATE_KEY', 'ALERTS_SMS_API_KEY']),
    );
  });

  it("should give the owner's URL to the migration Job alone, never to the pods", () => {
    const docs = renderedManifests('ci.yaml');
    const job = docs.find((d) => d.kind === 'Job');
    expect((job?.spec?.template?.spec?.containers ?? []).flatMap((c) => (c.env ?? []).map((e) => e.name))).toContain(
      'DATABASE_MIGRATION_URL',
    );
    const podSecret = docs.find((d) => d.kind === 'Secret' && !d.metadata?.name?.endsWith('-migrate'));
    expect(Object.keys(podSecret?.stringData ?? {})).not.toContain('DATABASE_MIGRATION_URL');
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    expect(JSON.stringify(deployments)).not.toContain('risk_owner');
  });

  it('should render NetworkPolicies: HTTP in from the ingress controller and Prometheus, out only to the data services and https', () => {
    const policies = renderedManifests('ci.yaml').filter((d) => d.kind === 'NetworkPolicy');
    expect(policies).toHaveLength(2);
    const [all, alertHosts] = policies;
    expect(all.spec?.ingress).toHaveLength(1);
    expect((all.spec?.egress ?? []).flatMap((e) => (e.ports ?? []).map((p) => p.port)).sort((a, b) => a - b)).toEqual([
      53, 53, 5432, 9092, 26657,
    ]);
    expect((alertHosts.spec?.egress ?? []).flatMap((e) => (e.ports ?? []).map((p) => p.port))).toEqual([443]);
    expect(JSON.stringify(alertHosts.spec)).toContain('169.254.0.0/16');
  });
});
