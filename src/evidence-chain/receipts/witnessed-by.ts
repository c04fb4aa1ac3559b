import { DataSource } from 'typeorm';
import { WitnessedBy } from '../verifier/receipt';

/**
 * "Witnessed by": for each firm, its first cosignature on a checkpoint of `origin` that covers leaf
 * `leafIndex` (tree size > index). A cosigner verified that checkpoint extends every one it saw before.
 */
export async function witnessedBy(
  db: DataSource,
  origin: string,
  leafIndex: number,
  limit = 50,
): Promise<WitnessedBy[]> {
  const rows: Array<WitnessedBy & { cosignedAt: Date }> = await db.query(
    `SELECT firm, "keyId", "treeSize", "rootHash", "cosignedAt", cosignature FROM (
       SELECT DISTINCT ON (c.firm_id) f.credit_code AS firm, c.key_id AS "keyId", c.tree_size::int AS "treeSize", encode(c.root_hash, 'hex') AS "rootHash",
              c.cosigned_at AS "cosignedAt", c.event->>'cosignature' AS cosignature
         FROM firm_cosignatures c JOIN firms f ON f.id = c.firm_id
        WHERE c.origin = $1 AND c.tree_size > $2 ORDER BY c.firm_id, c.tree_size, c.id
     ) w ORDER BY "treeSize", firm LIMIT $3`,
    [origin, leafIndex, limit],
  );
  return rows.map((r) => ({ ...r, cosignedAt: new Date(r.cosignedAt).toISOString() }));
}
