#!/usr/bin/env bash
# Fuzzes verify-run-all's parsers and report writer with libFuzzer for a bounded time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s each, all three targets)
#
# Targets (fuzz/Sources/): FuzzCatalog (JSONConfigParser, YAMLParser, Catalog.jobs),
# FuzzArguments (RunAllCommand.options, VerifyCommand.spec, ShellQuote round trip), FuzzJUnit
# (XMLText.sanitize, JUnitWriter.render must stay well-formed). They live in a package of
# their own that depends on the main one by path, so `swift build`/`swift test` of the main
# package never builds them; they link only with -sanitize=fuzzer (ASan too; lld, because
# gold crashes on the instrumented objects).
#
# Seeds: fuzz/corpus/<target>/ (read only). New inputs go to fuzz/artifacts/corpus-<target>/,
# crashes to fuzz/artifacts/<target>-crash-*; turn each crash into a regression test. The
# last line is "N passed, N failed" (one per target) and the total executions.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCatalog FuzzArguments FuzzJUnit)

swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld 2>&1 | tail -n 3
mkdir -p artifacts

corpus_of() {
    case "$1" in
        FuzzCatalog) echo corpus/catalog ;;
        FuzzArguments) echo corpus/arguments ;;
        FuzzJUnit) echo corpus/junit ;;
        *) echo "unknown target $1" >&2; exit 2 ;;
    esac
}

passed=0
failed=0
executions=0
for target in "${targets[@]}"; do
    seeds=$(corpus_of "$target")
    work=artifacts/corpus-$target
    log=artifacts/$target.log
    mkdir -p "$work"
    status=0
    ASAN_OPTIONS=detect_leaks=0 ".build/release/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1 -artifact_prefix="artifacts/$target-" "$work" "$seeds" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    runs=${runs:-0}
    executions=$((executions + runs))
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        echo "$target: $runs executions in ${seconds}s, no crash ($(ls "$work" | wc -l) corpus entries)"
    else
        failed=$((failed + 1))
        echo "$target: FAILED after $runs executions (exit $status); see $log and artifacts/$target-*"
        grep -m 5 -E 'ERROR|failure|Fatal|precondition' "$log" || true
    fi
done
echo "fuzz: $executions executions"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
