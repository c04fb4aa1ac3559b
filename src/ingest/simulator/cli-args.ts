// Arguments of `npm run simulate`, parsed without a library so the CLI stays dependency-free.
// Pure: returns the options or a message listing everything wrong.
import { beijingDate } from '../../platform/beijing-time';

export interface SimulateArgs {
  firms: number;
  /** Records per second; 0 sends as fast as the sink accepts. */
  rate: number;
  to: 'kafka' | 'http' | null;
  months: number;
  seed: number;
  startMonth: string;
  deterioratingShare: number;
  brokers: string[];
  url: string;
  /** File mapping credit code -> firm API key (HTTP). */
  apiKeysFile: string | null;
  /** Key used for firms missing from the file (HTTP). */
  apiKey: string | null;
  /** Stop after this many records. */
  count: number | null;
  dryRun: boolean;
  /** Register the simulated firms (and, for --to http, issue their keys) before sending. */
  register: { username: string; password: string } | null;
}

export const SIMULATE_USAGE = `usage: npm run simulate -- --firms N --rate R --to kafka|http [options]
  --firms N            number of firms to simulate (required)
  --rate R             records per second (required; 0 = as fast as possible)
  --to kafka|http      where to send (required unless --dry-run)
  --months M           months per firm (default 24)
  --seed S             random seed (default 1)
  --start-month YYYY-MM  first simulated month (default: the run ends last month, so its reports are current)
  --deteriorating F    share of deteriorating firms, 0..1 (default 0.3)
  --brokers LIST       Kafka brokers, comma-separated (default 127.0.0.1:9092)
  --url URL            service base URL for --to http (default http://127.0.0.1:3000)
  --api-keys FILE      JSON object mapping credit code -> firm API key (--to http)
  --api-key KEY        API key for firms not in --api-keys (--to http)
  --count C            stop after C records
  --register           register the simulated firms first (POST /v1/admin/firms at --url; with
                       --to http also issue each a push key), so their records are stored and scored
  --admin-user U       staff administrator who registers them (with --register)
  --admin-password P   that administrator's password (with --register)
  --dry-run            print counts per kind, send nothing`;

const FLAGS = new Set(['--dry-run', '--register', '--help']);

/**
 * The month `months` months before the month of `today` (China date, YYYY-MM-DD), as YYYY-MM: a run of
 * that many months ends last month, since a report of the running month is refused.
 */
export function defaultStartMonth(months: number, today: string = beijingDate()): string {
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function parseSimulateArgs(
  argv: readonly string[],
): { ok: true; args: SimulateArgs } | { ok: false; error: string } {
  const values = new Map<string, string>();
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!name.startsWith('--')) errors.push(`unexpected argument '${arg}'`);
    else if (FLAGS.has(name)) values.set(name, 'true');
    else if (inline !== undefined) values.set(name, inline);
    else if (i + 1 < argv.length) values.set(name, argv[++i]);
    else errors.push(`${name} needs a value`);
  }
  if (values.has('--help')) return { ok: false, error: SIMULATE_USAGE };
  const known = new Set([
    '--firms',
    '--rate',
    '--to',
    '--months',
    '--seed',
    '--start-month',
    '--deteriorating',
    '--brokers',
    '--url',
    '--api-keys',
    '--api-key',
    '--count',
    '--admin-user',
    '--admin-password',
    ...FLAGS,
  ]);
  for (const name of values.keys()) if (!known.has(name)) errors.push(`unknown option ${name}`);
  const integer = (name: string, fallback: number | null, min: number): number | null => {
    const text = values.get(name);
    if (text === undefined) {
      if (fallback === null) errors.push(`${name} is required`);
      return fallback;
    }
    if (!/^\d+$/.test(text) || Number(text) < min)
      errors.push(`${name} must be a whole number >= ${min}, got '${text}'`);
    return Number(text);
  };
  const dryRun = values.has('--dry-run');
  const to = values.get('--to') ?? null;
  if (to !== null && to !== 'kafka' && to !== 'http') errors.push(`--to must be kafka or http, got '${to}'`);
  if (to === null && !dryRun) errors.push('--to is required (kafka or http) unless --dry-run');
  const rateText = values.get('--rate');
  if (rateText === undefined && !dryRun) errors.push('--rate is required');
  if (rateText !== undefined && !(Number(rateText) >= 0))
    errors.push(`--rate must be a number >= 0, got '${rateText}'`);
  const share = Number(values.get('--deteriorating') ?? '0.3');
  if (!(share >= 0 && share <= 1))
    errors.push(`--deteriorating must be between 0 and 1, got '${values.get('--deteriorating')}'`);
  const months = integer('--months', 24, 1) ?? 24;
  const startMonth = values.get('--start-month') ?? defaultStartMonth(months);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(startMonth)) errors.push(`--start-month must be YYYY-MM, got '${startMonth}'`);
  const args: SimulateArgs = {
    firms: integer('--firms', null, 1) ?? 0,
    rate: Number(rateText ?? '0'),
    to: to === 'kafka' || to === 'http' ? to : null,
    months,
    seed: integer('--seed', 1, 0) ?? 1,
    startMonth,
    deterioratingShare: share,
    brokers: (values.get('--brokers') ?? '127.0.0.1:9092')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    url: (values.get('--url') ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    apiKeysFile: values.get('--api-keys') ?? null,
    apiKey: values.get('--api-key') ?? null,
    count: values.has('--count') ? integer('--count', null, 1) : null,
    dryRun,
    register: values.has('--register')
      ? { username: values.get('--admin-user') ?? '', password: values.get('--admin-password') ?? '' }
      : null,
  };
  if (args.register && (!args.register.username || !args.register.password))
    errors.push('--register needs --admin-user and --admin-password (a staff administrator registers the firms)');
  if (args.to === 'http' && !dryRun && !args.register && args.apiKeysFile === null && args.apiKey === null)
    errors.push('--to http needs --api-keys FILE, --api-key KEY or --register (firms authenticate with their own key)');
  return errors.length > 0 ? { ok: false, error: `${errors.join('\n')}\n\n${SIMULATE_USAGE}` } : { ok: true, args };
}
