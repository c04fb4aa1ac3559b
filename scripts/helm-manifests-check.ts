// Checks manifests rendered by `helm template` (read from the files named on the command line):
// every YAML document parses and names its apiVersion, kind and metadata.name; names are unique per
// kind; Deployments carry probes, resources and the non-root, read-only security context; the
// migration Job is a pre-install/pre-upgrade hook that fails the release on the first failure.
// Prints every problem and exits 1 if there is any. Used by scripts/helm.sh.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

// Only the fields checked here; everything is optional because a broken render may lack any of it.
interface Container {
  name?: string;
  args?: string[];
  livenessProbe?: { httpGet?: { path?: string } };
  readinessProbe?: { httpGet?: { path?: string } };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  envFrom?: Array<{ configMapRef?: object; secretRef?: object }>;
  env?: Array<{ name: string }>;
}
interface PodSpec {
  containers?: Container[];
  volumes?: Array<{ name: string; emptyDir?: object }>;
  securityContext?: { runAsNonRoot?: boolean };
  restartPolicy?: string;
}
interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    backoffLimit?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };
    scaleTargetRef?: { name?: string };
  };
}

const REQUIRED_ROLES = ['api', 'ingest', 'scoring', 'alerts', 'anchor'];

export function checkManifests(source: string, text: string): { problems: string[]; kinds: Record<string, number> } {
  const problems: string[] = [];
  const kinds: Record<string, number> = {};
  const seen = new Set<string>();
  const docs: Manifest[] = [];
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length) {
      problems.push(`${source}: document ${i + 1} is not valid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const value = doc.toJS() as Manifest | null;
    if (value === null || value === undefined) continue; // an empty document between separators
    const where = `${source}: ${value.kind ?? '?'} ${value.metadata?.name ?? `#${i + 1}`}`;
    for (const field of ['apiVersion', 'kind'] as const) if (!value[field]) problems.push(`${where}: missing ${field}`);
    if (!value.metadata?.name) problems.push(`${where}: missing metadata.name`);
    else if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(value.metadata.name))
      problems.push(`${where}: metadata.name is not a valid Kubernetes name`);
    const key = `${value.kind}/${value.metadata?.name}`;
    if (seen.has(key)) problems.push(`${where}: rendered twice`);
    seen.add(key);
    kinds[value.kind ?? '?'] = (kinds[value.kind ?? '?'] ?? 0) + 1;
    docs.push(value);
  }

  const deployments = docs.filter((d) => d.kind === 'Deployment');
  for (const d of deployments) problems.push(...checkDeployment(source, d));
  const roles = deployments.map((d) => d.spec?.template?.spec?.containers?.[0]?.args?.[0]);
  for (const role of REQUIRED_ROLES)
    if (!roles.includes(role)) problems.push(`${source}: no Deployment runs the ${role} role`);
  const anchor = deployments.find((d) => d.spec?.template?.spec?.containers?.[0]?.args?.[0] === 'anchor');
  if (anchor && anchor.spec?.replicas !== 1)
    problems.push(`${source}: the anchor Deployment must have exactly 1 replica (single leader)`);

  const jobs = docs.filter((d) => d.kind === 'Job');
  const migration = jobs.find((j) => (j.spec?.template?.spec?.containers ?? []).some((c) => c.args?.[0] === 'migrate'));
  if (!migration) problems.push(`${source}: no migration Job (args [migrate])`);
  else {
    const where = `${source}: Job ${migration.metadata?.name}`;
    const hooks = (migration.metadata?.annotations?.['helm.sh/hook'] ?? '').split(',').map((s) => s.trim());
    for (const hook of ['pre-install', 'pre-upgrade'])
      if (!hooks.includes(hook)) problems.push(`${where}: helm.sh/hook lacks ${hook}`);
    if (migration.spec?.backoffLimit !== 0)
      problems.push(`${where}: backoffLimit must be 0 so a failed migration fails the release`);
    if (migration.spec?.template?.spec?.restartPolicy !== 'Never')
      problems.push(`${where}: restartPolicy must be Never`);
    const env = migration.spec?.template?.spec?.containers?.[0]?.env ?? [];
    if (!env.some((e) => e.name === 'DATABASE_URL')) problems.push(`${where}: no DATABASE_URL`);
  }

  for (const hpa of docs.filter((d) => d.kind === 'HorizontalPodAutoscaler')) {
    const target = hpa.spec?.scaleTargetRef?.name;
    if (!deployments.some((d) => d.metadata?.name === target))
      problems.push(`${source}: HPA ${hpa.metadata?.name} scales ${target}, which is not rendered`);
  }
  for (const kind of ['ConfigMap', 'Service']) if (!kinds[kind]) problems.push(`${source}: no ${kind} rendered`);
  return { problems, kinds };
}

function checkDeployment(source: string, d: Manifest): string[] {
  const problems: string[] = [];
  const where = `${source}: Deployment ${d.metadata?.name}`;
  const pod: PodSpec = d.spec?.template?.spec ?? {};
  const selector = d.spec?.selector?.matchLabels ?? {};
  const labels = d.spec?.template?.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(selector))
    if (labels[k] !== v) problems.push(`${where}: pod labels do not match selector ${k}=${String(v)}`);
  if (pod.securityContext?.runAsNonRoot !== true)
    problems.push(`${where}: pod securityContext.runAsNonRoot must be true`);
  const containers = pod.containers ?? [];
  if (containers.length === 0) problems.push(`${where}: no containers`);
  for (const c of containers) {
    const at = `${where} container ${c.name}`;
    if (c.livenessProbe?.httpGet?.path !== '/health/live') problems.push(`${at}: livenessProbe must GET /health/live`);
    if (c.readinessProbe?.httpGet?.path !== '/health') problems.push(`${at}: readinessProbe must GET /health`);
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory)
      problems.push(`${at}: resources.requests needs cpu and memory`);
    if (!c.resources?.limits?.memory) problems.push(`${at}: resources.limits needs memory`);
    if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem must be true`);
    if (c.securityContext?.allowPrivilegeEscalation !== false)
      problems.push(`${at}: allowPrivilegeEscalation must be false`);
    const mounts = c.volumeMounts ?? [];
    const tmp = mounts.find((m) => m.mountPath === '/tmp');
    if (!tmp || !(pod.volumes ?? []).some((v) => v.name === tmp.name && v.emptyDir))
      problems.push(`${at}: /tmp must be an emptyDir`);
    if (!c.envFrom?.some((e) => e.configMapRef) || !c.envFrom?.some((e) => e.secretRef))
      problems.push(`${at}: env must come from the ConfigMap and the Secret`);
  }
  return problems;
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: helm-manifests-check.ts RENDERED.yaml...\n');
    process.exit(2);
  }
  let failed = false;
  for (const file of files) {
    const { problems, kinds } = checkManifests(file, readFileSync(file, 'utf8'));
    const summary = Object.entries(kinds)
      .sort()
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    if (problems.length) {
      failed = true;
      process.stderr.write(`${file}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    } else process.stdout.write(`${file}: ok (${summary})\n`);
  }
  process.exit(failed ? 1 : 0);
}
