# Shared set-up steps for ops/up, ops/test and ops/down. Sourced, not executed.
# Everything here is idempotent: a step checks before it acts, so the scripts are safe to run again.
# Daemons are started directly (the machines have no systemd) and stopped through their pid files in .run/.
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
DB_NAME="${DB_NAME:-qlvb}"
TEST_DB_NAME="${TEST_DB_NAME:-qlvb_test}"
REDIS_PORT="${REDIS_PORT:-6379}"
PORT="${PORT:-8000}"

# What the Django settings read (an explicit environment or .env still wins over these defaults).
export DATABASE_URL="${DATABASE_URL:-postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME}"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$TEST_DB_NAME}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/0}"
export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/1}"
export SITE_PORT="${SITE_PORT:-$PORT}"
# Mail from the application (password help) goes to a local SMTP server that keeps it in .run/mail/ (a maildir).
export EMAIL_PORT="${EMAIL_PORT:-$((PORT + 25))}"
MAIL_DIR="$RUN/mail"
CLAMD_SOCKET="$RUN/clamd.sock"
export CLAMD_SOCKET

APT_PACKAGES=(
  python3 python3-venv curl ca-certificates procps
  postgresql postgresql-contrib redis-server clamav clamav-daemon clamav-freshclam
  tesseract-ocr tesseract-ocr-vie ghostscript poppler-utils gettext
  fonts-dejavu-core fonts-noto-core fonts-liberation2
  nodejs npm chromium
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  libmagic1
  libreoffice-writer-nogui libreoffice-calc-nogui
)
# A package counts as present when this command exists (e.g. a NodeSource nodejs that bundles npm:
# installing Debian's npm beside it would conflict).
declare -A APT_SATISFIED_BY=([nodejs]=node [npm]=npm [python3]=python3 [curl]=curl)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mXX\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

# stop_pidfile NAME PIDFILE [SECONDS]: TERM the process in PIDFILE, KILL it after SECONDS (default 30).
# Only ever the process named by our own pid file: never by name, never anything else.
stop_pidfile() {
  local name="$1" file="$2" wait="${3:-30}" pid
  if ! [ -f "$file" ]; then return 0; fi
  pid="$(cat "$file" 2>/dev/null || true)"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$file"
    return 0
  fi
  say "$name: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((wait * 5))); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
    sleep 0.2
  done
  warn "$name did not stop in ${wait}s; killing pid $pid"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$file"
}

ensure_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    if [ -n "${APT_SATISFIED_BY[$p]:-}" ] && command -v "${APT_SATISFIED_BY[$p]}" >/dev/null 2>&1; then continue; fi
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
    # ops/down stops PostgreSQL only when this marker says we started it.
    echo "$PG_VERSION $PG_CLUSTER" > "$RUN/postgres.started-by-us"
  fi
  for _ in $(seq 50); do as_postgres pg_isready -q -p "$PG_PORT" && break; sleep 0.2; done
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
    say "postgresql: recreating database $name"
    as_postgres env PGOPTIONS="-c client_min_messages=warning" dropdb -p "$PG_PORT" --if-exists --force "$name"
  fi
  if ! as_postgres psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1; then
    [ "$fresh" = fresh ] || say "postgresql: creating database $name"
    as_postgres createdb -p "$PG_PORT" -O "$DB_USER" "$name"
  fi
}

start_redis() {
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return; fi
  say "redis: starting on 127.0.0.1:$REDIS_PORT"
  # The pid file doubles as the "we started it" marker for ops/down.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$RUN/redis.pid" --dir "$RUN" --logfile "$RUN/redis.log" --save ""
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
  warn "redis did not answer; see $RUN/redis.log"; return 1
}

LOCAL_SIGNATURES_NOTICE="clamd: freshclam cannot reach its mirror (offline machine), so clamd runs on the small \
local signature file ops/clamav/local.hdb (EICAR test signatures only): it proves the scan path works but \
detects no real malware. On a machine with internet access, run freshclam and restart clamd."

clamav_mirror_reachable() {
  local mirror
  for mirror in $(awk '$1 == "DatabaseMirror" {print $2}' /etc/clamav/freshclam.conf 2>/dev/null) database.clamav.net; do
    timeout 5 bash -c "</dev/tcp/$mirror/443" 2>/dev/null && return 0
  done
  return 1
}

start_clamd() {
  if pid_alive "$RUN/clamd.pid" && [ "$ROOT/ops/clamav/clamd.conf.in" -nt "$RUN/clamd.conf" ]; then
    stop_pidfile clamd "$RUN/clamd.pid" 30  # its configuration changed (e.g. AlertExceedsMax): start it again
  fi
  if pid_alive "$RUN/clamd.pid" && [ -S "$CLAMD_SOCKET" ]; then
    if grep -q "^DatabaseDirectory $RUN/clamav-db$" "$RUN/clamd.conf" 2>/dev/null; then
      warn "$LOCAL_SIGNATURES_NOTICE"
    fi
    return
  fi
  local db=/var/lib/clamav
  if ! ls "$db"/main.c?d "$db"/daily.c?d >/dev/null 2>&1; then
    # freshclam takes ~40 s to give up offline: probe its mirrors first (a few seconds at most) and try
    # at most once a day.
    local tried="$RUN/freshclam.tried"
    if [ -z "$(find "$tried" -mmin -1440 2>/dev/null)" ]; then
      touch "$tried"
      if clamav_mirror_reachable; then
        say "clamd: no signature database yet; downloading it with freshclam"
        timeout 600 freshclam --quiet >/dev/null 2>&1 || true
      fi
    fi
    if ! ls "$db"/main.c?d "$db"/daily.c?d >/dev/null 2>&1; then
      # Offline machine: clamd refuses to start without signatures, so give it a small local set.
      db="$RUN/clamav-db"
      mkdir -p "$db"
      cp "$ROOT/ops/clamav/local.hdb" "$db/local.hdb"
      warn "$LOCAL_SIGNATURES_NOTICE"
    fi
  fi
  sed -e "s#@RUN@#$RUN#g" -e "s#@DB@#$db#g" "$ROOT/ops/clamav/clamd.conf.in" > "$RUN/clamd.conf"
  say "clamd: starting (socket $CLAMD_SOCKET, signatures in $db)"
  rm -f "$CLAMD_SOCKET"
  clamd -c "$RUN/clamd.conf"
  for _ in $(seq 300); do [ -S "$CLAMD_SOCKET" ] && return; sleep 0.2; done
  warn "clamd did not open its socket; see $RUN/clamd.log"; return 1
}

# A local SMTP server (aiosmtpd) on loopback that keeps every message in the maildir $MAIL_DIR instead of
# delivering it: the demo's e-mails (password reset links) are read there. Stopped through its pid file.
start_smtp() {
  if pid_alive "$RUN/smtp.pid"; then return; fi
  mkdir -p "$MAIL_DIR/cur" "$MAIL_DIR/new" "$MAIL_DIR/tmp"  # a maildir: the handler makes one only where nothing is
  say "smtp: starting aiosmtpd on 127.0.0.1:$EMAIL_PORT (mail kept in $MAIL_DIR)"
  setsid nohup "$PY" -m aiosmtpd -n -l "127.0.0.1:$EMAIL_PORT" -c aiosmtpd.handlers.Mailbox "$MAIL_DIR" \
    >"$RUN/smtp.log" 2>&1 &
  echo $! > "$RUN/smtp.pid"
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$EMAIL_PORT") 2>/dev/null && return; sleep 0.1; done
  warn "aiosmtpd did not answer on port $EMAIL_PORT; see $RUN/smtp.log"; return 1
}

stop_smtp() { stop_pidfile aiosmtpd "$RUN/smtp.pid" 10; }

# Celery worker on every queue but "exports" and "ocr", with the beat scheduler embedded (one worker only on a dev
# machine); a second worker for the long printouts of registers ("exports"): one at a time, at a lower CPU priority,
# so that logins and registrations stay fast while it works (docs/benchmarks.md); a third for reading scans ("ocr"):
# one process per core, at a lower priority, so that a batch of scans never delays the virus scan of other files
# (queue "intake", on the first worker). Detached; stopped by pid file.
start_worker() {
  if ! pid_alive "$RUN/celery.pid"; then
    say "celery: starting a worker (log $RUN/celery.log)"
    (cd "$ROOT" && "$VENV/bin/celery" -A province worker --detach --concurrency 2 -n "main@%h" \
      -Q default,intake,interop,notify,periodic --beat --schedule "$RUN/celerybeat-schedule" \
      --pidfile "$RUN/celery.pid" --logfile "$RUN/celery.log" --loglevel INFO)
  fi
  if ! pid_alive "$RUN/celery-exports.pid"; then
    say "celery: starting the exports worker (log $RUN/celery-exports.log)"
    (cd "$ROOT" && nice -n 10 "$VENV/bin/celery" -A province worker --detach --concurrency 1 -n "exports@%h" \
      -Q exports --pidfile "$RUN/celery-exports.pid" --logfile "$RUN/celery-exports.log" --loglevel INFO)
  fi
  if ! pid_alive "$RUN/celery-ocr.pid"; then
    say "celery: starting the OCR worker, one process per core (log $RUN/celery-ocr.log)"
    (cd "$ROOT" && nice -n 10 "$VENV/bin/celery" -A province worker --detach --concurrency "$(nproc)" -n "ocr@%h" \
      -Q ocr --max-tasks-per-child 50 --pidfile "$RUN/celery-ocr.pid" --logfile "$RUN/celery-ocr.log" --loglevel INFO)
  fi
  for _ in $(seq 50); do
    pid_alive "$RUN/celery.pid" && pid_alive "$RUN/celery-exports.pid" && pid_alive "$RUN/celery-ocr.pid" && return
    sleep 0.2
  done
  warn "celery did not start; see $RUN/celery.log, $RUN/celery-exports.log and $RUN/celery-ocr.log"; return 1
}

stop_worker() {
  stop_pidfile celery "$RUN/celery.pid" 60
  stop_pidfile celery-exports "$RUN/celery-exports.pid" 60
  stop_pidfile celery-ocr "$RUN/celery-ocr.pid" 120
}

# gunicorn on loopback, daemonised; logs and pid file in .run/.
start_web() {
  if pid_alive "$RUN/gunicorn.pid"; then return; fi
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
    die "port $PORT is already taken by a process ops/up did not start; stop it or choose another: PORT=8001 ./ops/up"
  fi
  say "gunicorn: starting on 127.0.0.1:$PORT (logs $RUN/gunicorn.log, $RUN/gunicorn-access.log)"
  (cd "$ROOT" && "$VENV/bin/gunicorn" -c python:province.gunicorn province.wsgi -b "127.0.0.1:$PORT" --daemon \
    --workers "${WEB_WORKERS:-3}" --pid "$RUN/gunicorn.pid" \
    --error-logfile "$RUN/gunicorn.log" --access-logfile "$RUN/gunicorn-access.log" --capture-output)
  for _ in $(seq 100); do pid_alive "$RUN/gunicorn.pid" && return; sleep 0.1; done
  warn "gunicorn did not start; see $RUN/gunicorn.log"; return 1
}

stop_web() { stop_pidfile gunicorn "$RUN/gunicorn.pid" 30; }

# wait_http HOST PATH: the status code of http://127.0.0.1:$PORT/PATH for Host HOST, waiting up to 30 s
# for the server to answer at all.
wait_http() {
  local host="$1" path="$2" code=000
  for _ in $(seq 60); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: $host" "http://127.0.0.1:$PORT$path" || true)"
    [ "$code" != 000 ] && break
    sleep 0.5
  done
  echo "$code"
}

check_tesseract() {
  tesseract --list-langs 2>/dev/null | grep -qx vie || { warn "tesseract has no Vietnamese (vie) data"; return 1; }
}

manage() { (cd "$ROOT" && "$PY" manage.py "$@"); }

# Vietnamese translations: .po files are committed, .mo files are built here (compilemessages refuses to run
# when the project has no translation catalogue yet).
compile_messages() {
  if find "$ROOT" \( -path "$VENV" -o -path "$ROOT/node_modules" -o -path "$ROOT/.git" \) -prune -o -name '*.po' -print \
    | grep -q .; then
    manage compilemessages --ignore .venv --ignore node_modules -v 0
  fi
}

setup_common() {
  ensure_apt
  ensure_python
  ensure_npm
  start_postgres
  start_redis
  start_clamd
  check_tesseract
  compile_messages
}
