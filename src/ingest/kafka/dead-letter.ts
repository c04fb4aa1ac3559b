import { IHeaders, KafkaMessage } from 'kafkajs';

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  reason: string;
  detail: string;
}

/**
 * A dead letter keeps the original key and bytes untouched, and says in headers why it was
 * refused and where it came from, so it can be inspected, fixed and replayed.
 */
export function deadLetterMessage(letter: DeadLetter): { key: Buffer | null; value: Buffer | null; headers: IHeaders } {
  return {
    key: letter.message.key,
    value: letter.message.value,
    headers: {
      'x-dead-letter-reason': letter.reason,
      'x-dead-letter-detail': letter.detail,
      'x-source-topic': letter.topic,
      'x-source-partition': String(letter.partition),
      'x-source-offset': letter.message.offset,
      'x-dead-lettered-at': new Date().toISOString(),
    },
  };
}
