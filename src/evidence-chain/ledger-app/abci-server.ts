import { Logger } from '@nestjs/common';
import * as net from 'node:net';
import { Request, Response } from 'cosmjs-types/tendermint/abci/types';
import { encodeFrame, FrameReader } from './abci-framing';
import { LedgerApp } from './ledger-app';

/**
 * The ABCI socket server: CometBFT opens four connections (consensus, mempool, query, snapshot)
 * and on each sends length-prefixed Requests, expecting Responses in the same order. Each
 * connection is served strictly in order; a handler that throws answers `exception` and closes
 * the connection, which stops CometBFT rather than letting it go on with a diverged app.
 */
export function startAbciServer(app: LedgerApp, host: string, port: number): Promise<net.Server> {
  const logger = new Logger('AbciServer');
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const reader = new FrameReader();
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (chunk) => {
      let frames: Uint8Array[];
      try {
        frames = reader.push(chunk);
      } catch (error) {
        logger.error(`bad ABCI frame: ${(error as Error).message}`);
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        queue = queue.then(async () => {
          if (socket.destroyed) return;
          let response: Response;
          try {
            response = await handle(app, Request.decode(frame));
          } catch (error) {
            logger.error(`ABCI request failed: ${(error as Error).stack ?? error}`);
            socket.end(
              encodeFrame(
                Response.encode(Response.fromPartial({ exception: { error: (error as Error).message } })).finish(),
              ),
            );
            return;
          }
          socket.write(encodeFrame(Response.encode(response).finish()));
        });
      }
    });
    socket.on('error', (error) => logger.warn(`ABCI connection: ${error.message}`));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function handle(app: LedgerApp, req: Request): Promise<Response> {
  if (req.echo) return Response.fromPartial({ echo: { message: req.echo.message } });
  if (req.flush) return Response.fromPartial({ flush: {} });
  if (req.info) return Response.fromPartial({ info: app.info(req.info) });
  if (req.initChain) return Response.fromPartial({ initChain: app.initChain(req.initChain) });
  if (req.checkTx) return Response.fromPartial({ checkTx: app.checkTx(req.checkTx) });
  if (req.prepareProposal) return Response.fromPartial({ prepareProposal: app.prepareProposal(req.prepareProposal) });
  if (req.processProposal) return Response.fromPartial({ processProposal: app.processProposal(req.processProposal) });
  if (req.finalizeBlock) return Response.fromPartial({ finalizeBlock: app.finalizeBlock(req.finalizeBlock) });
  if (req.commit) return Response.fromPartial({ commit: await app.commit() });
  if (req.query) return Response.fromPartial({ query: await app.query(req.query) });
  // No vote extensions and no state sync: empty answers.
  if (req.extendVote) return Response.fromPartial({ extendVote: { voteExtension: new Uint8Array(0) } });
  if (req.verifyVoteExtension) return Response.fromPartial({ verifyVoteExtension: { status: 1 } });
  if (req.listSnapshots) return Response.fromPartial({ listSnapshots: { snapshots: [] } });
  if (req.offerSnapshot) return Response.fromPartial({ offerSnapshot: { result: 2 } }); // ABORT
  if (req.loadSnapshotChunk) return Response.fromPartial({ loadSnapshotChunk: { chunk: new Uint8Array(0) } });
  if (req.applySnapshotChunk) return Response.fromPartial({ applySnapshotChunk: { result: 2 } }); // ABORT
  throw new Error('unknown ABCI request');
}
