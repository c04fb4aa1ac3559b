#!/usr/bin/env bash
# Fails when the entities and the migrations disagree (TypeORM would generate a migration), and
# proves every migration's `down` by reverting all of them and applying them again.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/services.sh env)"
admin_url="$DATABASE_URL"
db="risk_migration_check"
psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
export DATABASE_URL="${admin_url%/*}/$db"
typeorm=(node -r @swc-node/register node_modules/typeorm/cli.js)
node -r @swc-node/register src/main.ts migrate
"${typeorm[@]}" migration:generate src/platform/database/migrations/drift -d src/platform/database/data-source.ts --check --dr
count=$(ls src/platform/database/migrations/*.ts | wc -l)
for _ in $(seq "$count"); do "${typeorm[@]}" migration:revert -d src/platform/database/data-source.ts >/dev/null; done
left=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM schema_migrations")
[ "$left" = 0 ] || { echo "migration down left $left applied" >&2; exit 1; }
node -r @swc-node/register src/main.ts migrate >/dev/null
psql "$admin_url" -qc "DROP DATABASE $db WITH (FORCE)"
echo "migrations: no drift; all $count reverted and re-applied"
