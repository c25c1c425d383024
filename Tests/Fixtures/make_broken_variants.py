#!/usr/bin/env python3
"""Generate the deliberately broken copies of the reference Python orchestrator.

    python3 Tests/Fixtures/make_broken_variants.py          # (re)generate every variant
    python3 Tests/Fixtures/make_broken_variants.py --check  # also run each copy's own tests

Each variant is a full copy of Tests/Fixtures/python-orchestrator/ (docs, tests, jobs) in
Tests/Fixtures/python-orchestrator-broken/<variant>/ with exactly one textual patch applied
to run_all_training.py. A patch whose target text is not found exactly once aborts the run,
so a change to the good copy cannot silently produce a variant without its defect.
The generated copies are kept in the repository; rerun this script after editing the good
copy. The README.md of python-orchestrator-broken/ is generated from the same table.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent
GOOD = FIXTURES / "python-orchestrator"
BROKEN = FIXTURES / "python-orchestrator-broken"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "logs", "results", "summaries")

WARNING_LINE = '        logger.info("⚠️  Parallel mode enabled. Ensure sufficient resources.")\n'


@dataclass(frozen=True)
class Variant:
    name: str
    defect: str
    catches: str           # DESIGN §5.3 check id(s) that must catch it
    old: str               # exact text in the good run_all_training.py (must occur once)
    new: str
    own_tests_pass: bool   # whether the copy's own test_run_all_training.py still passes
    file: str = "run_all_training.py"   # the file the patch applies to


VARIANTS = [
    Variant(
        name="no-warning",
        defect="never prints the parallel warning",
        catches="parallel.dry-run",
        old="    if args.parallel and len(jobs) > 1:\n" + WARNING_LINE,
        new="    if args.parallel and len(jobs) > 1:\n",
        own_tests_pass=False,
    ),
    Variant(
        name="warning-single-job",
        defect="prints the warning whenever --parallel is given, even for one job "
               "(and still runs that job alone)",
        catches="parallel.single-job",
        old="    if args.parallel and len(jobs) > 1:\n" + WARNING_LINE,
        new="    if args.parallel:\n" + WARNING_LINE + "    if args.parallel and len(jobs) > 1:\n",
        own_tests_pass=False,
    ),
    Variant(
        name="ignores-max-workers",
        defect="uses max_workers = len(jobs) regardless of --max-workers",
        catches="perf.concurrency",
        old="        max_workers = min(args.max_workers, len(jobs))\n",
        new="        max_workers = len(jobs)\n",
        own_tests_pass=True,
    ),
    Variant(
        name="sequential-parallel",
        defect="prints the warning but runs the jobs one at a time (a pool of one worker)",
        catches="perf.concurrency, perf.speedup",
        old="        max_workers = min(args.max_workers, len(jobs))\n",
        new="        max_workers = 1\n",
        own_tests_pass=True,
    ),
    Variant(
        name="leaves-children",
        defect="on SIGINT/SIGTERM exits 130 at once without terminating the jobs' "
               "process groups (the jobs keep running)",
        catches="reliability.interrupt",
        old="        self.handling = True\n        REGISTRY.stopping.set()\n",
        new="        self.handling = True\n        os._exit(EXIT_INTERRUPTED)\n"
            "        REGISTRY.stopping.set()\n",
        own_tests_pass=True,
    ),
    Variant(
        name="exit-zero-on-failure",
        defect="exits 0 even when a job failed",
        catches="reliability.failure",
        old="    code = exit_status(executed_jobs, args.allow_partial_success)\n",
        new="    code = EXIT_OK\n",
        own_tests_pass=True,
    ),
    Variant(
        name="overclaims-speedup",
        defect="its docs claim the seed report's never-measured \"4× speedup\" for 12 jobs on 4 workers",
        catches="perf.claims",
        old="parallel 3 time units at best; interpreter start-up adds to every job, so measure it "
            "(`verify-run-all`) rather than assume it",
        new="parallel ~3 time units (4× speedup)",
        own_tests_pass=True,
        file="TRAINING_USAGE.md",
    ),
]


def patch(text: str, variant: Variant) -> str:
    count = text.count(variant.old)
    if count != 1:
        raise SystemExit(f"make_broken_variants.py: error: variant {variant.name}: patch target "
                         f"found {count} times in {GOOD / variant.file} "
                         f"(expected exactly once):\n{variant.old}")
    return text.replace(variant.old, variant.new)


def readme() -> str:
    rows = "\n".join(
        f"| `{v.name}` | {v.defect} | {', '.join(f'`{c.strip()}`' for c in v.catches.split(','))} "
        f"| {'passes' if v.own_tests_pass else 'fails'} |"
        for v in VARIANTS
    )
    return f"""# Deliberately broken orchestrators

Generated by `Tests/Fixtures/make_broken_variants.py` — do not edit by hand; edit the good
copy in `../python-orchestrator/` and rerun the script.

Each directory is a full copy of `../python-orchestrator/` (run_all_training.py, jobs/,
test_run_all_training.py, RUN_ALL_GUIDE.md, TRAINING_USAGE.md) with ONE defect, in
`run_all_training.py` or (for `overclaims-speedup`) in its docs. Point the verifier at one of them (built-in `run_all_training`
profile; the project dir is the variant's directory, so its docs and its own
`test_run_all_training.py` are used), and the DESIGN §5.3 check named below must fail
(other checks may fail too). "Own tests" says whether the copy's own
`test_run_all_training.py` still passes — where it does, the defect slips past the
target's suite and only the verifier catches it.

| variant | defect | check that must catch it | own tests |
|---|---|---|---|
{rows}
"""


def generate() -> None:
    patched = {variant.name: patch((GOOD / variant.file).read_text(encoding="utf-8"), variant)
               for variant in VARIANTS}  # all or nothing
    BROKEN.mkdir(exist_ok=True)
    for variant in VARIANTS:
        target = BROKEN / variant.name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(GOOD, target, ignore=IGNORED)
        (target / variant.file).write_text(patched[variant.name], encoding="utf-8")
        print(f"{variant.name}: {variant.defect}")
    (BROKEN / "README.md").write_text(readme(), encoding="utf-8")


def check() -> int:
    status = 0
    for variant in VARIANTS:
        directory = BROKEN / variant.name
        completed = subprocess.run([sys.executable, "test_run_all_training.py"], cwd=directory,
                                   capture_output=True, text=True, timeout=120)
        passed = completed.returncode == 0
        verdict = "ok" if passed == variant.own_tests_pass else "UNEXPECTED"
        if verdict != "ok":
            status = 1
        print(f"{variant.name}: own tests {'pass' if passed else 'fail'} ({verdict})")
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="after generating, run each copy's own test suite and compare "
                             "with the expected outcome")
    args = parser.parse_args()
    generate()
    return check() if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
