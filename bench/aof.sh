#!/usr/bin/env bash
# AOF throughput, Basalt against redis-server in the same run: SET, INCR and LPUSH with
# appendonly yes under appendfsync always and everysec, at -P 1 and -P 16 (bench/run.sh does the
# work; see bench/README.md). Environment: N (default 200000), POLICIES (default "always everysec").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
N="${N:-200000}"
for policy in ${POLICIES:-always everysec}; do
    echo "=== appendonly yes, appendfsync $policy"
    SERVER_ARGS="--appendonly yes --appendfsync $policy" TESTS="${TESTS:-set,incr,lpush}" N="$N" WARMUP="${WARMUP:-20000}" ./run.sh
done
