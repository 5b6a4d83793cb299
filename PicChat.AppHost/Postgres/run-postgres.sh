#!/usr/bin/env bash
# Runs a private PostgreSQL server in the foreground, as the AppHost's `postgres` resource.
#   run-postgres.sh BIN_DIR ROOT PORT MAX_STOP_WAIT_SECONDS
# ROOT holds the password file (written by the AppHost), data/ (created by initdb on first run), run/ (the
# server's socket) and postgres.log. Why a wrapper rather than the server itself:
# - postgres refuses to run as root: when the AppHost is root the server runs as the `postgres` OS user, through
#   setpriv, which execs (runuser would fork, and it SIGKILLs its child two seconds after a SIGTERM);
# - a stop request (SIGTERM or SIGINT) becomes postgres' fast shutdown, and is waited for, so the data folder is
#   always shut down cleanly;
# - after a stop request the server stays up while clients are still connected (at most MAX_STOP_WAIT_SECONDS):
#   the orchestrator stops every resource at once, and silos still need the database to leave the membership
#   table cleanly as they shut down.
set -euo pipefail
bin=$1 root=$2 port=$3 max_wait=${4:-5}
data=$root/data sockets=$root/run

# One server per data folder: a second AppHost on the same folder would otherwise stop the first one's server.
exec 9>"$root/apphost.lock"
if ! flock -n 9; then
  echo "another PicChat AppHost is running on $root; stop it first, or give this one its own PicChat:DataDirectory and ports" >&2
  exit 1
fi

as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres: "$root"
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env --)
fi

if [ ! -f "$data/PG_VERSION" ]; then
  echo "initializing a new database cluster in $data"
  "${as_postgres[@]}" "$bin/initdb" -D "$data" -U postgres --pwfile="$root/password" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --no-locale >/dev/null
fi

# A server left running by an AppHost that was killed outright still holds the data folder: stop it first.
if [ -f "$data/postmaster.pid" ] && "${as_postgres[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  echo "stopping a server left running by an earlier AppHost"
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null
fi

mkdir -p "$sockets"
[ "$(id -u)" -ne 0 ] || chown postgres: "$sockets"

# Its own session, so that a signal to the AppHost's process group reaches only this wrapper.
setsid "${as_postgres[@]}" "$bin/postgres" -D "$data" -p "$port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$sockets" -c max_connections=200 -c timezone=UTC \
  -c logging_collector=off -c log_min_messages=warning 9>&- &
server=$!

psql=$bin/psql
[ -x "$psql" ] || psql=psql
clients() {
  PGPASSWORD=$(cat "$root/password") "$psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc \
    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()" 2>/dev/null || echo 0
}

stop() {
  trap '' TERM INT
  echo "stop requested: waiting up to ${max_wait}s for clients to disconnect"
  local deadline=$((SECONDS + max_wait))
  while [ "$SECONDS" -lt "$deadline" ] && [ "$(clients)" != "0" ]; do
    sleep 0.25
  done
  echo "fast shutdown ($(clients) clients left)"
  kill -INT "$server" 2>/dev/null || true
}
trap stop TERM INT

# `wait` returns early when a signal runs the trap; go on waiting until the server itself has exited, then
# pass on its exit status (bash remembers it for a job already waited for).
while kill -0 "$server" 2>/dev/null; do
  wait "$server" || true
done
wait "$server"
