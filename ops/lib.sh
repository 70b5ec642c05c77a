# Shared set-up steps for ops/up and ops/test. Sourced, not executed.
# Everything here is idempotent: a step checks before it acts, so the scripts are safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"            # pid files, logs, sockets, clamd signatures: never committed
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
mkdir -p "$RUN"

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
PG_PORT="${PG_PORT:-5432}"
DB_USER="${DB_USER:-qlvb}"
DB_PASSWORD="${DB_PASSWORD:-qlvb}"
REDIS_PORT="${REDIS_PORT:-6379}"

APT_PACKAGES=(
  postgresql postgresql-contrib redis-server clamav clamav-daemon
  tesseract-ocr tesseract-ocr-vie ghostscript poppler-utils gettext
  fonts-dejavu-core fonts-noto-core fonts-liberation2
  nodejs npm chromium
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

ensure_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "apt: installing ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

ensure_python() {
  if [ ! -x "$PY" ]; then
    say "python: creating .venv"
    python3.11 -m venv "$VENV" 2>/dev/null || python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.installed"
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] || [ "$ROOT/requirements.lock" -nt "$stamp" ]; then
    say "pip: installing the project and its pinned dependencies"
    "$PY" -m pip install -q --upgrade pip
    "$PY" -m pip install -q -c "$ROOT/requirements.lock" -e "$ROOT[dev]"
    touch "$stamp"
  fi
}

ensure_npm() {
  local stamp="$ROOT/node_modules/.installed"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    say "npm: installing front-end libraries from the npm registry"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
}

start_postgres() {
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$PG_VERSION $PG_CLUSTER$"; then
    say "postgresql: creating cluster $PG_VERSION/$PG_CLUSTER"
    as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT"
  fi
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
    say "postgresql: starting $PG_VERSION/$PG_CLUSTER"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
    touch "$RUN/postgres.started-by-us"
  fi
  as_postgres psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END \$\$;
SQL
}

# ensure_database NAME [fresh]: create the database owned by the app role; "fresh" drops it first.
ensure_database() {
  local name="$1" fresh="${2:-}"
  if [ "$fresh" = fresh ]; then
    as_postgres dropdb -p "$PG_PORT" --if-exists --force "$name"
  fi
  if ! as_postgres psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1; then
    say "postgresql: creating database $name"
    as_postgres createdb -p "$PG_PORT" -O "$DB_USER" "$name"
  fi
}

start_redis() {
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return; fi
  say "redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$RUN/redis.pid" --dir "$RUN" --logfile "$RUN/redis.log" --save ""
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
  warn "redis did not answer"; return 1
}

CLAMD_SOCKET="$RUN/clamd.sock"
start_clamd() {
  if pid_alive "$RUN/clamd.pid" && [ -S "$CLAMD_SOCKET" ]; then return; fi
  local db=/var/lib/clamav
  if ! ls "$db"/main.c?d "$db"/daily.c?d >/dev/null 2>&1; then
    # freshclam takes ~40 s to give up offline: try at most once a day.
    local tried="$RUN/freshclam.tried"
    if [ -z "$(find "$tried" -mmin -1440 2>/dev/null)" ]; then
      say "clamd: trying freshclam for signatures"
      touch "$tried"
      timeout 90 freshclam --quiet >/dev/null 2>&1 || true
    fi
    if ! ls "$db"/main.c?d "$db"/daily.c?d >/dev/null 2>&1; then
      # Offline machine: clamd refuses to start without signatures, so give it a small local set.
      db="$RUN/clamav-db"
      mkdir -p "$db"
      cp "$ROOT/ops/clamav/local.hdb" "$db/local.hdb"
      warn "clamd: freshclam cannot reach its mirror; starting with the small local signature file ops/clamav/local.hdb (EICAR test signatures only)"
    fi
  fi
  sed -e "s#@RUN@#$RUN#g" -e "s#@DB@#$db#g" "$ROOT/ops/clamav/clamd.conf.in" > "$RUN/clamd.conf"
  say "clamd: starting (socket $CLAMD_SOCKET)"
  rm -f "$CLAMD_SOCKET"
  clamd -c "$RUN/clamd.conf"
  for _ in $(seq 300); do [ -S "$CLAMD_SOCKET" ] && return; sleep 0.2; done
  warn "clamd did not open its socket; see $RUN/clamd.log"; return 1
}

# Celery worker on every queue, detached, stopped by ops/down through its pid file.
start_worker() {
  if pid_alive "$RUN/celery.pid"; then return; fi
  say "celery: starting a worker"
  (cd "$ROOT" && "$VENV/bin/celery" -A province worker --detach --concurrency 2 \
    -Q default,intake,ocr,interop,notify,periodic \
    --pidfile "$RUN/celery.pid" --logfile "$RUN/celery.log" --loglevel INFO)
}

check_tesseract() {
  tesseract --list-langs 2>/dev/null | grep -qx vie || { warn "tesseract has no Vietnamese (vie) data"; return 1; }
}

setup_common() {
  ensure_apt
  ensure_python
  ensure_npm
  start_postgres
  start_redis
  start_clamd
  check_tesseract
  export CLAMD_SOCKET
  (cd "$ROOT" && "$PY" manage.py compilemessages --ignore .venv --ignore node_modules -v 0)
}
