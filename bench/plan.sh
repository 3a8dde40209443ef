#!/usr/bin/env bash
# The port proxy planner at scale, natively, optimised and without sanitizers:
# builds build/bench-native (Release) and runs bench/pp_plan.c.
# Usage: bench/plan.sh [N] [RUNS]   (defaults 10000 20)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build/bench-native" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build/bench-native" --target bench_pp_plan >/dev/null
"$root/build/bench-native/bin/bench_pp_plan" "${1:-10000}" "${2:-20}"
