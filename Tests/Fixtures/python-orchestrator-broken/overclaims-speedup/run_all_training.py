#!/usr/bin/env python3
"""Run every training job, sequentially or in parallel.

A stdlib-only reference orchestrator that follows the run_all_training.py contract
(DESIGN.md section 3).  It is test data for verify-run-all: the good copy lives in
Tests/Fixtures/python-orchestrator/, deliberately broken copies beside it.

Examples:
    python run_all_training.py --list
    python run_all_training.py --dry-run --epochs 50 --folds 5
    python run_all_training.py --parallel --max-workers 4
    python run_all_training.py --parallel --max-workers 4 --only als alzheimers parkinsons

Exit codes: 0 success, 1 a mandatory job failed, 2 configuration missing or unreadable,
3 strict discovery found nothing, 130 interrupted.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import logging
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

logger = logging.getLogger("run_all_training")

HERE = Path(__file__).resolve().parent
DEFAULT_JOBS_DIR = HERE / "jobs"

EXIT_OK = 0
EXIT_JOB_FAILED = 1
EXIT_CONFIG = 2
EXIT_STRICT_DISCOVERY = 3
EXIT_INTERRUPTED = 130

# Canonical order of the parameters a job may support.
SUPPORT_FLAGS = ("epochs", "folds", "output-dir", "sample", "batch")

# Seconds between SIGTERM and SIGKILL when the orchestrator is interrupted.
TERMINATE_GRACE_SECONDS = 5.0

ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")


class ConfigError(Exception):
    """A problem with the command line or the job catalog (exit 2)."""


@dataclass
class Job:
    id: str
    name: str
    script: Path
    supports: tuple = ()
    optional: bool = False
    origin: str = "default"


@dataclass
class JobResult:
    id: str
    name: str
    command: list
    status: str  # success | failed | dry-run | interrupted | not-started
    exit_code: int | None = None
    signal: int | None = None
    duration: float = 0.0
    attempts: int = 0
    optional: bool = False
    log: str | None = None
    started: float | None = None
    ended: float | None = None


# --------------------------------------------------------------------------------------
# Job sources: built-in defaults, a JSON catalog, discovery
# --------------------------------------------------------------------------------------

def default_jobs() -> list:
    """The built-in jobs; their scripts live in jobs/ beside this file."""
    entries = [
        ("als", "ALS"),
        ("alzheimers", "Alzheimers"),
        ("parkinsons", "Parkinsons"),
    ]
    return [
        Job(id=job_id, name=name, script=DEFAULT_JOBS_DIR / f"train_{job_id}.py",
            supports=("epochs", "folds", "output-dir"), origin="default")
        for job_id, name in entries
    ]


def load_catalog(path_text: str) -> list:
    """Jobs from a JSON catalog {"jobs": [{"id","name","script","supports",...}]}."""
    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path_text}")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path_text}: {exc}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"config file {path_text} is not valid JSON: {exc.msg} "
                          f"(line {exc.lineno}, column {exc.colno})")
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ConfigError(f"config file {path_text} must be an object with a \"jobs\" list")
    base = path.resolve().parent
    jobs = []
    seen = set()
    for index, entry in enumerate(data["jobs"]):
        where = f"config file {path_text}, job #{index + 1}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: must be an object")
        job_id = entry.get("id")
        if not isinstance(job_id, str) or not ID_PATTERN.match(job_id):
            raise ConfigError(f"{where}: \"id\" must be a string of [A-Za-z0-9_.-]")
        if job_id in seen:
            raise ConfigError(f"{where}: duplicate id {job_id!r}")
        seen.add(job_id)
        script = entry.get("script")
        if not isinstance(script, str) or not script:
            raise ConfigError(f"{where} ({job_id}): \"script\" must be a non-empty string")
        supports = entry.get("supports", [])
        if not isinstance(supports, list) or any(s not in SUPPORT_FLAGS for s in supports):
            raise ConfigError(f"{where} ({job_id}): \"supports\" must be a subset of "
                              f"{list(SUPPORT_FLAGS)}")
        name = entry.get("name", job_id)
        if not isinstance(name, str):
            raise ConfigError(f"{where} ({job_id}): \"name\" must be a string")
        optional = entry.get("optional", False)
        if not isinstance(optional, bool):
            raise ConfigError(f"{where} ({job_id}): \"optional\" must be true or false")
        jobs.append(Job(id=job_id, name=name, script=(base / script),
                        supports=tuple(s for s in SUPPORT_FLAGS if s in supports),
                        optional=optional, origin="config"))
    return jobs


def job_id_from_script(path: Path) -> str:
    stem = path.stem
    return stem[len("train_"):] if stem.startswith("train_") and len(stem) > 6 else stem


def job_name_from_id(job_id: str) -> str:
    return job_id.replace("_", " ").title()


def infer_supports(path: Path) -> tuple:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    return tuple(flag for flag in SUPPORT_FLAGS if f"--{flag}" in text)


def discover_jobs(roots: list, include_pattern: str, exclude_regex, limit) -> list:
    """Scripts matching include_pattern below each root (recursive, sorted)."""
    skip_dir = DEFAULT_JOBS_DIR.resolve()
    found = []
    for root_text in roots:
        root = Path(root_text)
        if not root.is_dir():
            raise ConfigError(f"discover root is not a directory: {root_text}")
        matches = []
        for dirpath, dirnames, filenames in os.walk(root):
            current = Path(dirpath)
            dirnames[:] = sorted(
                d for d in dirnames
                if not d.startswith(".") and d != "__pycache__"
                and (current / d).resolve() != skip_dir
            )
            for filename in filenames:
                if not fnmatch.fnmatch(filename, include_pattern):
                    continue
                path = current / filename
                relative = path.relative_to(root).as_posix()
                if exclude_regex is not None and exclude_regex.search(relative):
                    continue
                matches.append(path)
        matches.sort(key=lambda p: p.relative_to(root).as_posix())
        for path in matches:
            if limit is not None and len(found) >= limit:
                logger.debug(f"Discovery limit {limit} reached")
                return found
            job_id = job_id_from_script(path)
            found.append(Job(id=job_id, name=job_name_from_id(job_id), script=path.resolve(),
                             supports=infer_supports(path), origin="discovered"))
    return found


def merge_jobs(*groups) -> list:
    jobs = []
    seen = {}
    for group in groups:
        for job in group:
            if job.id in seen:
                logger.debug(f"Skipping {job.script}: id {job.id!r} already taken by "
                             f"{seen[job.id].script}")
                continue
            seen[job.id] = job
            jobs.append(job)
    return jobs


def resolve_ids(requested: list, jobs: list, flag: str) -> set:
    known = {job.id for job in jobs}
    resolved = set()
    unknown = []
    for raw in requested:
        if raw in known:
            resolved.add(raw)
        elif raw.startswith("train_") and raw[len("train_"):] in known:
            resolved.add(raw[len("train_"):])
        else:
            unknown.append(raw)
    if unknown:
        known_text = ", ".join(job.id for job in jobs) or "(none)"
        raise ConfigError(f"{flag}: unknown job id(s): {', '.join(unknown)} "
                          f"(known: {known_text})")
    return resolved


def select_jobs(jobs: list, only, exclude) -> list:
    selected = list(jobs)
    if only:
        wanted = resolve_ids(only, jobs, "--only")
        selected = [job for job in selected if job.id in wanted]
    if exclude:
        unwanted = resolve_ids(exclude, jobs, "--exclude")
        selected = [job for job in selected if job.id not in unwanted]
    return selected


# --------------------------------------------------------------------------------------
# Running jobs
# --------------------------------------------------------------------------------------

def build_command(job: Job, args) -> list:
    cmd = [sys.executable, str(job.script)]
    if "output-dir" in job.supports:
        cmd += ["--output-dir", str(Path(args.base_output_dir) / job.id)]
    if args.epochs is not None and "epochs" in job.supports:
        cmd += ["--epochs", str(args.epochs)]
    if args.folds is not None and "folds" in job.supports:
        cmd += ["--folds", str(args.folds)]
    if args.sample is not None and "sample" in job.supports:
        cmd += ["--sample", str(args.sample)]
    if args.batch is not None and "batch" in job.supports:
        cmd += ["--batch", str(args.batch)]
    cmd += list(args.extra_arg or [])
    return cmd


class ProcessRegistry:
    """Running job processes, so that an interrupt can terminate their process groups.

    Every job runs in its own session (start_new_session=True), so its pid is also its
    process group id; killing the group reaches the grandchildren a job started.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.running = {}  # pgid -> job id
        self.stopping = threading.Event()

    def spawn(self, job_id: str, cmd: list, log_file):
        """Start cmd, or return None when the orchestrator is shutting down."""
        with self.lock:
            if self.stopping.is_set():
                return None
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log_file,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            self.running[proc.pid] = job_id
        # An interrupt that arrived between Popen and the registration above took its
        # snapshot without this process: terminate it here.
        if self.stopping.is_set():
            signal_group(proc.pid, signal.SIGTERM)
        return proc

    def finished(self, pgid: int):
        with self.lock:
            self.running.pop(pgid, None)

    def snapshot(self) -> list:
        return list(self.running.keys())


REGISTRY = ProcessRegistry()
RESULTS = {}  # job id -> JobResult (finished or running)
# Re-entrant: the interrupt handler runs on the main thread, possibly while that thread
# already holds the lock.
RESULTS_LOCK = threading.RLock()


def signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def process_table():
    """(pid, ppid, pgid, state) of every process, from /proc; None without /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    table = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 2:
            table.append((int(entry.name), int(fields[1]), int(fields[2]), fields[0]))
    return table


def group_alive(pgid: int, table=None) -> bool:
    """True while any non-zombie process is in the group.

    Zombies are ignored: an orphaned grandchild may stay a zombie for a while when PID 1
    is slow to reap, and a zombie is already dead.
    """
    table = process_table() if table is None else table
    if table is None:
        try:
            os.killpg(pgid, 0)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    return any(group == pgid and state not in ("Z", "X") for _, _, group, state in table)


def job_groups() -> set:
    """Process groups of the running jobs: the registered ones, plus every child process
    of ours (all children are jobs), which covers a job whose Popen the interrupt cut
    short before it was registered."""
    groups = set(REGISTRY.snapshot())
    table = process_table() or []
    own_group = os.getpgrp()
    for pid, ppid, pgid, state in table:
        if ppid != os.getpid() or state in ("Z", "X"):
            continue
        if pgid == own_group:
            # Forked but not yet in its own session, so it has not run the job yet.
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            groups.add(pgid)
    return groups


def become_subreaper() -> None:
    """Linux: adopt the orphaned grandchildren of dying jobs, so that they can be reaped
    here instead of lingering as zombies until PID 1 gets to them."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def run_job(job: Job, args) -> JobResult:
    cmd = build_command(job, args)
    result = JobResult(id=job.id, name=job.name, command=cmd, status="not-started",
                       optional=job.optional)
    if args.dry_run:
        logger.info(f"[{job.id}] (dry-run) Command: {shlex.join(cmd)}")
        result.status = "dry-run"
        return result
    if REGISTRY.stopping.is_set():
        return result

    logs_dir = Path(args.logs_dir)
    logs_dir.mkdir(parents=True, exist_ok=True)
    log_path = logs_dir / f"{job.id}.log"
    result.log = str(log_path)
    if "output-dir" in job.supports:
        (Path(args.base_output_dir) / job.id).mkdir(parents=True, exist_ok=True)

    attempts_allowed = 1 + max(0, args.retries)
    logger.debug(f"[{job.id}] Command: {shlex.join(cmd)}")
    with RESULTS_LOCK:
        RESULTS[job.id] = result
    result.started = time.time()
    start = time.monotonic()
    with open(log_path, "wb") as log_file:
        for attempt in range(1, attempts_allowed + 1):
            if attempt > 1:
                logger.info(f"[{job.id}] 🔁 retry {attempt - 1}/{attempts_allowed - 1}")
                log_file.write(f"\n--- attempt {attempt} ---\n".encode())
                log_file.flush()
            try:
                proc = REGISTRY.spawn(job.id, cmd, log_file)
            except OSError as exc:
                log_file.write(f"cannot start {cmd[0]}: {exc}\n".encode())
                result.attempts = attempt
                result.exit_code = 127
                result.status = "failed"
                continue
            if proc is None:
                break
            result.attempts = attempt
            result.status = "running"
            returncode = proc.wait()
            REGISTRY.finished(proc.pid)
            if returncode < 0:
                result.exit_code, result.signal = None, -returncode
            else:
                result.exit_code, result.signal = returncode, None
            if returncode == 0:
                result.status = "success"
                break
            if REGISTRY.stopping.is_set():
                result.status = "interrupted"
                break
            result.status = "failed"
    result.duration = time.monotonic() - start
    result.ended = time.time()

    if result.status == "success":
        logger.info(f"[{job.id}] ✅ done in {result.duration:.2f}s")
    elif result.status == "failed":
        if result.signal is not None:
            # Popen's convention: a job killed by signal N has returncode -N.
            logger.info(f"[{job.id}] ❌ failed (exit {-result.signal})")
            logger.info(f"    killed by {signal_name(result.signal)}; log: {log_path}")
        else:
            logger.info(f"[{job.id}] ❌ failed (exit {result.exit_code})")
            logger.info(f"    log: {log_path}")
    elif result.status == "interrupted":
        logger.info(f"[{job.id}] ⛔ interrupted")
    return result


# --------------------------------------------------------------------------------------
# Summary and exit status
# --------------------------------------------------------------------------------------

def write_summary(args, jobs: list, results: dict, exit_code: int, interrupted: bool):
    summary_dir = Path(args.summary_dir)
    try:
        summary_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
        path = summary_dir / f"summary-{stamp}.json"
        entries = []
        for job in jobs:
            result = results.get(job.id)
            if result is None:
                result = JobResult(id=job.id, name=job.name, command=build_command(job, args),
                                   status="not-started", optional=job.optional)
            entries.append({
                "id": result.id,
                "name": result.name,
                "command": result.command,
                "status": result.status,
                "exit_code": result.exit_code,
                "signal": result.signal,
                "duration": round(result.duration, 3),
                "attempts": result.attempts,
                "optional": result.optional,
                "log": result.log,
            })
        payload = {
            "exit_code": exit_code,
            "interrupted": interrupted,
            "parallel": bool(args.parallel),
            "max_workers": args.max_workers,
            "jobs": entries,
        }
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        logger.info(f"📄 Summary written to {path}")
    except OSError as exc:
        logger.info(f"⚠️  Could not write summary: {exc}")


def exit_status(results: list, allow_partial_success: bool) -> int:
    failed = [r for r in results if r.status in ("failed", "interrupted")]
    if not failed:
        return EXIT_OK
    if any(not r.optional for r in failed):
        return EXIT_JOB_FAILED
    return EXIT_OK if allow_partial_success else EXIT_JOB_FAILED


# --------------------------------------------------------------------------------------
# Interrupts
# --------------------------------------------------------------------------------------

class InterruptHandler:
    """SIGINT/SIGTERM: TERM every job's process group, KILL after a grace period,
    write the summary, exit 130."""

    def __init__(self, args):
        self.args = args
        self.jobs = []  # set once the jobs are selected; the summary lists them
        self.handling = False

    def install(self):
        signal.signal(signal.SIGINT, self.handle)
        signal.signal(signal.SIGTERM, self.handle)

    def handle(self, signum, frame):
        if self.handling:
            # A second signal while waiting: no more grace.
            for pgid in job_groups():
                signal_group(pgid, signal.SIGKILL)
            return
        self.handling = True
        REGISTRY.stopping.set()
        become_subreaper()
        logger.info(f"\n🛑 Received {signal_name(signum)}: terminating running jobs…")
        terminated = set()

        def terminate_new_groups():
            for pgid in job_groups() - terminated:
                signal_group(pgid, signal.SIGTERM)
                terminated.add(pgid)

        terminate_new_groups()
        deadline = time.monotonic() + TERMINATE_GRACE_SECONDS
        while time.monotonic() < deadline:
            terminate_new_groups()
            table = process_table()
            if not any(group_alive(pgid, table) for pgid in terminated):
                break
            time.sleep(0.05)
        terminate_new_groups()
        table = process_table()
        for pgid in terminated:
            if group_alive(pgid, table):
                signal_group(pgid, signal.SIGKILL)
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            table = process_table()
            if not any(group_alive(pgid, table) for pgid in terminated):
                break
            time.sleep(0.01)
        # Reap the job processes nobody waits for: adopted grandchildren, and in
        # sequential mode the job itself (the main thread, which would reap it, is
        # running this handler). Worker threads reap their jobs at once, so only what
        # is still a zombie after a moment is reaped here.
        time.sleep(0.05)
        for pid, ppid, pgid, state in process_table() or []:
            if ppid == os.getpid() and pgid in terminated and state == "Z":
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
        with RESULTS_LOCK:
            results = dict(RESULTS)
        for result in results.values():
            if result.status == "running":
                result.status = "interrupted"
        if self.jobs and not (self.args.dry_run or self.args.list):
            write_summary(self.args, self.jobs, results, EXIT_INTERRUPTED, interrupted=True)
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Run all training jobs sequentially or in parallel.",
        epilog="Exit codes: 0 success, 1 a mandatory job failed, 2 configuration error, "
               "3 strict discovery found nothing, 130 interrupted.",
    )
    parser.add_argument("--config", metavar="FILE",
                        help="JSON job catalog {\"jobs\": [...]} (replaces the built-in jobs)")
    parser.add_argument("--epochs", type=int, metavar="N", help="Epochs, passed where supported")
    parser.add_argument("--folds", type=int, metavar="N", help="Cross-validation folds, passed where supported")
    parser.add_argument("--sample", type=int, metavar="N", help="Sample size, passed where supported")
    parser.add_argument("--batch", type=int, metavar="N", help="Batch size, passed where supported")
    parser.add_argument("--only", nargs="+", metavar="ID", help="Run only these job ids")
    parser.add_argument("--exclude", nargs="+", metavar="ID", help="Skip these job ids")
    parser.add_argument("--list", action="store_true", help="List jobs and exit")
    parser.add_argument("--dry-run", action="store_true",
                        help="Print the commands without running them")
    parser.add_argument("--parallel", action="store_true",
                        help="Enable parallel execution (default: False)")
    parser.add_argument("--max-workers", type=int, default=4,
                        help="Workers for parallel mode (default: 4)")
    parser.add_argument("--retries", type=int, metavar="N", default=0,
                        help="Retries for a failing job (default: 0)")
    parser.add_argument("--extra-arg", action="append", metavar="ARG",
                        help="Extra argument passed to every job (repeatable)")
    parser.add_argument("--base-output-dir", metavar="DIR", default="results",
                        help="Base output directory (default: results)")
    parser.add_argument("--logs-dir", metavar="DIR", default="logs",
                        help="Per-job log directory (default: logs)")
    parser.add_argument("--summary-dir", metavar="DIR", default="summaries",
                        help="Summary JSON directory (default: summaries)")
    parser.add_argument("--verbose", action="store_true", help="Verbose logging")
    parser.add_argument("--allow-partial-success", action="store_true",
                        help="Exit 0 when only optional jobs failed")
    parser.add_argument("--no-auto-discover", action="store_true",
                        help="Do not discover training scripts")
    parser.add_argument("--discover-root", nargs="+", metavar="DIR",
                        help="Directories to search for training scripts "
                             "(default: this script's directory)")
    parser.add_argument("--include-pattern", metavar="GLOB", default="train_*.py",
                        help="File name pattern of training scripts (default: train_*.py)")
    parser.add_argument("--exclude-regex", metavar="REGEX",
                        help="Skip discovered scripts whose relative path matches")
    parser.add_argument("--discovery-limit", type=int, metavar="N",
                        help="Discover at most N scripts")
    parser.add_argument("--no-default-jobs", action="store_true",
                        help="Do not include the built-in jobs")
    parser.add_argument("--strict-discovery", action="store_true",
                        help="Exit 3 when discovery finds no script")
    return parser


def validate(args) -> None:
    if args.max_workers < 1:
        raise ConfigError(f"--max-workers must be at least 1 (got {args.max_workers})")
    for flag in ("epochs", "folds", "sample", "batch"):
        value = getattr(args, flag)
        if value is not None and value < 1:
            raise ConfigError(f"--{flag} must be at least 1 (got {value})")
    if args.retries < 0:
        raise ConfigError(f"--retries must not be negative (got {args.retries})")
    if args.discovery_limit is not None and args.discovery_limit < 1:
        raise ConfigError(f"--discovery-limit must be at least 1 (got {args.discovery_limit})")


def collect_jobs(args) -> tuple:
    """All jobs (before selection) and how many discovery found (None: no discovery)."""
    if args.config:
        base_jobs = load_catalog(args.config)
    elif args.no_default_jobs:
        base_jobs = []
    else:
        base_jobs = default_jobs()

    discovered = None
    if not args.no_auto_discover:
        exclude_regex = None
        if args.exclude_regex:
            try:
                exclude_regex = re.compile(args.exclude_regex)
            except re.error as exc:
                raise ConfigError(f"--exclude-regex is not a valid regular expression: {exc}")
        roots = args.discover_root or [str(HERE)]
        discovered = discover_jobs(roots, args.include_pattern, exclude_regex,
                                   args.discovery_limit)
        logger.debug(f"🔍 Discovered {len(discovered)} training script(s) in "
                     f"{', '.join(roots)}")
    return merge_jobs(base_jobs, discovered or []), discovered


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(message)s", stream=sys.stderr)
    interrupt_handler = InterruptHandler(args)
    interrupt_handler.install()

    try:
        validate(args)
        all_jobs, discovered = collect_jobs(args)
        if args.strict_discovery and discovered is not None and not discovered:
            roots = ", ".join(args.discover_root or [str(HERE)])
            print(f"run_all_training.py: error: --strict-discovery: no scripts matching "
                  f"{args.include_pattern!r} found under {roots}", file=sys.stderr)
            return EXIT_STRICT_DISCOVERY
        jobs = select_jobs(all_jobs, args.only, args.exclude)
    except ConfigError as exc:
        print(f"run_all_training.py: error: {exc}", file=sys.stderr)
        return EXIT_CONFIG

    logger.info(f"🎯 Selected jobs: {len(jobs)} (filtered from {len(all_jobs)})")

    if args.list:
        for job in jobs:
            line = (f"- {job.id}: {job.name} | script={job.script} | "
                    f"supports={','.join(job.supports)}")
            if job.optional:
                line += " | optional"
            print(line)
        return EXIT_OK

    if not jobs:
        logger.info("Nothing to run.")
        return EXIT_OK

    interrupt_handler.jobs = jobs

    executed_jobs = []
    if args.parallel and len(jobs) > 1:
        logger.info("⚠️  Parallel mode enabled. Ensure sufficient resources.")
        max_workers = min(args.max_workers, len(jobs))
        with ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="job") as pool:
            future_map = {
                pool.submit(run_job, job, args): job
                for job in jobs
            }
            for future in as_completed(future_map):
                job = future_map[future]
                result_job = future.result()
                executed_jobs.append(result_job)
    else:
        for job in jobs:
            executed_jobs.append(run_job(job, args))

    if args.dry_run:
        return EXIT_OK

    succeeded = sum(1 for r in executed_jobs if r.status == "success")
    failed = [r.id for r in executed_jobs if r.status != "success"]
    logger.info(f"🏁 Finished: {succeeded} succeeded, {len(failed)} failed"
                + (f" ({', '.join(failed)})" if failed else ""))
    code = exit_status(executed_jobs, args.allow_partial_success)
    write_summary(args, jobs, {r.id: r for r in executed_jobs}, code, interrupted=False)
    return code


if __name__ == "__main__":
    sys.exit(main())
