import { KafkaMessage } from 'kafkajs';
import { REQUIRED_KAFKA_COMPONENTS } from '../signing/http-signature';
import { SignatureRefused } from '../signing/signing.errors';
import { SubmissionSeal, SubmissionSigning } from '../signing/submission-signing.service';

export type MessageSeal =
  { ok: true; seal: SubmissionSeal & { firmId?: string } } | { ok: false; refused: SignatureRefused };

/**
 * A Kafka message may carry the same RFC 9421 signature as an HTTP push, in its headers
 * (`content-digest`, `signature-input`, `signature`), covering "content-digest" and "kafka-topic"
 * (the topic it was produced to): the value's bytes cannot be replayed to another topic. Whose
 * policy applies is known only once the record names its firm, so the intake checks that part.
 */
export async function sealMessage(
  signing: SubmissionSigning,
  topic: string,
  message: KafkaMessage,
): Promise<MessageSeal> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined)
      headers[name.toLowerCase()] = (Array.isArray(value) ? value : [value]).map(String).join(', ');
  }
  try {
    return {
      ok: true,
      seal: await signing.seal(
        {
          headers,
          body: message.value ?? Buffer.alloc(0),
          derived: { 'kafka-topic': topic },
          required: REQUIRED_KAFKA_COMPONENTS,
        },
        undefined,
      ),
    };
  } catch (error) {
    if (error instanceof SignatureRefused) return { ok: false, refused: error };
    throw error;
  }
}
