import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** What a firm's witness remembers: the last checkpoint it verified (and cosigned) and the log key it pinned. */
export interface WitnessState {
  origin: string;
  treeSize: number;
  rootHash: string; // hex
  /** the log's note verifier key (vkey), pinned on first use or given by flag */
  logKey: string;
  /** the checkpoint note as cosigned */
  note: string;
  cosignedAt: string;
}

export function loadWitnessState(path: string): WitnessState | null {
  if (!existsSync(path)) return null;
  const state = JSON.parse(readFileSync(path, 'utf8')) as WitnessState;
  if (
    typeof state.origin !== 'string' ||
    !Number.isSafeInteger(state.treeSize) ||
    !/^[0-9a-f]{64}$/.test(state.rootHash) ||
    typeof state.logKey !== 'string'
  ) {
    throw new Error(`${path} is not a witness state file (origin, treeSize, rootHash, logKey)`);
  }
  return state;
}

/** Written to a temporary file and renamed: a crash leaves the old state or the new one, never half. */
export function saveWitnessState(path: string, state: WitnessState): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
