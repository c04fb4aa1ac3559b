import { sha256 } from '@noble/hashes/sha2';
import { Sha256 } from './sha256';

// Pure JS, runs anywhere (browser, deno, an auditor's laptop): the verifier depends on this one only.
export const nobleSha256: Sha256 = (data) => sha256(data);
