#!/usr/bin/env bash
# The audit ledger at fleet scale, alone: N rows (BENCH_LEDGER_ROWS, default 100 million) over 30
# daily partitions in a database of its own, generated afresh; jti lookups, filtered first pages,
# 7 days of activity from the hourly rollup, the retention drop of one day, disk per million rows;
# then the group-commit writer's sustained rate (hash chain and rollup included) into that ledger.
# 100 million rows take about 45 GB of disk and a long while to generate: try 10 million first.
#
#   BENCH_LEDGER_ROWS=10000000 bench/ledger.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${BENCH_LEDGER_ROWS:-100000000}
DURATION=${BENCH_DURATION:-15}
WORK=bench/target/ledger
mkdir -p "$WORK"
if ! pg_isready -h localhost -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
fi
mvn -B -q -DskipTests package -pl bench -am
CP="bench/target/sigil-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
RESULTS="$WORK/results.txt"
java -cp "$CP" dev.sigil.bench.AuditQueryBenchmark "$ROWS" | tee "$WORK/ledger.txt" | grep -E '^(QUERY|DISK|DROP)' > "$RESULTS"
java -cp "$CP" dev.sigil.issuer.audit.AuditWriterBenchmark \
  "jdbc:postgresql://localhost:5432/sigil_bench_ledger_$ROWS?currentSchema=sigil" postgres "$DURATION" 64 \
  | grep '^LEDGER' >> "$RESULTS"
java -cp "$CP" dev.sigil.bench.ResultTable "$RESULTS"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(psql -V)"
echo "Plans: $WORK/ledger.txt"
