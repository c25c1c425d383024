#!/usr/bin/env bash
# run-all and verify-run-all against what users would otherwise pick, side by side in one run.
#
#   benchmarks/run.sh [--rounds N] [--update-readme]
#
# Measures (DESIGN §7), every runner of a section in the same round, rounds interleaved and
# the runner order rotated each round, so machine noise hits all runners alike:
#   overhead  1000 × `true` on 2 workers: run-all, xargs -P2, GNU parallel -j2, a Python
#             ThreadPoolExecutor + subprocess.run orchestrator (bare, and with per-job logs)
#   makespan  12 × `sleep 0.5` on 4 workers, the same runners, against the ideal 1.5 s
#   skewed    short jobs first, long jobs last in the catalog: run-all in catalog order against
#             run-all --order longest-first (history from an earlier run in --summary-dir)
#   memory    run-all's peak RSS (GNU time) with 10,000 queued jobs, and while a job prints 1 GiB
#   reports   a 100,000-testcase JUnit file: write (vra-bench) and validate (3 schemas)
#   verifier  the default `verify-run-all` run, wall time
# Timings by hyperfine (raw --export-json files kept); results go to
# benchmarks/results/<date>.json, <date>.md and <date>/ (raw), and the table is printed.
# --update-readme also puts the table into README's Performance section.
#
# Exit: 0 every DESIGN §7 target met, 1 a target missed (results still written), 2 usage or
# setup error. Installs hyperfine, parallel, time and libxml2-utils with apt-get if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=${SHARED_DIR:-$root/../shared}

usage() { sed -n '4p' "$0" | sed 's/^# */usage: /'; }
rounds=10
update_readme=0
arguments="$*"
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds)
            [ $# -ge 2 ] || { echo "run.sh: error: --rounds needs a value" >&2; exit 2; }
            rounds=$2; shift ;;
        --update-readme) update_readme=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if ! [[ "$rounds" =~ ^[0-9]+$ ]] || [ "$rounds" -lt 3 ] || [ "$rounds" -gt 100 ]; then
    echo "run.sh: error: --rounds must be a whole number from 3 to 100, got '$rounds'" >&2
    exit 2
fi

say() { printf '== %s\n' "$*" >&2; }

# ---- tools -------------------------------------------------------------------------------
need=()
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
command -v parallel >/dev/null 2>&1 || need+=(parallel)
[ -x /usr/bin/time ] || need+=(time)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v python3 >/dev/null 2>&1 || need+=(python3)
for package in libxml2-dev libyaml-dev; do dpkg -s "$package" >/dev/null 2>&1 || need+=("$package"); done
if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "run.sh: error: missing ${need[*]}; install them with apt-get (as root)" >&2; exit 2; }
    say "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
parallel --version 2>/dev/null | grep -q 'GNU parallel' || {
    echo "run.sh: error: 'parallel' is not GNU parallel (moreutils?); apt-get install parallel" >&2; exit 2; }
[ -x "$shared/schemas/validate.sh" ] || { echo "run.sh: error: $shared/schemas/validate.sh not found (set SHARED_DIR)" >&2; exit 2; }

say "build: swift build -c release"
swift build -c release >&2
bin=$(swift build -c release --show-bin-path)

# ---- workloads ---------------------------------------------------------------------------
work=$(mktemp -d /tmp/vra-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
date=$(date -u +%Y-%m-%d)
results=$root/benchmarks/results
raw=$work/raw
mkdir -p "$raw"

# catalog FILE COUNT PREFIX COMMAND-JSON: COUNT jobs PREFIX0001... running COMMAND-JSON.
catalog() {
    local file=$1 count=$2 prefix=$3 command=$4 i
    {
        printf '{"jobs": [\n  {"id": "%s%05d", "command": %s}' "$prefix" 1 "$command"
        for ((i = 2; i <= count; i++)); do
            printf ',\n  {"id": "%s%05d", "command": %s}' "$prefix" "$i" "$command"
        done
        printf '\n]}\n'
    } >"$file"
}
catalog "$work/noop-1000.json" 1000 j '["true"]'
catalog "$work/noop-10k.json" 10000 j '["true"]'
catalog "$work/noop-1.json" 1 j '["true"]'
catalog "$work/sleep-12.json" 12 s '["sleep", "0.5"]'
catalog "$work/print-1gib.json" 1 big '["sh", "-c", "yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 1073741824"]'
seq -f 'j%05g' 1000 >"$work/noop-1000.txt"
printf '0.5\n%.0s' {1..12} >"$work/sleep-12.txt"
# Skewed: 8 short jobs, then the 2 long ones at the end of the catalog. On 4 workers catalog
# order finishes the shorts in two waves (0.5 s) and only then starts the longs: 1.5 s.
# Longest-first starts the longs at once and packs the shorts beside them: the ideal 1.0 s.
{
    printf '{"jobs": [\n'
    for i in 1 2 3 4 5 6 7 8; do printf '  {"id": "short%d", "command": ["sleep", "0.25"]},\n' "$i"; done
    printf '  {"id": "long1", "command": ["sleep", "1"]},\n  {"id": "long2", "command": ["sleep", "1"]}\n]}\n'
} >"$work/skewed.json"

# ---- what is measured --------------------------------------------------------------------
printf '%s\t%s\t%s\t%s\t%s\n' \
    overhead 'Scheduling overhead: 1000 × `true` on 2 workers' s - xargs \
    makespan 'Makespan: 12 × `sleep 0.5` on 4 workers (ideal 1.5 s)' s 1.5 xargs \
    skewed 'Skewed workload: 8 × `sleep 0.25` then 2 × `sleep 1` in the catalog, 4 workers (ideal 1.0 s)' s 1.0 run-all-longest \
    memory 'Peak RSS of run-all (GNU time: ru_maxrss of run-all over its whole life)' MiB - noop-1 \
    reports 'JUnit report of 100,000 testcases (7.6 MB)' s - - \
    verifier 'verify-run-all, default run (12 probe jobs, 4 workers, 5 timed pairs, all checks)' s - - \
    >"$raw/sections.tsv"

# runner SECTION KEY LABEL COMMAND: declares a runner; the command is recorded with the
# scratch directory shown as $WORK and the build directory as $BIN.
runner() {
    local shown=${4//"$work"/\$WORK}
    shown=${shown//"$bin"/\$BIN}
    shown=${shown//"$root/"/}
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$shown" >>"$raw/commands.tsv"
    names+=("$2")
    commands+=("$4")
}
: >"$raw/commands.tsv"
fixture=$root/benchmarks/fixtures/threadpool_orchestrator.py
# The interpreter itself, not a wrapper on PATH (pyenv's shim is a shell script that would
# add its own start-up to every Python run).
python=$(python3 -c 'import sys; print(sys.executable)')

# timed SECTION: hyperfine on the section's runners, one warm-up round (discarded), then
# $rounds rounds of one run each, the runner order rotated by one every round.
timed() {
    local section=$1 count=${#names[@]} round offset i index args
    for ((round = 0; round <= rounds; round++)); do
        args=()
        for ((i = 0; i < count; i++)); do
            index=$(( (i + round) % count ))
            args+=(-n "${names[$index]}" "${commands[$index]}")
        done
        if [ "$round" = 0 ]; then
            say "$section: warm-up"
            hyperfine -N --runs 1 --style basic "${args[@]}" >>"$work/hyperfine.log" 2>&1
        else
            say "$section: round $round/$rounds"
            hyperfine -N --runs 1 --style basic --export-json "$raw/$section.$(printf 'r%03d' "$round").json" "${args[@]}" >>"$work/hyperfine.log" 2>&1
        fi
    done
}

printf '%s\t%s\n' date "$(date -u '+%Y-%m-%d %H:%M UTC')" command "benchmarks/run.sh${arguments:+ $arguments}" \
    cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" cores "$(nproc)" \
    memory "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)" kernel "Linux $(uname -r)" \
    load-start "$(cut -d' ' -f1 /proc/loadavg)" rounds "$rounds" \
    commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo '+changes')" \
    swift "$(swift --version 2>&1 | sed -n 1p)" hyperfine "$(hyperfine --version)" \
    parallel "$(parallel --version | sed -n 1p)" xargs "$(xargs --version | sed -n 1p)" \
    python3 "$python: $("$python" --version 2>&1)" time "$(/usr/bin/time --version 2>&1 | sed -n 1p)" \
    xmllint "$(xmllint --version 2>&1 | sed -n 1p)" >"$raw/env.tsv"

# ---- overhead and makespan: the four runners (five rows) ----------------------------------
peers() { # peers SECTION WORKERS CATALOG LIST PROGRAM
    local section=$1 workers=$2 catalog=$3 list=$4 program=$5
    names=(); commands=()
    runner "$section" run-all "run-all" \
        "$bin/run-all --config $catalog --parallel --max-workers $workers --logs-dir $work/$section-logs --summary-dir $work/$section-summaries"
    runner "$section" xargs "xargs -P$workers" "xargs -a $list -P $workers -n 1 $program"
    runner "$section" parallel "GNU parallel -j$workers" "parallel --will-cite -j $workers $program :::: $list"
    runner "$section" python-tpe "Python ThreadPoolExecutor + subprocess.run" "$python $fixture $catalog --workers $workers"
    runner "$section" python-tpe-logs "the same, with a log file and a session per job (as run-all)" \
        "$python $fixture $catalog --workers $workers --logs-dir $work/$section-python-logs"
    timed "$section"
}
peers overhead 2 "$work/noop-1000.json" "$work/noop-1000.txt" true
peers makespan 4 "$work/sleep-12.json" "$work/sleep-12.txt" sleep

# ---- skewed: catalog order against longest-first -----------------------------------------
names=(); commands=()
skewed_common="--config $work/skewed.json --parallel --max-workers 4 --logs-dir $work/skewed-logs"
runner skewed run-all-catalog "run-all (catalog order)" "$bin/run-all $skewed_common --summary-dir $work/skewed-catalog"
runner skewed run-all-longest "run-all --order longest-first" \
    "$bin/run-all $skewed_common --summary-dir $work/skewed-longest --order longest-first"
# The history longest-first reads: one earlier run's summary in its --summary-dir.
"$bin/run-all" $skewed_common --summary-dir "$work/skewed-longest" >/dev/null
timed skewed

# ---- memory: GNU time's maximum RSS ------------------------------------------------------
# GNU time forks (not vfork) and reports wait4's ru_maxrss of run-all: run-all's own peak over
# its life, and of its reaped jobs, which are small (`true`, sh/yes/head) and, posix_spawned,
# carry at most run-all's own peak at their spawn. So the figure is run-all's peak RSS.
names=(); commands=()
runner memory noop-1 "1 \`true\` job" "$bin/run-all --config $work/noop-1.json --logs-dir $work/memory-logs --summary-dir $work/memory-summaries"
runner memory noop-10k "10,000 \`true\` jobs on 2 workers (9,998 queued)" \
    "$bin/run-all --config $work/noop-10k.json --parallel --max-workers 2 --logs-dir $work/memory-logs --summary-dir $work/memory-summaries"
runner memory print-1gib "1 job printing 1 GiB (to its log file)" \
    "$bin/run-all --config $work/print-1gib.json --logs-dir $work/memory-logs --summary-dir $work/memory-summaries"
: >"$raw/samples.tsv"
memory_rounds=3
for ((round = 1; round <= memory_rounds; round++)); do
    say "memory: round $round/$memory_rounds"
    for ((i = 0; i < ${#names[@]}; i++)); do
        index=$(( (i + round) % ${#names[@]} ))
        # shellcheck disable=SC2086  # the command is a word list without quoting
        /usr/bin/time -f '%M %x' -o "$work/time.out" ${commands[$index]} >/dev/null 2>>"$work/memory.log" \
            || { echo "run.sh: error: ${names[$index]} failed (see $work/memory.log)" >&2; cat "$work/memory.log" >&2; exit 1; }
        read -r kib status <"$work/time.out"
        [ "$status" = 0 ] || { echo "run.sh: error: ${names[$index]} exited $status" >&2; exit 1; }
        if [ "${names[$index]}" = print-1gib ]; then
            size=$(stat -c %s "$work/memory-logs/big00001.log")
            [ "$size" = 1073741824 ] || { echo "run.sh: error: the 1 GiB job's log has $size bytes" >&2; exit 1; }
            rm -f "$work/memory-logs/big00001.log"
        fi
        printf 'memory\t%s\t%d\t%s\n' "${names[$index]}" "$round" "$(awk -v k="$kib" 'BEGIN { printf "%.2f", k / 1024 }')" >>"$raw/samples.tsv"
    done
done

# ---- reports: the 100k-testcase JUnit file -----------------------------------------------
names=(); commands=()
runner reports junit-write "write: JUnitWriter.render + AtomicFile.write (vra-bench junit)" \
    "$bin/vra-bench junit --cases 100000 --out $work/junit-100k.xml"
runner reports junit-validate "validate: ../shared/schemas/validate.sh (jenkins, junit5, windyroad)" \
    "$shared/schemas/validate.sh $work/junit-100k.xml"
say "reports: JUnit write × $rounds, validate × 3"
hyperfine -N --warmup 1 --runs "$rounds" --style basic --export-json "$raw/reports.write.json" \
    -n junit-write "${commands[0]}" >>"$work/hyperfine.log" 2>&1
hyperfine -N --runs 3 --style basic --export-json "$raw/reports.validate.json" \
    -n junit-validate "${commands[1]}" >>"$work/hyperfine.log" 2>&1

# ---- the verifier's default run ----------------------------------------------------------
names=(); commands=()
runner verifier default-run "verify-run-all --out DIR" "$bin/verify-run-all --out $work/verify"
say "verifier: default run × 3"
hyperfine -N --runs 3 --style basic --export-json "$raw/verifier.runs.json" \
    -n default-run "${commands[0]}" >>"$work/hyperfine.log" 2>&1

# ---- results -----------------------------------------------------------------------------
printf 'load-end\t%s\n' "$(cut -d' ' -f1 /proc/loadavg)" >>"$raw/env.tsv"
mkdir -p "$results"
rm -rf "${results:?}/$date"
cp -r "$raw" "$results/$date"
report=("$bin/vra-bench" report --raw "$raw" --json "$results/$date.json" --markdown "$results/$date.md")
[ "$update_readme" = 1 ] && report+=(--readme "$root/README.md")
status=0
"${report[@]}" || status=$?
[ "$status" -le 1 ] || exit "$status"
say "results: benchmarks/results/$date.json, $date.md, $date/ (raw hyperfine exports)"
[ "$status" = 0 ] || say "a DESIGN §7 target was missed (see the table)"
exit "$status"
