#!/usr/bin/env bash
# The BenchmarkDotNet micro-benchmarks of the pure hot paths (point → grid, working-day deadlines, plate
# normalisation and fuzzy matching, message serialisation), run in Release on this machine; rewrites
# docs/performance-micro.md. Called by ops/bench.sh --micro.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
root="$(ops_root)"
cd "$root"

out="$root/ops/bench/out/micro"
rm -rf "$out"
mkdir -p "$out"

log "building the micro-benchmarks (Release)"
dotnet build ops/bench/Hanan.Ops.MicroBench/Hanan.Ops.MicroBench.csproj -c Release -nologo -v quiet >/dev/null

log "running BenchmarkDotNet (1 launch, 3 warm-up and 10 measured iterations per benchmark)"
dotnet ops/bench/Hanan.Ops.MicroBench/bin/Release/net10.0/Hanan.Ops.MicroBench.dll \
  --filter '*' --launchCount 1 --warmupCount 3 --iterationCount 10 --buildTimeout 900 --exporters github --artifacts "$out" \
  | grep -E '^// \*\*\*\*\* (Found|BenchmarkRunner: Finish)|^\| |Run time' || true

doc="$root/docs/performance-micro.md"
{
  echo "# Micro-benchmarks"
  echo
  echo "Written by \`ops/bench.sh --micro\` on $(date -u +%Y-%m-%d). BenchmarkDotNet $(sed -n 's/.*Include="BenchmarkDotNet" Version="\([^"]*\)".*/\1/p' Directory.Packages.props), Release build,"
  echo "one launch, 3 warm-up and 10 measured iterations per benchmark; *Mean* is per operation, *Allocated* is managed"
  echo "memory per operation. Machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) logical CPUs,"
  echo "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version)."
  echo
  echo "Each class measures its baseline in the same run (the row marked *baseline*, Ratio 1.00): the plain way to do the"
  echo "same job, so *Ratio* says what the project's own code buys. Classes with two jobs compare each job with its own"
  echo "baseline (the *Categories* column)."
  echo
  echo "| Benchmark class | Measures | Baseline |"
  echo "|---|---|---|"
  echo "| \`DistrictLookupBenchmarks\` | \`DistrictMap.Locate\`: point → grid on the demo district's 449 grids (STR-tree, then point-in-polygon), points spread over the bounding box | every grid's \`Polygon.Covers\` in turn, no index |"
  echo "| \`DeadlineBenchmarks\` | working-day arithmetic on the 2026 official calendar: \`AddWorkingDays\` and a whole \`DeadlineSchedule\` (warning, due, 督办, leaders) for \`5wd\` and \`2wh\` limits from starts spread over the year | a week of calendar days (\`TimeZoneInfo\` + \`AddDays\`): no holidays, no office hours |"
  echo "| \`PlateBenchmarks\` | GA 36 plate normalisation and validation of messy written forms; a low-confidence read matched one edit away against 50,000 known plates | parse: NFKC + upper case + a GA 36 regular expression; match: a scan of all 50,000 plates |"
  echo "| \`MessageSerializationBenchmarks\` | \`CaseActivity\`, the message published for every change of every case: Orleans binary serialisation both ways, and the JSON SignalR sends | System.Text.Json, each direction |"
  echo
  for f in "$out"/results/*-report-github.md; do
    [ -e "$f" ] || die "BenchmarkDotNet wrote no report in $out/results"
    echo "## $(basename "$f" -report-github.md | sed 's/^Hanan\.Ops\.MicroBench\.//')"
    echo
    # Keep the table only: BenchmarkDotNet's environment block is summarised above.
    sed -n '/^|/p' "$f" | sed "s/&#39;/'/g"
    echo
  done
  echo "## Reproduce"
  echo
  echo '```bash'
  echo 'ops/bench.sh --micro'
  echo '```'
} >"$doc"
log "done: docs/performance-micro.md"
