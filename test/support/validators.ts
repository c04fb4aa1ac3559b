import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const SERVICES = path.resolve(__dirname, '..', '..', 'scripts', 'services.sh');

/** Stops validator N (0-3) of the local alliance chain; fault tests only. */
export function stopValidator(n: number): void {
  execFileSync('bash', [SERVICES, 'stop-validator', String(n)], { stdio: 'pipe' });
}

/** Starts validator N again and waits until it has caught up. */
export function startValidator(n: number): void {
  execFileSync('bash', [SERVICES, 'start-validator', String(n)], { stdio: 'pipe', timeout: 120_000 });
}

/** SIGKILLs validator N's ledger app (its CometBFT node stops consensus until both are restarted). */
export function killLedgerApp(n: number): void {
  execFileSync('bash', [SERVICES, 'kill-app', String(n)], { stdio: 'pipe' });
}

/** Starts node N (>= 4, e.g. a firm's) with its ledger app and waits until it has synced; not yet a validator. */
export function addNode(n: number): void {
  execFileSync('bash', [SERVICES, 'add-node', String(n)], { stdio: 'pipe', timeout: 180_000 });
}

/** Stops node N (>= 4) and deletes its home. */
export function removeNode(n: number): void {
  execFileSync('bash', [SERVICES, 'remove-node', String(n)], { stdio: 'pipe', timeout: 60_000 });
}
