import type { JSONSchemaType } from 'ajv';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { DETAIL_KEYWORD } from '../../platform/validation/ajv';
import { bodyParser } from '../openapi/json-dto';

const MAX_NOTE = 2000;
const NOTE_DETAIL = `is required: what was done, 1 to ${MAX_NOTE} characters`;

/** POST /v1/alerts/:id/contingency-tasks/:taskId/complete body. */
export const COMPLETE_TASK_SCHEMA: JSONSchemaType<{ note: string }> = {
  type: 'object',
  required: ['note'],
  additionalProperties: false,
  properties: {
    note: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_NOTE,
      description: 'what was done (处置情况)',
      [DETAIL_KEYWORD]: NOTE_DETAIL,
    },
  },
};

const WHAT = 'task completion';
const HINT = 'send {"note": "..."}';
const parseBody = bodyParser(COMPLETE_TASK_SCHEMA, WHAT, HINT);

/** The note, trimmed. */
export function parseCompleteTaskDto(body: unknown): string {
  const note = parseBody(body).note.trim();
  // A blank note stays a hand-written check: a pattern for it would replace, in the OpenAPI
  // document, the no-control-characters pattern every free string of a body gets (openapi/contract.ts).
  if (!note)
    throw new ValidationFailed(`the ${WHAT} is not valid: ${HINT}`, [{ pointer: '/note', detail: NOTE_DETAIL }]);
  return note;
}
