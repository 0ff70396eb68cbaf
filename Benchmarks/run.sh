#!/usr/bin/env bash
# Prints every DESIGN.md budget beside its measured figure (release build).
#   bash Benchmarks/run.sh            # app figures + usage at 1 M and 10 M records + billing at 100 k accounts
#   bash Benchmarks/run.sh --quick    # app figures + usage at 1 M + billing at 10 k accounts
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
for product in proxydash StartupBaseline AppBenchmark UsageBenchmark BillingBenchmark; do
  swift build -c release --static-swift-stdlib --scratch-path .build-release --product "$product" 2>&1 | tail -n 1
done
echo "Machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
.build-release/release/AppBenchmark .build-release/release/proxydash
.build-release/release/UsageBenchmark 1000000
if [ "${1:-}" != "--quick" ]; then
  .build-release/release/UsageBenchmark 10000000
  .build-release/release/BillingBenchmark 100000 10000
else
  .build-release/release/BillingBenchmark 10000 1000
fi
