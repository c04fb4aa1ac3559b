import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { makeInnerNodeHasher } from './inner-node';

/** Hashes the lower levels of a log for MerkleLog.warm(), on `threads` threads. */
export interface LevelHasher {
  readonly threads: number;
  hash(job: LevelJob): Promise<void>;
}

/** One job: blocks [from, to) of 2^depth leaves, each hashed up to its complete subtree at `depth`. */
export interface LevelJob {
  /** Level 0 (leaf hashes) and levels 1..depth, SharedArrayBuffer-backed, 32 bytes an entry. */
  levels: Uint8Array[];
  depth: number;
  from: number;
  to: number;
}

// Plain JS run with eval: worker threads get no TypeScript loader (swc, jest), and the work is
// only the inner-node hash SHA-256(0x01 || left || right) of RFC 6962, written into shared memory
// by the same specialised function as on the main thread (built from its source text).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const innerNode = (${makeInnerNodeHasher.toString()})();
const { buffers, offsets, depth, from, to } = workerData;
const levels = buffers.map((b, l) => new Uint8Array(b, offsets[l]));
for (let block = from; block < to; block++) {
  for (let l = 1; l <= depth; l++) {
    const below = levels[l - 1];
    const out = levels[l];
    const per = 2 ** (depth - l);
    for (let i = block * per; i < (block + 1) * per; i++) innerNode(below, 64 * i, out, 32 * i);
  }
}
parentPort.postMessage('done');
`;

/**
 * Worker threads, each taking a contiguous run of blocks: complete subtrees are independent, so
 * the result is exactly what one thread computes. Workers live for one job only.
 */
export function workerLevelHasher(threads = availableParallelism()): LevelHasher {
  return { threads, hash: (job) => hashInWorkers(job, threads) };
}

async function hashInWorkers(job: LevelJob, threads: number): Promise<void> {
  const blocks = job.to - job.from;
  const per = Math.ceil(blocks / threads);
  const runs = Array.from(
    { length: Math.min(threads, blocks) },
    (_, t) => [job.from + t * per, Math.min(job.to, job.from + (t + 1) * per)] as const,
  ).filter(([a, b]) => a < b);
  await Promise.all(runs.map(([from, to]) => runWorker(job, from, to)));
}

function runWorker(job: LevelJob, from: number, to: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        buffers: job.levels.map((l) => l.buffer),
        offsets: job.levels.map((l) => l.byteOffset),
        depth: job.depth,
        from,
        to,
      },
    });
    let done = false;
    worker.once('message', () => {
      done = true;
      resolve();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`a Merkle level worker exited with code ${code} before finishing`));
    });
  });
}
