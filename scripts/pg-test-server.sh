#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the store tests and prints its URL.
#
#   eval "$(scripts/pg-test-server.sh start)"   # exports TIDINGS_TEST_PG
#   cargo test -p tidings-store --features postgres
#   scripts/pg-test-server.sh stop
#
# Debian's binaries (`initdb`, `pg_ctl`: the `postgresql` package) from PATH
# or /usr/lib/postgresql/*/bin. The data directory is under the build folder
# ($CARGO_TARGET_DIR, else ./target), the server listens on 127.0.0.1 only
# at $TIDINGS_PG_PORT (default 54329) with trust authentication, and runs as
# the current user (as `postgres` when that is root, which initdb refuses).
set -euo pipefail

cmd="${1:-start}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
port="${TIDINGS_PG_PORT:-54329}"
base="$target/pg-test"

bin_dir=""
if ! command -v initdb >/dev/null 2>&1; then
    bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$bin_dir" ]; then
        echo "pg-test-server: no initdb found: apt-get install postgresql" >&2
        exit 1
    fi
    bin_dir="$bin_dir/"
fi

# initdb and the server refuse to run as root: use the postgres account then.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}
owner="$(id -un)"
if [ "$(id -u)" = 0 ]; then
    owner=postgres
fi

# As root the server runs as `postgres`, which may not be able to reach a
# build folder under a private home (/root is 0700): then the data goes to
# a folder of its own under /tmp, and we say so.
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$base"
    chown postgres "$base"
    if ! runuser -u postgres -- test -w "$base"; then
        base="${TMPDIR:-/tmp}/tidings-pg-test-$port"
        echo "pg-test-server: postgres cannot reach $target; data in $base" >&2
        mkdir -p "$base"
        chown postgres "$base"
    fi
fi
data="$base/data"
log="$base/server.log"

case "$cmd" in
start)
    mkdir -p "$base"
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "${bin_dir}initdb" -D "$data" -U "$owner" --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 || {
            cat "$base/initdb.log" >&2
            exit 1
        }
    fi
    if ! as_owner "${bin_dir}pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "${bin_dir}pg_ctl" -D "$data" -l "$log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c max_connections=200" \
            start >/dev/null || {
            cat "$log" >&2
            exit 1
        }
    fi
    echo "export TIDINGS_TEST_PG=postgres://$owner@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -f "$data/PG_VERSION" ]; then
        as_owner "${bin_dir}pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
