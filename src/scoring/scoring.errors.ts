import { NotFound, ValidationFailed, type FieldProblem } from '../platform/errors/domain-error';

/** A rule pack file that does not parse or validate; each problem names the rule id and field. */
export class RulePackInvalid extends ValidationFailed {
  constructor(source: string, problems: FieldProblem[]) {
    super(`rule pack ${source} is invalid: ${problems.map((p) => `${p.pointer}: ${p.detail}`).join('; ')}`, problems);
  }
}

export class ModelVersionNotFound extends NotFound {
  constructor(dir: string) {
    super(`no model artifacts (model.json, weights.bin, metadata.json) in ${dir}`);
  }
}

export class ModelArtifactInvalid extends ValidationFailed {
  constructor(dir: string, detail: string) {
    super(`model artifacts in ${dir} are invalid: ${detail}`);
  }
}
