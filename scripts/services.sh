#!/usr/bin/env bash
# Local test services, all on loopback only:
#   - PostgreSQL (Debian package + cluster tooling)     127.0.0.1:5432
#   - Apache Kafka, KRaft, combined broker+controller   127.0.0.1:9092 (controller 127.0.0.1:9093)
#   - CometBFT v0.38, 4 validators                      127.0.0.{1..4}:26657 (p2p :26656), each beside
#     its ledger app (src/evidence-chain/ledger-app, `node -r @swc-node/register src/main.ts ledger-app`,
#     run from this checkout: `npm ci` first) on 127.0.0.{1..4}:26658
#
# Usage:
#   scripts/services.sh up                 install what is missing, start everything, wait until ready
#   scripts/services.sh down               stop what `up` started (installed packages/caches stay)
#   scripts/services.sh status             one line per service / validator
#   scripts/services.sh env                print the `export` lines the tests use
#   scripts/services.sh pg-up | pg-down    only PostgreSQL; with PG_CLUSTER=name PG_PORT=5440 SERVICES_DIR=/tmp/x
#                                          a throwaway cluster beside the shared one (pgaudit tried there)
#   scripts/services.sh stop-validator N   stop CometBFT validator N (0..3; node N = 127.0.0.(N+1), home .services/cometbft/nodeN)
#   scripts/services.sh start-validator N  start CometBFT validator N (0..3) and wait for its RPC
#   scripts/services.sh kill-app N         SIGKILL validator N's ledger app (durability tests)
#   scripts/services.sh start-app N        start validator N's ledger app again
#   scripts/services.sh add-node N | remove-node N   a 5th (N=4) node with its app, syncing; validates
#                                          once governance admits it (docs/chain.md) / stop and delete it
#   scripts/services.sh chain-up | chain-down   only the CometBFT network and its apps (a second network:
#                                          CMT_IP_BASE=11 SERVICES_DIR=... -> 127.0.0.11-14; PostgreSQL/Kafka untouched)
#   scripts/services.sh kafka-run CLASS [ARGS...]
#                                          run a Kafka CLI main class with the cached jars, e.g.
#                                          kafka-run org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#
# State (pid files, logs, data, downloaded jars, built binary): ${SERVICES_DIR:-<repo>/.services}
# Wait bounds (seconds) can be overridden: WAIT_PG, WAIT_KAFKA, WAIT_COMETBFT.
# CMT_IP_BASE (default 1): validator N listens on 127.0.0.(CMT_IP_BASE + N).
# The regulator's checkpoint key (the one genesis app_state trusts) is <state>/cometbft/regulator.json;
# `env` exports it as COMETBFT_REGULATOR_KEY (the tests sign with it; the service takes it as REGULATOR_SIGNING_KEY).
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELPERS=$REPO_DIR/scripts/services
STATE=${SERVICES_DIR:-$REPO_DIR/.services}
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)
LOGS=$STATE/logs
mkdir -p "$LOGS"

export PATH="$PATH:/usr/local/go/bin:/usr/sbin:/sbin"

WAIT_PG=${WAIT_PG:-60}
WAIT_KAFKA=${WAIT_KAFKA:-120}
WAIT_COMETBFT=${WAIT_COMETBFT:-120}

# --- PostgreSQL ---
PG_HOST=127.0.0.1
PG_PORT=${PG_PORT:-5432}
# PG_CLUSTER/PG_PORT other than main/5432: a throwaway cluster for trying this script (`pg-up`).
PG_CLUSTER=${PG_CLUSTER:-main}
PG_USER=risk
PG_PASS=risk
PG_RUNTIME_USER=risk_app
PG_RUNTIME_PASS=risk_app
PG_DASHBOARD_USER=risk_dashboard
PG_DASHBOARD_PASS=risk_dashboard
PG_STATE=$STATE/postgres
DATABASE_URL="postgres://$PG_USER:$PG_PASS@$PG_HOST:$PG_PORT/postgres"

# --- Kafka ---
KAFKA_HOST=127.0.0.1
KAFKA_PORT=9092
KAFKA_CTRL_PORT=9093
KAFKA_DIR=$STATE/kafka
KAFKA_LIBS=$KAFKA_DIR/libs
KAFKA_CONF=$KAFKA_DIR/config
KAFKA_DATA=$KAFKA_DIR/data
KAFKA_LOGDIR=$KAFKA_DIR/logs
KAFKA_PID=$KAFKA_DIR/kafka.pid
KAFKA_HEAP=${KAFKA_HEAP:--Xms256m -Xmx512m}

# --- CometBFT ---
COMETBFT_VERSION=v0.38.26
COMETBFT_BIN=$STATE/bin/cometbft
CMT_DIR=$STATE/cometbft
CMT_CHAIN_ID=risk-alliance-local
CMT_N=4
CMT_RPC_PORT=26657
CMT_P2P_PORT=26656
CMT_GENESIS=$CMT_DIR/node0/config/genesis.json
CMT_IP_BASE=${CMT_IP_BASE:-1}
CMT_APP_PORT=26658
CMT_REGULATOR=$CMT_DIR/regulator.json

# ---------------------------------------------------------------- helpers

log() { printf '[services %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[services %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[services %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# show_log FILE [LINES]: dump the tail of a service log to stderr (on failures)
show_log() {
  local f=$1 n=${2:-40}
  if [ -f "$f" ]; then
    printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
    tail -n "$n" "$f" >&2 || true
    printf -- '----- end of %s -----\n' "$f" >&2
  else
    printf -- '(no log file %s)\n' "$f" >&2
  fi
}

now_ms() { date +%s%3N; }
# since_ms START_MS -> "12.3s"
since() { local d=$(( $(now_ms) - $1 )); printf '%d.%ds' $((d / 1000)) $(((d % 1000) / 100)); }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# pid_alive PIDFILE PATTERN: the pid in PIDFILE runs a command line containing PATTERN
pid_alive() {
  local f=$1 pat=$2 pid
  [ -s "$f" ] || return 1
  pid=$(cat "$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pat"
}

# no_fds CMD...: exec CMD with every fd above 2 closed, so daemons it leaves behind don't
# hold our lock file (see with_lock) or a caller's pipe open
no_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
  done
  exec "$@"
}

# start_bg PIDFILE LOGFILE CMD...: detached (own session, no tty, stdio to the log)
start_bg() {
  local pidf=$1 logf=$2
  shift 2
  printf '===== %s starting: %s\n' "$(date -Is)" "$*" >>"$logf"
  (no_fds nohup setsid "$@") </dev/null >>"$logf" 2>&1 &
  echo $! >"$pidf"
}

# stop_pid PIDFILE PATTERN NAME [TIMEOUT]: TERM, wait, then KILL
stop_pid() {
  local f=$1 pat=$2 name=$3 t=${4:-30} pid i
  if ! pid_alive "$f" "$pat"; then
    rm -f "$f"
    return 0
  fi
  pid=$(cat "$f")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < t * 10; i++)); do
    pid_alive "$f" "$pat" || break
    sleep 0.1
  done
  if pid_alive "$f" "$pat"; then
    warn "$name did not stop within ${t}s, killing"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$f"
}

APT_UPDATED=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    (no_fds apt-get update) </dev/null >>"$LOGS/apt.log" 2>&1 || { show_log "$LOGS/apt.log"; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  (no_fds apt-get install -y "$@") </dev/null >>"$LOGS/apt.log" 2>&1 || { show_log "$LOGS/apt.log"; die "apt-get install $* failed"; }
}

need_cmd() { # need_cmd CMD DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
  command -v "$1" >/dev/null 2>&1 || die "$1 still missing after installing $2"
}

with_lock() {
  exec 9>"$STATE/.lock"
  flock -w 300 9 || die "could not take $STATE/.lock (another services.sh running?)"
}

# ---------------------------------------------------------------- PostgreSQL

pg_version() {
  local d v=""
  for d in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$d" ] || continue
    d=${d%/bin/postgres}
    v=${d##*/}
  done
  # highest installed major (glob sorts 15 < 16 < 17 lexically, fine for 2-digit majors)
  echo "$v"
}

pg_cluster_status() { # -> online | down | missing
  local ver=$1 line
  line=$(pg_lsclusters -h 2>/dev/null | awk -v v="$ver" -v c="$PG_CLUSTER" '$1 == v && $2 == c') || true
  if [ -z "$line" ]; then echo missing; else echo "$line" | awk '{print $4}'; fi
}

# pgaudit's JSON lines: jsonlog writes log_filename with .json for .log.
pg_audit_log() { echo "/var/log/postgresql/postgresql-$1-$PG_CLUSTER.json"; }

pg_psql_super() { runuser -u postgres -- psql -X -q -p "$PG_PORT" -v ON_ERROR_STOP=1 "$@"; }

pg_up() {
  local t0 ver st changed=0 hba_changed=0 hba installed=0
  t0=$(now_ms)
  mkdir -p "$PG_STATE"
  ver=$(pg_version)
  if [ -z "$ver" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    # (the package's postinst may create and even start cluster <ver>/main itself)
    apt_install postgresql
    installed=1
    ver=$(pg_version)
    [ -n "$ver" ] || die "postgresql installed but no /usr/lib/postgresql/*/bin/postgres found"
  fi
  need_cmd psql postgresql-client
  need_cmd pg_isready postgresql-client
  # pgaudit logs what the dashboard role reads (docs/data-cage.md); the package only adds the library.
  [ -f "/usr/lib/postgresql/$ver/lib/pgaudit.so" ] || apt_install "postgresql-$ver-pgaudit"

  if [ "$(pg_cluster_status "$ver")" = missing ]; then
    log "postgres: creating cluster $ver/$PG_CLUSTER"
    pg_createcluster "$ver" "$PG_CLUSTER" >>"$LOGS/postgres-setup.log" 2>&1 ||
      { show_log "$LOGS/postgres-setup.log"; die "pg_createcluster $ver $PG_CLUSTER failed"; }
  fi

  # Settings go into conf.d (included at the end of Debian's postgresql.conf, so they win).
  local confdir=/etc/postgresql/$ver/$PG_CLUSTER/conf.d conf
  conf=$confdir/90-services-sh.conf
  mkdir -p "$confdir"
  grep -Eq "^[[:space:]]*include_dir[[:space:]]*=[[:space:]]*'conf.d'" "/etc/postgresql/$ver/$PG_CLUSTER/postgresql.conf" ||
    echo "include_dir = 'conf.d'" >>"/etc/postgresql/$ver/$PG_CLUSTER/postgresql.conf"
  cat >"$conf.new" <<EOF
# written by scripts/services.sh -- test-only cluster, loopback only
listen_addresses = '$PG_HOST'
port = $PG_PORT
max_connections = 200
password_encryption = 'scram-sha-256'
# Durability traded for speed: this cluster only holds throwaway test data.
# fsync/full_page_writes off means an OS crash may corrupt it (never mind: recreate);
# synchronous_commit off makes COMMIT return before its WAL is flushed.
fsync = off
synchronous_commit = off
full_page_writes = off
# pgaudit, session READ logging for the dashboard role only (ALTER ROLE $PG_DASHBOARD_USER below), as
# JSON lines in $(pg_audit_log "$ver") beside the usual log, which the cage's importer reads.
shared_preload_libraries = 'pgaudit'
pgaudit.log = 'none'
pgaudit.log_relation = on
pgaudit.log_parameter = off
logging_collector = on
log_destination = 'stderr,jsonlog'
log_directory = '/var/log/postgresql'
log_filename = 'postgresql-$ver-$PG_CLUSTER.log'
log_rotation_age = 0
log_rotation_size = 0
log_timezone = 'UTC'
log_file_mode = 0640
EOF
  chown postgres:postgres "$conf.new" 2>/dev/null || true
  if cmp -s "$conf.new" "$conf"; then
    rm -f "$conf.new"
  else
    mv "$conf.new" "$conf"
    changed=1
  fi
  # pg_lsclusters/pg_ctlcluster read the port from postgresql.conf itself
  if [ "$(pg_conftool -s "$ver" "$PG_CLUSTER" show port 2>/dev/null || true)" != "$PG_PORT" ]; then
    pg_conftool "$ver" "$PG_CLUSTER" set port "$PG_PORT"
    changed=1
  fi

  # password (scram) auth for the risk role over TCP on 127.0.0.1; first match wins in
  # pg_hba.conf, so put our line at the top unless an equivalent line is already there.
  hba=/etc/postgresql/$ver/$PG_CLUSTER/pg_hba.conf
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+(all|risk)[[:space:]]+127\.0\.0\.1/32[[:space:]]+(scram-sha-256|md5)' "$hba"; then
    sed -i '1i # added by scripts/services.sh: password auth for the test role over TCP\nhost all risk 127.0.0.1/32 scram-sha-256' "$hba"
    hba_changed=1
  fi

  st=$(pg_cluster_status "$ver")
  if [ "$st" != online ]; then
    log "postgres: starting cluster $ver/$PG_CLUSTER on $PG_HOST:$PG_PORT"
    (no_fds pg_ctlcluster "$ver" "$PG_CLUSTER" start) </dev/null >>"$LOGS/postgres-setup.log" 2>&1 || {
      show_log "$LOGS/postgres-setup.log"
      show_log "/var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log"
      die "pg_ctlcluster $ver $PG_CLUSTER start failed"
    }
    echo "$ver" >"$PG_STATE/started-by-services-sh"
  elif [ "$changed" = 1 ]; then
    log "postgres: config changed, restarting cluster $ver/$PG_CLUSTER"
    # a cluster that the package install itself started counts as ours for `down`
    [ "$installed" = 1 ] && echo "$ver" >"$PG_STATE/started-by-services-sh"
    (no_fds pg_ctlcluster "$ver" "$PG_CLUSTER" restart) </dev/null >>"$LOGS/postgres-setup.log" 2>&1 || {
      show_log "/var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log"
      die "pg_ctlcluster $ver $PG_CLUSTER restart failed"
    }
  elif [ "$hba_changed" = 1 ]; then
    (no_fds pg_ctlcluster "$ver" "$PG_CLUSTER" reload) </dev/null >>"$LOGS/postgres-setup.log" 2>&1 || true
  else
    log "postgres: cluster $ver/$PG_CLUSTER already running"
  fi

  local i ok=0
  for ((i = 0; i < WAIT_PG * 4; i++)); do
    if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 1; then ok=1; break; fi
    sleep 0.25
  done
  if [ "$ok" != 1 ]; then
    show_log "/var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log"
    die "postgres did not accept connections on $PG_HOST:$PG_PORT within ${WAIT_PG}s"
  fi

  # role risk/risk SUPERUSER (can CREATE DATABASE); only touched if the login doesn't work yet
  if [ "$(PGPASSWORD=$PG_PASS PGCONNECT_TIMEOUT=5 psql -X -tA "$DATABASE_URL" -c 'select rolsuper and rolcreatedb from pg_roles where rolname = current_user' 2>/dev/null || true)" != t ]; then
    log "postgres: creating/updating role $PG_USER"
    pg_psql_super -d postgres -c "DO \$\$BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
        CREATE ROLE $PG_USER LOGIN SUPERUSER CREATEDB PASSWORD '$PG_PASS';
      ELSE
        ALTER ROLE $PG_USER LOGIN SUPERUSER CREATEDB PASSWORD '$PG_PASS';
      END IF;
    END\$\$;" || die "could not create role $PG_USER"
  fi
  PGCONNECT_TIMEOUT=5 psql -X -q -tA "$DATABASE_URL" -c 'select 1' >/dev/null ||
    { show_log "/var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log"; die "cannot log in as $PG_USER over TCP: $DATABASE_URL"; }
  # The service's own role, apart from the tables' owner (risk, which runs the migrations): risk_app
  # is a member of risk_runtime, to which the migrations grant only what the service needs, so it
  # cannot DISABLE TRIGGER, TRUNCATE or rewrite the append-only tables (docs/operations.md, Security).
  psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "DO \$\$BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'risk_runtime') THEN CREATE ROLE risk_runtime NOLOGIN; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_RUNTIME_USER') THEN
        CREATE ROLE $PG_RUNTIME_USER LOGIN PASSWORD '$PG_RUNTIME_PASS' IN ROLE risk_runtime;
      END IF;
    END\$\$;" || die "could not create the runtime role $PG_RUNTIME_USER"
  # Grafana's own login: read-only, what it may read is granted by the migrations; pgaudit logs its reads.
  psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "DO \$\$BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_DASHBOARD_USER') THEN
        CREATE ROLE $PG_DASHBOARD_USER LOGIN PASSWORD '$PG_DASHBOARD_PASS';
      ELSE
        ALTER ROLE $PG_DASHBOARD_USER LOGIN PASSWORD '$PG_DASHBOARD_PASS';
      END IF;
    END\$\$;" -c "ALTER ROLE $PG_DASHBOARD_USER SET pgaudit.log = 'read'" -c "ALTER ROLE $PG_DASHBOARD_USER SET default_transaction_read_only = on" ||
    die "could not create the dashboard role $PG_DASHBOARD_USER"
  log "postgres: ready at $PG_HOST:$PG_PORT (cluster $ver/$PG_CLUSTER) [$(since "$t0")]"
}

pg_down() {
  local ver
  if [ -f "$PG_STATE/started-by-services-sh" ]; then
    ver=$(cat "$PG_STATE/started-by-services-sh")
    if [ "$(pg_cluster_status "$ver")" = online ]; then
      log "stopping postgres cluster $ver/$PG_CLUSTER"
      pg_ctlcluster "$ver" "$PG_CLUSTER" stop -m fast || warn "pg_ctlcluster $ver $PG_CLUSTER stop failed"
    fi
    rm -f "$PG_STATE/started-by-services-sh"
  else
    log "postgres: not started by services.sh, leaving it alone"
  fi
}

pg_status() {
  local ver st extra=""
  ver=$(pg_version)
  if [ -z "$ver" ]; then echo "postgres    down  $PG_HOST:$PG_PORT (not installed)"; return; fi
  st=$(pg_cluster_status "$ver")
  [ -f "$PG_STATE/started-by-services-sh" ] && extra=", started by services.sh"
  if [ "$st" = online ] && pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2; then
    echo "postgres    up    $PG_HOST:$PG_PORT (cluster $ver/$PG_CLUSTER$extra) $DATABASE_URL"
  else
    echo "postgres    down  $PG_HOST:$PG_PORT (cluster $ver/$PG_CLUSTER: $st)"
  fi
}

# ---------------------------------------------------------------- Kafka

kafka_java() { # kafka_java LOG4J_CONFIG JAVA_ARGS...
  local l4j=$1
  shift
  java -Djava.awt.headless=true -Dlog4j2.configurationFile="$l4j" -cp "$KAFKA_LIBS/*" "$@"
}

kafka_tool() { kafka_java "$KAFKA_CONF/log4j2-tools.properties" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$@"; }

kafka_install() {
  local sum t0
  sum=$(sha256sum "$HELPERS/kafka-pom.xml" | cut -c1-64)
  if [ -f "$KAFKA_LIBS/.pom-sha256" ] && [ "$(cat "$KAFKA_LIBS/.pom-sha256")" = "$sum" ]; then
    return 0
  fi
  t0=$(now_ms)
  need_cmd java openjdk-17-jre-headless
  need_cmd mvn maven
  log "kafka: fetching broker jars from Maven Central (scripts/services/kafka-pom.xml)"
  rm -rf "$KAFKA_LIBS.tmp"
  mvn -B -q -f "$HELPERS/kafka-pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS.tmp" -DincludeScope=runtime >"$LOGS/kafka-mvn.log" 2>&1 ||
    { show_log "$LOGS/kafka-mvn.log"; die "mvn dependency:copy-dependencies failed"; }
  rm -rf "$HELPERS/target" # maven may leave an empty target/ next to the pom
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  echo "$sum" >"$KAFKA_LIBS/.pom-sha256"
  log "kafka: $(ls "$KAFKA_LIBS"/*.jar | wc -l) jars in $KAFKA_LIBS [$(since "$t0")]"
}

kafka_write_config() {
  mkdir -p "$KAFKA_CONF" "$KAFKA_DATA" "$KAFKA_LOGDIR"
  cp "$HELPERS/log4j2-broker.properties" "$KAFKA_CONF/log4j2-broker.properties"
  cp "$HELPERS/log4j2-tools.properties" "$KAFKA_CONF/log4j2-tools.properties"
  cat >"$KAFKA_CONF/server.properties.new" <<EOF
# generated by scripts/services.sh -- single-node KRaft (broker + controller), loopback only
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CTRL_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CTRL_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
auto.create.topics.enable=true
num.partitions=4
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
delete.topic.enable=true
num.network.threads=2
num.io.threads=4
log.retention.hours=24
log.segment.bytes=67108864
EOF
  if cmp -s "$KAFKA_CONF/server.properties.new" "$KAFKA_CONF/server.properties"; then
    rm -f "$KAFKA_CONF/server.properties.new"
  else
    mv "$KAFKA_CONF/server.properties.new" "$KAFKA_CONF/server.properties"
  fi
}

kafka_pattern() { echo "kafka.Kafka $KAFKA_CONF/server.properties"; }

kafka_up() {
  local t0 cid i ok
  t0=$(now_ms)
  kafka_install
  need_cmd java openjdk-17-jre-headless
  kafka_write_config

  if pid_alive "$KAFKA_PID" "$(kafka_pattern)"; then
    log "kafka: already running (pid $(cat "$KAFKA_PID"))"
  else
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" || port_open "$KAFKA_HOST" "$KAFKA_CTRL_PORT"; then
      die "port $KAFKA_PORT or $KAFKA_CTRL_PORT on $KAFKA_HOST is already in use by a process services.sh did not start"
    fi
    if [ ! -f "$KAFKA_DATA/meta.properties" ]; then
      if [ ! -s "$KAFKA_DIR/cluster-id" ]; then
        kafka_tool kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster-id.tmp" 2>>"$LOGS/kafka-format.log" ||
          { show_log "$LOGS/kafka-format.log"; die "kafka StorageTool random-uuid failed"; }
        mv "$KAFKA_DIR/cluster-id.tmp" "$KAFKA_DIR/cluster-id"
      fi
      cid=$(tr -d '[:space:]' <"$KAFKA_DIR/cluster-id")
      log "kafka: formatting KRaft storage (cluster id $cid)"
      kafka_tool kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_CONF/server.properties" \
        >>"$LOGS/kafka-format.log" 2>&1 || { show_log "$LOGS/kafka-format.log"; die "kafka storage format failed"; }
    fi
    log "kafka: starting broker+controller on $KAFKA_HOST:$KAFKA_PORT (controller :$KAFKA_CTRL_PORT)"
    start_bg "$KAFKA_PID" "$KAFKA_LOGDIR/kafka.out" \
      java $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
      -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      -Dkafka.logs.dir="$KAFKA_LOGDIR" -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2-broker.properties" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF/server.properties"
  fi

  # 1) port answers (while the process is alive)
  ok=0
  for ((i = 0; i < WAIT_KAFKA * 4; i++)); do
    if ! pid_alive "$KAFKA_PID" "$(kafka_pattern)"; then
      show_log "$KAFKA_LOGDIR/kafka.out"
      show_log "$KAFKA_LOGDIR/server.log"
      die "kafka process exited during startup"
    fi
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then ok=1; break; fi
    sleep 0.25
  done
  if [ "$ok" != 1 ]; then
    show_log "$KAFKA_LOGDIR/server.log"
    die "kafka did not open $KAFKA_HOST:$KAFKA_PORT within ${WAIT_KAFKA}s"
  fi
  # 2) a real client gets metadata (TopicCommand --list does a metadata request)
  local deadline=$(($(date +%s) + WAIT_KAFKA))
  ok=0
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if timeout 60 java -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2-tools.properties" \
      -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_LIBS/*" \
      org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_HOST:$KAFKA_PORT" --list \
      >"$LOGS/kafka-ready.log" 2>&1; then
      ok=1
      break
    fi
    sleep 1
  done
  if [ "$ok" != 1 ]; then
    show_log "$LOGS/kafka-ready.log" 20
    show_log "$KAFKA_LOGDIR/server.log"
    die "kafka did not answer a metadata request (TopicCommand --list) within ${WAIT_KAFKA}s"
  fi
  log "kafka: ready at $KAFKA_HOST:$KAFKA_PORT [$(since "$t0")]"
}

kafka_down() {
  stop_pid "$KAFKA_PID" "$(kafka_pattern)" kafka 60
  # A broker whose pid file was lost or rewritten (an interrupted start) would outlive `down` and
  # hold the ports for the next checkout: find it by its config path, which is this directory's own.
  if pgrep -f -- "$(kafka_pattern)" >/dev/null 2>&1; then
    warn "kafka: a broker of $KAFKA_CONF was running without its pid file; killing it"
    pkill -KILL -f -- "$(kafka_pattern)" || true
    sleep 0.5
  fi
}

kafka_status() {
  if pid_alive "$KAFKA_PID" "$(kafka_pattern)" && port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    echo "kafka       up    $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_HOST:$KAFKA_CTRL_PORT, pid $(cat "$KAFKA_PID"))"
  elif pid_alive "$KAFKA_PID" "$(kafka_pattern)"; then
    echo "kafka       down  $KAFKA_HOST:$KAFKA_PORT (process $(cat "$KAFKA_PID") alive but port closed: starting?)"
  else
    echo "kafka       down  $KAFKA_HOST:$KAFKA_PORT"
  fi
}

# ---------------------------------------------------------------- CometBFT

cmt_ip() { echo "127.0.0.$(($1 + CMT_IP_BASE))"; }
cmt_home() { echo "$CMT_DIR/node$1"; }
cmt_pidf() { echo "$CMT_DIR/node$1.pid"; }
cmt_logf() { echo "$CMT_DIR/node$1.log"; }
cmt_pattern() { echo "node --home $(cmt_home "$1")"; }
cmt_rpc() { echo "http://$(cmt_ip "$1"):$CMT_RPC_PORT"; }
app_pidf() { echo "$CMT_DIR/app$1.pid"; }
app_logf() { echo "$CMT_DIR/app$1.log"; }
app_pattern() { echo "src/main.ts ledger-app"; }

# cmt_height N -> latest_block_height, or fails if the RPC doesn't answer
cmt_status_json() { curl -sf --max-time 2 "$(cmt_rpc "$1")/status"; }
cmt_height() {
  local j h
  j=$(cmt_status_json "$1") || return 1
  h=$(printf '%s' "$j" | tr -d '\n ' | sed -n 's/.*"latest_block_height":"\([0-9]*\)".*/\1/p')
  [ -n "$h" ] || return 1
  echo "$h"
}

cmt_install() {
  local t0 have=""
  [ -x "$COMETBFT_BIN" ] && have=$("$COMETBFT_BIN" version 2>/dev/null || true)
  if [ "$have" = "${COMETBFT_VERSION#v}" ]; then return 0; fi
  t0=$(now_ms)
  command -v go >/dev/null 2>&1 || die "go not found (expected /usr/local/go/bin/go); it's needed once to build cometbft $COMETBFT_VERSION"
  log "cometbft: go install github.com/cometbft/cometbft/cmd/cometbft@$COMETBFT_VERSION (takes a few minutes the first time)"
  mkdir -p "$STATE/bin"
  GOBIN=$STATE/bin go install "github.com/cometbft/cometbft/cmd/cometbft@$COMETBFT_VERSION" >"$LOGS/cometbft-go-install.log" 2>&1 ||
    { show_log "$LOGS/cometbft-go-install.log"; die "go install cometbft failed"; }
  log "cometbft: built $("$COMETBFT_BIN" version) [$(since "$t0")]"
}

# toml_apply FILE < "section<TAB>key<TAB>value" lines; section "" = top level.
# Only replaces existing keys; fails listing keys it didn't find.
toml_apply() {
  local f=$1
  awk -F'\t' -v file="$f" '
    FNR == NR { want[$1 SUBSEP $2] = $3; order[++n] = $1 SUBSEP $2; next }
    /^[ \t]*\[[^]]*\][ \t]*$/ { sec = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", sec); print; next }
    {
      line = $0
      if (match(line, /^[ \t]*[A-Za-z0-9_.-]+[ \t]*=/)) {
        k = substr(line, 1, RLENGTH - 1); gsub(/[ \t]/, "", k)
        if ((sec SUBSEP k) in want) { print k " = " want[sec SUBSEP k]; seen[sec SUBSEP k] = 1; next }
      }
      print
    }
    END {
      bad = 0
      for (i = 1; i <= n; i++) if (!(order[i] in seen)) { split(order[i], p, SUBSEP); printf "%s: key [%s] %s not found\n", file, p[1], p[2] > "/dev/stderr"; bad = 1 }
      exit bad
    }' - "$f" >"$f.tmp" && mv "$f.tmp" "$f"
}

# cmt_peers N: the persistent_peers of node N (every validator 0..CMT_N-1 but itself)
cmt_peers() {
  local j id peers=""
  for ((j = 0; j < CMT_N; j++)); do
    [ "$j" = "$1" ] && continue
    id=$("$COMETBFT_BIN" show-node-id --home "$(cmt_home "$j")" 2>/dev/null | tail -n1)
    [ -n "$id" ] || die "cometbft show-node-id failed for node$j"
    peers+="${peers:+,}$id@$(cmt_ip "$j"):$CMT_P2P_PORT"
  done
  echo "$peers"
}

cmt_configure() {
  local i
  for ((i = 0; i < CMT_N; i++)); do cmt_configure_node "$i" "$(cmt_peers "$i")"; done
}

cmt_configure_node() {
  local i=$1 peers=$2 ip cfg
  ip=$(cmt_ip "$i")
  cfg=$(cmt_home "$i")/config/config.toml
  # timeout_commit 500ms (default 1s) and timeout_propose 1s (default 3s): faster blocks,
  # and rounds whose proposer is a validator the tests stopped are skipped sooner.
  printf '%s\t%s\t%s\n' \
    "" proxy_app "\"tcp://$ip:$CMT_APP_PORT\"" \
    "" log_level '"main:info,state:info,*:error"' \
    rpc laddr "\"tcp://$ip:$CMT_RPC_PORT\"" \
    rpc pprof_laddr '""' \
    p2p laddr "\"tcp://$ip:$CMT_P2P_PORT\"" \
    p2p persistent_peers "\"$peers\"" \
    p2p addr_book_strict false \
    p2p allow_duplicate_ip true \
    consensus timeout_commit '"500ms"' \
    consensus timeout_propose '"1s"' \
    consensus create_empty_blocks true \
    instrumentation prometheus false |
    toml_apply "$cfg" || die "could not edit $cfg"
}

# add-node N (N >= CMT_N): a new full node with its app, e.g. a firm's, syncing from the validators;
# it validates once governance admits its key (docs/chain.md). remove-node N stops and deletes it.
cmt_add_node() {
  local n=${1:-} home i j catching h
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge "$CMT_N" ] || die "add-node takes an index >= $CMT_N, got '$n'"
  home=$(cmt_home "$n")
  if [ ! -f "$home/config/genesis.json" ]; then
    "$COMETBFT_BIN" init --home "$home" >>"$LOGS/cometbft-testnet.log" 2>&1 || die "cometbft init $home failed"
    cp "$CMT_GENESIS" "$home/config/genesis.json"
  fi
  cmt_configure_node "$n" "$(cmt_peers "$n")"
  app_start "$n"
  cmt_start_node "$n"
  for ((i = 0; i < WAIT_COMETBFT * 2; i++)); do
    if j=$(cmt_status_json "$n"); then
      catching=$(printf '%s' "$j" | tr -d '\n ' | sed -n 's/.*"catching_up":\([a-z]*\).*/\1/p')
      h=$(cmt_height "$n") || h=-1
      if [ "$catching" = false ] && [ "$h" -ge 1 ]; then
        log "cometbft: node$n up at $(cmt_rpc "$n"), height $h"
        return 0
      fi
    fi
    sleep 0.5
  done
  show_log "$(cmt_logf "$n")"
  die "cometbft node$n did not catch up within ${WAIT_COMETBFT}s"
}

cmt_remove_node() {
  local n=${1:-}
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge "$CMT_N" ] || die "remove-node takes an index >= $CMT_N, got '$n'"
  stop_pid "$(cmt_pidf "$n")" "$(cmt_pattern "$n")" "cometbft node$n" 20
  stop_pid "$(app_pidf "$n")" "$(app_pattern "$n")" "ledger app$n" 20
  rm -rf "$(cmt_home "$n")" "$(cmt_logf "$n")" "$(app_logf "$n")"
}

# chain_cli ARGS...: the project's `npm run chain` (needs node_modules: `npm ci` first)
chain_cli() { (cd "$REPO_DIR" && node -r @swc-node/register src/evidence-chain/ledger-app/chain.cli.ts "$@"); }

cmt_init() {
  if [ -f "$CMT_GENESIS" ] && grep -q '"members"' "$CMT_GENESIS"; then return 0; fi
  if [ -f "$CMT_GENESIS" ]; then
    # A network from before the ledger app (CometBFT's example application, no app_state): its blocks
    # cannot be replayed by the ledger app, so it is set aside and a new one created.
    cmt_down
    warn "cometbft: $CMT_DIR has no ledger app_state; moving it to $CMT_DIR.pre-ledger-app and creating a new network"
    rm -rf "$CMT_DIR.pre-ledger-app"
    mv "$CMT_DIR" "$CMT_DIR.pre-ledger-app"
  fi
  [ -d "$REPO_DIR/node_modules/cosmjs-types" ] || die "node_modules missing or stale in $REPO_DIR: run 'npm ci' before '$0 up' (the ledger app runs from the checkout)"
  log "cometbft: creating $CMT_N-validator testnet in $CMT_DIR (chain id $CMT_CHAIN_ID)"
  rm -rf "$CMT_DIR.tmp"
  "$COMETBFT_BIN" testnet --v "$CMT_N" --n 0 --o "$CMT_DIR.tmp" --starting-ip-address "$(cmt_ip 0)" \
    --p2p-port "$CMT_P2P_PORT" >"$LOGS/cometbft-testnet.log" 2>&1 ||
    { show_log "$LOGS/cometbft-testnet.log"; die "cometbft testnet failed"; }
  # `testnet` has no --chain-id flag in v0.38: set it in the (shared) genesis
  local i g
  for ((i = 0; i < CMT_N; i++)); do
    g=$CMT_DIR.tmp/node$i/config/genesis.json
    sed -i -E "s/\"chain_id\": *\"[^\"]*\"/\"chain_id\": \"$CMT_CHAIN_ID\"/" "$g"
    grep -q "\"chain_id\": \"$CMT_CHAIN_ID\"" "$g" || die "could not set chain_id in $g"
  done
  # app_state: the members (node0 the bureau, the others validator firms, operator keys in keys/)
  # and the regulator's checkpoint key, trusted for every log origin on this local network.
  local files="" pub
  for ((i = 0; i < CMT_N; i++)); do files+="${files:+,}$CMT_DIR.tmp/node$i/config/genesis.json"; done
  mkdir -p "$CMT_DIR.tmp/keys"
  chain_cli keygen --out "$CMT_DIR.tmp/regulator.json" >>"$LOGS/cometbft-testnet.log" 2>&1 || { show_log "$LOGS/cometbft-testnet.log"; die "regulator keygen failed"; }
  pub=$(sed -n 's/.*"publicKey": *"\([0-9a-f]*\)".*/\1/p' "$CMT_DIR.tmp/regulator.json")
  chain_cli genesis --genesis "$files" --keys-dir "$CMT_DIR.tmp/keys" --regulator-key "$pub" --origin '*' >>"$LOGS/cometbft-testnet.log" 2>&1 ||
    { show_log "$LOGS/cometbft-testnet.log"; die "writing the genesis app_state failed"; }
  rm -rf "$CMT_DIR"
  mv "$CMT_DIR.tmp" "$CMT_DIR"
}

app_start() {
  local n=$1 ip i
  ip=$(cmt_ip "$n")
  if pid_alive "$(app_pidf "$n")" "$(app_pattern "$n")"; then return 0; fi
  port_open "$ip" "$CMT_APP_PORT" && die "port $ip:$CMT_APP_PORT is in use by a process services.sh did not start"
  log "ledger app: starting app$n on tcp://$ip:$CMT_APP_PORT"
  start_bg "$(app_pidf "$n")" "$(app_logf "$n")" env -C "$REPO_DIR" LEDGER_APP_LISTEN="tcp://$ip:$CMT_APP_PORT" LEDGER_APP_HOME="$(cmt_home "$n")" \
    LOG_FORMAT=text node -r @swc-node/register src/main.ts ledger-app
  for ((i = 0; i < 300; i++)); do
    port_open "$ip" "$CMT_APP_PORT" && return 0
    pid_alive "$(app_pidf "$n")" "$(app_pattern "$n")" || { show_log "$(app_logf "$n")"; die "ledger app$n exited"; }
    sleep 0.1
  done
  show_log "$(app_logf "$n")"
  die "ledger app$n did not listen on $ip:$CMT_APP_PORT within 30s"
}

app_kill() {
  local n=${1:-}
  [[ $n =~ ^[0-9]+$ ]] || die "app index must be a number, got '$n'"
  if pid_alive "$(app_pidf "$n")" "$(app_pattern "$n")"; then
    kill -KILL "$(cat "$(app_pidf "$n")")"
    log "ledger app$n killed (SIGKILL)"
  fi
  rm -f "$(app_pidf "$n")"
}

cmt_start_node() {
  local n=$1 ip
  ip=$(cmt_ip "$n")
  if pid_alive "$(cmt_pidf "$n")" "$(cmt_pattern "$n")"; then
    return 0
  fi
  if port_open "$ip" "$CMT_RPC_PORT" || port_open "$ip" "$CMT_P2P_PORT"; then
    die "port $ip:$CMT_RPC_PORT or :$CMT_P2P_PORT is in use by a process services.sh did not start"
  fi
  log "cometbft: starting node$n (rpc $ip:$CMT_RPC_PORT, p2p $ip:$CMT_P2P_PORT)"
  start_bg "$(cmt_pidf "$n")" "$(cmt_logf "$n")" "$COMETBFT_BIN" node --home "$(cmt_home "$n")"
}

cmt_up() {
  local t0 i h ok deadline
  t0=$(now_ms)
  need_cmd curl curl
  cmt_install
  cmt_init
  cmt_configure
  local running=0
  for ((i = 0; i < CMT_N; i++)); do app_start "$i"; done
  for ((i = 0; i < CMT_N; i++)); do
    pid_alive "$(cmt_pidf "$i")" "$(cmt_pattern "$i")" && running=$((running + 1))
    cmt_start_node "$i"
  done
  [ "$running" = "$CMT_N" ] && log "cometbft: all $CMT_N nodes already running"
  # ready = every RPC answers, height >= 2, and the height moved while we watched
  # (after a restart the stored height is already >= 2 before consensus is live again)
  local -a first=()
  deadline=$(($(date +%s) + WAIT_COMETBFT))
  while :; do
    ok=0
    for ((i = 0; i < CMT_N; i++)); do
      if ! pid_alive "$(cmt_pidf "$i")" "$(cmt_pattern "$i")"; then
        show_log "$(cmt_logf "$i")"
        die "cometbft node$i exited"
      fi
      h=$(cmt_height "$i") || h=-1
      [ -n "${first[i]:-}" ] || first[i]=$h
      [ "$h" -ge 2 ] && [ "$h" -gt "${first[i]}" ] && ok=$((ok + 1))
    done
    [ "$ok" = "$CMT_N" ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for ((i = 0; i < CMT_N; i++)); do
        h=$(cmt_height "$i") || h="no answer"
        echo "node$i height: $h" >&2
        show_log "$(cmt_logf "$i")" 25
      done
      die "cometbft: not all $CMT_N nodes reached height >= 2 within ${WAIT_COMETBFT}s"
    fi
    sleep 0.5
  done
  log "cometbft: $CMT_N validators ready, height $(cmt_height 0) [$(since "$t0")]"
}

cmt_down() {
  local i
  for ((i = 0; i < CMT_N; i++)); do
    stop_pid "$(cmt_pidf "$i")" "$(cmt_pattern "$i")" "cometbft node$i" 20
    stop_pid "$(app_pidf "$i")" "$(app_pattern "$i")" "ledger app$i" 20
  done
}

cmt_status() {
  local i ip h
  for ((i = 0; i < CMT_N; i++)); do
    ip=$(cmt_ip "$i")
    if pid_alive "$(cmt_pidf "$i")" "$(cmt_pattern "$i")" && h=$(cmt_height "$i"); then
      echo "cometbft$i   up    $ip:$CMT_RPC_PORT rpc, $ip:$CMT_P2P_PORT p2p (height $h, pid $(cat "$(cmt_pidf "$i")"))"
    else
      echo "cometbft$i   down  $ip:$CMT_RPC_PORT rpc, $ip:$CMT_P2P_PORT p2p"
    fi
    if pid_alive "$(app_pidf "$i")" "$(app_pattern "$i")"; then
      echo "ledgerapp$i  up    $ip:$CMT_APP_PORT (pid $(cat "$(app_pidf "$i")"))"
    else
      echo "ledgerapp$i  down  $ip:$CMT_APP_PORT"
    fi
  done
}

check_validator_arg() {
  [[ ${1:-} =~ ^[0-9]+$ ]] && [ "$1" -lt "$CMT_N" ] || die "validator index must be 0..$((CMT_N - 1)), got '${1:-}'"
}

cmt_stop_validator() {
  check_validator_arg "${1:-}"
  stop_pid "$(cmt_pidf "$1")" "$(cmt_pattern "$1")" "cometbft node$1" 20
  log "cometbft: node$1 stopped"
}

cmt_start_validator() {
  local n=${1:-} i j catching h
  check_validator_arg "$n"
  [ -x "$COMETBFT_BIN" ] && [ -f "$CMT_GENESIS" ] || die "cometbft net not set up; run '$0 up' first"
  # target: the highest height another running node has now (0 if none answers)
  local target=0 k hk
  for ((k = 0; k < CMT_N; k++)); do
    [ "$k" = "$n" ] && continue
    hk=$(cmt_height "$k") || continue
    [ "$hk" -gt "$target" ] && target=$hk
  done
  if ! pid_alive "$(app_pidf "$n")" "$(app_pattern "$n")"; then
    # A node whose app died has left consensus for good: it restarts with its app (and replays to it).
    stop_pid "$(cmt_pidf "$n")" "$(cmt_pattern "$n")" "cometbft node$n" 20
  fi
  app_start "$n"
  cmt_start_node "$n"
  # RPC answers, the node is not catching up and has reached `target` (bounded)
  for ((i = 0; i < WAIT_COMETBFT * 2; i++)); do
    if ! pid_alive "$(cmt_pidf "$n")" "$(cmt_pattern "$n")"; then
      show_log "$(cmt_logf "$n")"
      die "cometbft node$n exited"
    fi
    if j=$(cmt_status_json "$n"); then
      catching=$(printf '%s' "$j" | tr -d '\n ' | sed -n 's/.*"catching_up":\([a-z]*\).*/\1/p')
      h=$(cmt_height "$n") || h=-1
      if [ "$catching" = false ] && [ "$h" -ge "$target" ]; then
        log "cometbft: node$n up at $(cmt_rpc "$n"), height $h"
        return 0
      fi
    fi
    sleep 0.5
  done
  show_log "$(cmt_logf "$n")"
  die "cometbft node$n did not answer /status with catching_up=false and height >= $target within ${WAIT_COMETBFT}s"
}

# ---------------------------------------------------------------- env / commands

env_lines() {
  local rpcs="" i
  for ((i = 0; i < CMT_N; i++)); do rpcs+="${rpcs:+,}$(cmt_rpc "$i")"; done
  cat <<EOF
export DATABASE_URL=$DATABASE_URL
export KAFKA_BROKERS=$KAFKA_HOST:$KAFKA_PORT
export COMETBFT_RPC=$rpcs
export COMETBFT_GENESIS=$CMT_GENESIS
export COMETBFT_HOME=$CMT_DIR
EOF
  if [ -s "$CMT_REGULATOR" ]; then
    echo "export COMETBFT_REGULATOR_KEY=$(sed -n 's/.*"secretKey": *"\([0-9a-f]*\)".*/\1/p' "$CMT_REGULATOR")"
  fi
}

cmd_up() {
  local t0
  t0=$(now_ms)
  with_lock
  log "state dir: $STATE"
  pg_up
  kafka_up
  cmt_up
  env_lines >"$STATE/env"
  log "all services ready [total $(since "$t0")]; env written to $STATE/env"
}

cmd_down() {
  with_lock
  cmt_down
  kafka_down
  pg_down
  log "down"
}

cmd_status() {
  pg_status
  kafka_status
  cmt_status
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) env_lines ;;
  pg-up) with_lock; pg_up ;;
  pg-down) with_lock; pg_down ;;
  stop-validator) with_lock; cmt_stop_validator "${2:-}" ;;
  start-validator) with_lock; cmt_start_validator "${2:-}" ;;
  kill-app) app_kill "${2:-}" ;;
  start-app) with_lock; check_validator_arg "${2:-}"; app_start "$2" ;;
  add-node) with_lock; cmt_add_node "${2:-}" ;;
  remove-node) with_lock; cmt_remove_node "${2:-}" ;;
  chain-up) with_lock; need_cmd curl curl; cmt_up; env_lines >"$STATE/env" ;;
  chain-down) with_lock; cmt_down ;;
  kafka-run)
    shift
    [ $# -ge 1 ] || die "usage: $0 kafka-run MAIN_CLASS [ARGS...]"
    [ -d "$KAFKA_LIBS" ] || die "kafka jars not fetched yet; run '$0 up' first"
    exec java -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2-tools.properties" \
      -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_LIBS/*" "$@"
    ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
