// `npm run bench [-- name ...]`: runs every test/bench/<name>.bench.ts (or the named ones) one
// after another. Benchmarks print throughput and ratios; they are not tests and assert nothing.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .sort();
  const unknown = wanted.filter((w) => !available.includes(w));
  if (unknown.length) throw new Error(`no benchmark named ${unknown.join(', ')}; available: ${available.join(', ')}`);
  for (const name of wanted.length ? wanted : available) {
    console.log(`\n### ${name}`);
    const started = performance.now();
    const bench = (await import(path.join(__dirname, `${name}.bench.ts`))) as { run(): Promise<void> };
    await bench.run();
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
