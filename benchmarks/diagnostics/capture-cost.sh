#!/usr/bin/env bash
# What each part of the change capture's trigger costs the server per statement.
#
# Runs single-row INSERTs into public.meditation_history inside one transaction (no commit, no round
# trip: the server's own time per statement) with, in turn, no trigger, the library's capture
# trigger, and variants of it that each change one part, in rounds whose order rotates. Prints
# each variant's median microseconds per INSERT and what it adds to the INSERT without a trigger.
# Then one 10,000-row INSERT of one owner without a trigger, with the library's, and with its
# former DISTINCT (with-distinct): what a bulk statement pays for logging a row per changed row.
# Writers' throughput (changes.writer-cost in BENCHMARKS.md) also pays commits and round trips; this
# tells the trigger's parts apart, which throughput on a shared 2-core machine cannot.
# With a third argument, it then also runs pgbench: the same one-row INSERTs in autocommit, 1 and 8
# clients, that many seconds per mode and round, and prints each mode's commits/s against none's.
# That adds what a transaction pays once (locks on the trigger's tables, the function's search_path
# set and reset, a snapshot), which the first part, all in one transaction, pays once per run.
#
# Needs psql and pgbench's server (any PostgreSQL 14+) reachable as PGHOST/PGPORT/PGUSER (default
# 127.0.0.1:5432, postgres) and the example app (./mvnw -q -DskipTests package) for the migrations.
# Creates database inrvo_capture_cost and drops it at the end.
#
#   bash benchmarks/diagnostics/capture-cost.sh [ROUNDS (5)] [INSERTS PER RUN (20000)] [PGBENCH SECONDS (none)]
set -euo pipefail

ROUNDS=${1:-5}
INSERTS=${2:-20000}
COMMIT_SECONDS=${3:-0}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=inrvo_capture_cost
HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../../examples/target/inrvo-examples.jar"
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -q -DskipTests package first" >&2; exit 1; }

PGOPTIONS="-c client_min_messages=warning" psql -qAt -d postgres -c "drop database if exists $DB"
psql -qAt -d postgres -c "create database $DB"
trap 'psql -qAt -d postgres -c "drop database if exists $DB" >/dev/null' EXIT
INRVO_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" INRVO_DB_USER="$PGUSER" INRVO_DB_PASSWORD="${PGPASSWORD:-}" \
  java -jar "$JAR" migrate >/dev/null 2>&1
psql -qAt -d $DB -v ON_ERROR_STOP=1 -f "$HERE/capture-cost.sql"

MODES="none library with-distinct specialized no-definer-no-set definer-only set-only no-exists no-index row-trigger least-log empty transition-table-only"
ALL=${MODES#none }
rotate() { echo "${*:2} $1"; }
only() { # enables the trigger of mode $1 and disables every other
  local sql="" t
  for t in $ALL; do
    if [ "$t" = "$1" ]; then sql+="alter table public.meditation_history enable trigger \"$t\";"
    else sql+="alter table public.meditation_history disable trigger \"$t\";"; fi
  done
  psql -qAt -d $DB -c "$sql"
}
clean() {
  psql -qAt -d $DB -c "delete from public.meditation_history where prompt = 'capture-cost';
      truncate inrvo_private.cache_changes, public.capture_cost_unindexed, public.capture_cost_least"
  psql -qAt -d $DB -c "vacuum public.meditation_history"
}
summarize() { # each mode of $1: the median of its values in file $2, and its difference to none's
              # (with $3 = ratio: its ratio to none's)
  awk -v modes="$1" -v ratio="${3:-}" '
    { v[$1] = v[$1] " " $2 }
    function median(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      split(modes, m, " "); base = median(v["none"])
      for (k = 1; k in m; k++) {
        if (ratio) printf "%-24s %9.1f  %5.2fx\n", m[k], median(v[m[k]]), median(v[m[k]]) / base
        else printf "%-24s %7.1f  %+6.1f\n", m[k], median(v[m[k]]), median(v[m[k]]) - base
      }
    }' "$2"
}
elapsed_us() { # runs the PL/pgSQL statements $1 in one DO block and prints how many microseconds they took
  psql -qAt -d $DB -c "do \$\$ declare t0 timestamptz := clock_timestamp(); begin $1
      raise notice 'us %', extract(epoch from clock_timestamp() - t0) * 1e6; end \$\$" 2>&1 \
    | sed -n 's/.*NOTICE:  us //p'
}
rounds() { # MODES FILE COMMAND...: ROUNDS rounds whose mode order rotates; in each, every mode's trigger
           # alone runs COMMAND with the mode appended, whose output goes to FILE as "mode value"
  local order=$1 file=$2 round mode value
  shift 2
  for round in $(seq 1 "$ROUNDS"); do
    for mode in $order; do
      only "$mode"
      value=$("$@" "$mode")
      [ -n "$value" ] || { echo "nothing measured for $mode" >&2; exit 1; }
      echo "$mode $value" >> "$file"
      clean
    done
    order=$(rotate $order)
  done
}
in_transaction() { # STATEMENTS ROWS DIVISOR MODE: the STATEMENTS' time in us / DIVISOR; they insert ROWS rows
  local us logged
  us=$(elapsed_us "$1")
  [ -n "$us" ] || exit 1
  if [ "$4" = library ]; then # it must have logged every row, or it measured nothing
    logged=$(psql -qAt -d $DB -c "select count(*) from inrvo_private.cache_changes where t = 'meditation_history'")
    [ "$logged" = "$2" ] || { echo "the library's trigger logged $logged of $2 inserted rows" >&2; exit 1; }
  fi
  awk -v us="$us" -v d="$3" 'BEGIN { print us / d }'
}
commit_rate() { # SCRIPT CLIENTS MODE: commits/s of pgbench running SCRIPT for COMMIT_SECONDS
  pgbench -n -c "$2" -j "$2" -T "$COMMIT_SECONDS" -f "$1" $DB 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}

results=$(mktemp)
rounds "$MODES" "$results" in_transaction "for i in 1..$INSERTS loop
      insert into public.meditation_history (user_id, prompt)
        values (('00000000-0000-0000-0000-0000000000' || (10 + i % 50))::uuid, 'capture-cost');
    end loop;" "$INSERTS" "$INSERTS"
echo "server time per one-row INSERT, median of $ROUNDS round(s) of $INSERTS (us), and what the trigger adds"
summarize "$MODES" "$results"
rm -f "$results"

# A bulk statement: the library's trigger logs a row per changed row, where with-distinct logged one
# per owner. One 10,000-row INSERT of one owner per run.
bulk=$(mktemp)
BULK_MODES="none library with-distinct"
rounds "$BULK_MODES" "$bulk" in_transaction "insert into public.meditation_history (user_id, prompt)
      select '00000000-0000-0000-0000-000000000010', 'capture-cost' from generate_series(1, 10000);" 10000 1000
echo "one 10,000-row INSERT of one owner, median of $ROUNDS round(s) (ms), and what the trigger adds"
summarize "$BULK_MODES" "$bulk"
rm -f "$bulk"

# Commits: the same one-row INSERTs in autocommit through pgbench, so that each pays its transaction.
[ "$COMMIT_SECONDS" -gt 0 ] || exit 0
script=$(mktemp)
printf '%s\n' '\set n random(10, 59)' \
  "insert into public.meditation_history (user_id, prompt) values (('00000000-0000-0000-0000-0000000000' || :n)::uuid, 'capture-cost');" \
  > "$script"
COMMIT_MODES="none library definer-only set-only no-definer-no-set no-exists no-index least-log empty transition-table-only"
for clients in 1 8; do
  rates=$(mktemp)
  rounds "$COMMIT_MODES" "$rates" commit_rate "$script" "$clients"
  echo "commits/s of one-row INSERTs in autocommit, $clients client(s), median of $ROUNDS round(s) of $COMMIT_SECONDS s, and the ratio to none's"
  summarize "$COMMIT_MODES" "$rates" ratio
  rm -f "$rates"
done
rm -f "$script"
