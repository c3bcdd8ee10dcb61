#!/usr/bin/env bash
# Stops the web server that setup.sh started (PostgreSQL, the code and the data stay).
#
#   tools/moodle/stop.sh [--run-dir /work/moodle-run] [--postgres]
#
# --postgres also stops the PostgreSQL cluster.
set -euo pipefail

run="${MOODLE_RUN:-/work/moodle-run}"
postgres=0
while [ $# -gt 0 ]; do
    case "$1" in
        --run-dir) run="$2"; shift 2 ;;
        --postgres) postgres=1; shift ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "stop.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

pidfile="$run/php-server.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    pid="$(cat "$pidfile")"
    # setup.sh starts the server in its own process group: this ends it and its workers.
    kill -- "-$pid" 2>/dev/null || kill "$pid"
    for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    echo "web server (pid $pid) stopped"
else
    echo "no web server running from $run"
fi
rm -f "$pidfile"

if [ "$postgres" = 1 ]; then
    # shellcheck disable=SC2046
    pg_ctlcluster $(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}') stop
    echo "PostgreSQL stopped"
fi
