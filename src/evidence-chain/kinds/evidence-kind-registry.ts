import type { Provider } from '@nestjs/common';
import { DomainError } from '../../platform/errors/domain-error';
import type { EvidenceKind, Rehasher } from './evidence-kind';

/** A kind the registry will not take: the service refuses to start rather than log leaves it cannot check. */
export class EvidenceKindRefused extends DomainError {
  readonly code = 'evidence_kind_refused';
}

const KIND_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * 存证类型登记: every kind of evidence leaf the service writes, each with its re-hasher. Built once
 * at start-up from the features' registrations; a kind without a re-hasher, a malformed name or a
 * kind registered twice is refused there.
 */
export class EvidenceKindRegistry {
  private readonly byName = new Map<string, EvidenceKind>();

  constructor(kinds: readonly EvidenceKind[]) {
    for (const kind of kinds) {
      const name = String(kind?.name);
      if (!KIND_NAME.test(name))
        throw new EvidenceKindRefused(`evidence kind "${name}" is not a lower snake case name`);
      if (typeof kind.rehasher !== 'function')
        throw new EvidenceKindRefused(
          `evidence kind ${name} has no re-hasher: the tamper scan could not check its leaves`,
        );
      if (this.byName.has(name)) throw new EvidenceKindRefused(`evidence kind ${name} is registered twice`);
      this.byName.set(name, kind);
    }
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): EvidenceKind | undefined {
    return this.byName.get(name);
  }

  rehasherOf(name: string): Rehasher | undefined {
    return this.byName.get(name)?.rehasher;
  }
}

/** The registry as a provider: built (and refusing) while the application starts. */
export function evidenceKindRegistryProvider(kinds: readonly EvidenceKind[]): Provider {
  return { provide: EvidenceKindRegistry, useFactory: () => new EvidenceKindRegistry(kinds) };
}
