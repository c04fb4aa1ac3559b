// Which identity number a party must carry: a natural person a resident id (GB 11643), a legal
// person a unified social credit code (GB 32100). Messages never repeat the number itself.
import { creditCodeProblem, describeCreditCodeProblem } from '../../firms/credit-code';
import { describeResidentIdProblem, residentIdProblem } from './resident-id';

export type PartyType = 'natural_person' | 'legal_person';

/** null when the id fits the party type, otherwise a sentence saying why not. */
export function personIdProblem(type: PartyType, id: string): string | null {
  if (type === 'natural_person') {
    const problem = residentIdProblem(id);
    return problem ? `is a natural person's resident id and ${describeResidentIdProblem(problem)}` : null;
  }
  const problem = creditCodeProblem(id);
  return problem ? `is a legal person's unified social credit code and ${describeCreditCodeProblem(problem)}` : null;
}

/** For a person of unknown type (court subjects): valid as either kind of id. */
export function anyPersonIdProblem(id: string): string | null {
  if (residentIdProblem(id) === null || creditCodeProblem(id) === null) return null;
  return personIdProblem(/^[0-9]{17}[0-9X]$/.test(id) ? 'natural_person' : 'legal_person', id);
}
