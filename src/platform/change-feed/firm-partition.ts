import { Partitioners, type PartitionMetadata } from 'kafkajs';

const partitioner = Partitioners.DefaultPartitioner();
const metadata = new Map<number, PartitionMetadata[]>();

/**
 * The partition a message keyed by `key` lands on among `partitions`: the producer's own (Java-
 * compatible murmur2) partitioner, so a consumer knows which firms its partitions hold.
 */
export function partitionOf(key: string, partitions: number): number {
  let meta = metadata.get(partitions);
  if (!meta) {
    meta = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    metadata.set(partitions, meta);
  }
  return partitioner({ topic: '', partitionMetadata: meta, message: { key, value: null } });
}
