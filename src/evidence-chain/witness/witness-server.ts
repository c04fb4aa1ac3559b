import { createServer, Server } from 'node:http';
import { AddCheckpointAnswer, addCheckpoint } from './add-checkpoint';
import { loadWitnessState, saveWitnessState } from './witness-state';

const MAX_BODY = 64 * 1024;

/**
 * The firm's witness as a C2SP tlog-witness HTTP server: POST /add-checkpoint. Requests are handled
 * one at a time, so checking the old size and persisting the new checkpoint are atomic.
 */
export function serveWitness(options: {
  host: string;
  port: number;
  statePath: string;
  logKey: string;
  name: string;
  secretKey: Uint8Array;
}): Promise<Server> {
  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((req, res) => {
    const answer = (a: Pick<AddCheckpointAnswer, 'status' | 'contentType' | 'body'>) =>
      res.writeHead(a.status, { 'content-type': a.contentType }).end(a.body);
    if (req.url !== '/add-checkpoint')
      return answer({ status: 404, contentType: 'text/plain', body: 'only POST /add-checkpoint\n' });
    if (req.method !== 'POST') return res.writeHead(405, { allow: 'POST' }).end();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      queue = queue
        .then(() => {
          const state = loadWitnessState(options.statePath);
          const result = addCheckpoint(Buffer.concat(chunks).toString('utf8'), state, options.logKey, options);
          if (result.state) saveWitnessState(options.statePath, result.state);
          answer(result);
        })
        .catch((error: Error) =>
          answer({ status: 500 as never, contentType: 'text/plain', body: `${error.message}\n` }),
        );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
