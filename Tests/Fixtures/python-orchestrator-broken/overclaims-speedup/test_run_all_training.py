#!/usr/bin/env python3
"""Test suite of run_all_training.py (stdlib unittest).

    python3 test_run_all_training.py                 # exit 0 when all tests pass
    JUNIT_XML=out.xml python3 test_run_all_training.py   # also write a JUnit XML report

Every test drives the orchestrator as a subprocess from a temporary working directory,
so nothing is written beside this file.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
ORCHESTRATOR = HERE / "run_all_training.py"
DEFAULT_IDS = ["als", "alzheimers", "parkinsons"]
WARNING = "⚠️  Parallel mode enabled. Ensure sufficient resources."


class RunAllTrainingTests(unittest.TestCase):
    def setUp(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="run-all-test-"))

    def tearDown(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    def run_orchestrator(self, *args):
        completed = subprocess.run(
            [sys.executable, str(ORCHESTRATOR), "--no-auto-discover", *args],
            cwd=self.workdir, capture_output=True, text=True, timeout=60,
        )
        return completed.returncode, completed.stdout + completed.stderr

    def dry_run_lines(self, output):
        return re.findall(r"^\[([^\]]+)\] \(dry-run\) Command: (.*)$", output, re.M)

    def test_1_list_all_training_jobs(self):
        code, output = self.run_orchestrator("--list")
        self.assertEqual(code, 0, output)
        listed = re.findall(r"^- ([^:]+): ", output, re.M)
        self.assertEqual(listed, DEFAULT_IDS)
        self.assertIn("🎯 Selected jobs: 3 (filtered from 3)", output)
        self.assertIn("supports=epochs,folds,output-dir", output)
        self.assertFalse((self.workdir / "logs").exists(), "--list must not run anything")

    def test_2_dry_run_with_parameters(self):
        code, output = self.run_orchestrator("--dry-run", "--epochs", "50", "--folds", "5")
        self.assertEqual(code, 0, output)
        lines = self.dry_run_lines(output)
        self.assertEqual(sorted(job_id for job_id, _ in lines), DEFAULT_IDS)
        for job_id, command in lines:
            self.assertIn(f"train_{job_id}.py", command)
            self.assertIn("--epochs 50", command)
            self.assertIn("--folds 5", command)
            self.assertIn(f"--output-dir results/{job_id}", command)
        self.assertNotIn(WARNING, output)
        self.assertFalse((self.workdir / "results").exists(), "dry-run must not run anything")

    def test_3_parallel_execution_mode(self):
        code, output = self.run_orchestrator("--parallel", "--max-workers", "4", "--dry-run")
        self.assertEqual(code, 0, output)
        self.assertEqual(output.count(WARNING), 1, output)
        self.assertEqual(len(self.dry_run_lines(output)), 3)

        # A single job falls back to sequential mode: no warning.
        code, output = self.run_orchestrator("--parallel", "--max-workers", "4", "--dry-run",
                                             "--only", "als")
        self.assertEqual(code, 0, output)
        self.assertNotIn(WARNING, output)
        self.assertEqual([job_id for job_id, _ in self.dry_run_lines(output)], ["als"])

        # A real parallel run: every job succeeds and writes its model.
        code, output = self.run_orchestrator("--parallel", "--max-workers", "4", "--epochs", "2")
        self.assertEqual(code, 0, output)
        self.assertEqual(output.count(WARNING), 1, output)
        for job_id in DEFAULT_IDS:
            self.assertRegex(output, rf"\[{job_id}\] ✅ done in \d+\.\d\ds")
            self.assertTrue((self.workdir / "results" / job_id / "model.json").is_file())
            self.assertTrue((self.workdir / "logs" / f"{job_id}.log").is_file())
        self.assertEqual(len(list((self.workdir / "summaries").glob("summary-*.json"))), 1)

        # Invalid worker counts are refused before anything runs.
        code, output = self.run_orchestrator("--parallel", "--max-workers", "0")
        self.assertEqual(code, 2, output)
        self.assertNotIn("Traceback", output)
        self.assertNotIn("Selected jobs", output)

    def test_4_job_filtering(self):
        code, output = self.run_orchestrator("--dry-run", "--only", "als", "train_parkinsons")
        self.assertEqual(code, 0, output)
        self.assertIn("🎯 Selected jobs: 2 (filtered from 3)", output)
        self.assertEqual(sorted(job_id for job_id, _ in self.dry_run_lines(output)),
                         ["als", "parkinsons"])

        code, output = self.run_orchestrator("--dry-run", "--exclude", "als")
        self.assertEqual(code, 0, output)
        self.assertEqual(sorted(job_id for job_id, _ in self.dry_run_lines(output)),
                         ["alzheimers", "parkinsons"])

        code, output = self.run_orchestrator("--dry-run", "--only", "no_such_job")
        self.assertEqual(code, 2, output)
        self.assertIn("no_such_job", output)
        self.assertNotIn("Traceback", output)


# ----------------------------------------------------------------------------------------
# JUnit XML (written when JUNIT_XML=path is set); valid against the strict JUnit schemas.
# ----------------------------------------------------------------------------------------

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _xml_text(text: str) -> str:
    return escape(_ILLEGAL_XML.sub("\ufffd", _ANSI.sub("", text)))


def _xml_attr(text: str) -> str:
    return quoteattr(_ILLEGAL_XML.sub("\ufffd", _ANSI.sub("", text)),
                     {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


class JUnitResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = []  # (test, outcome, type, message, detail, seconds)
        self._started = {}

    def startTest(self, test):
        self._started[test.id()] = time.monotonic()
        super().startTest(test)

    def _record(self, test, outcome, err=None, reason=""):
        seconds = time.monotonic() - self._started.get(test.id(), time.monotonic())
        kind, message, detail = "", reason, ""
        if err is not None:
            kind = err[0].__name__
            message = str(err[1]).splitlines()[0] if str(err[1]) else kind
            detail = self._exc_info_to_string(err, test)
        self.records.append((test, outcome, kind, message, detail, seconds))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failure", err)

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason=reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "pass")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "failure", reason="unexpected success")


def write_junit(path: str, result: JUnitResult, seconds: float, started: datetime) -> None:
    suite_name = "test_run_all_training.RunAllTrainingTests"
    failures = sum(1 for r in result.records if r[1] == "failure")
    errors = sum(1 for r in result.records if r[1] == "error")
    skipped = sum(1 for r in result.records if r[1] == "skipped")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<testsuites>",
        f'  <testsuite id="0" package="test_run_all_training" name="{suite_name}" '
        f'tests="{len(result.records)}" failures="{failures}" errors="{errors}" '
        f'skipped="{skipped}" time="{seconds:.3f}" '
        f'timestamp="{started.strftime("%Y-%m-%dT%H:%M:%S")}" '
        f'hostname={_xml_attr(socket.gethostname() or "localhost")}>',
        "    <properties>",
        f'      <property name="suite.0.python.version" value="{sys.version.split()[0]}"/>',
        f"      <property name=\"suite.0.orchestrator\" value={_xml_attr(str(ORCHESTRATOR))}/>",
        "    </properties>",
    ]
    for test, outcome, kind, message, detail, elapsed in result.records:
        name = test.id().rsplit(".", 1)[-1]
        open_tag = (f'    <testcase name={_xml_attr(name)} classname="{suite_name}" '
                    f'time="{elapsed:.3f}"')
        if outcome == "pass":
            lines.append(open_tag + "/>")
        elif outcome == "skipped":
            lines.append(open_tag + f"><skipped>{_xml_text(message)}</skipped></testcase>")
        else:
            lines.append(open_tag + ">")
            lines.append(f"      <{outcome} type={_xml_attr(kind or 'AssertionError')} "
                         f"message={_xml_attr(message)}>{_xml_text(detail)}</{outcome}>")
            lines.append("    </testcase>")
    lines += ["    <system-out/>", "    <system-err/>", "  </testsuite>", "</testsuites>", ""]
    target = Path(path)
    if target.parent != Path(""):
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, target)


def main() -> int:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(RunAllTrainingTests)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=JUnitResult)
    started = datetime.now(timezone.utc).replace(tzinfo=None)
    clock = time.monotonic()
    result = runner.run(suite)
    junit_path = os.environ.get("JUNIT_XML")
    if junit_path:
        write_junit(junit_path, result, time.monotonic() - clock, started)
    passed = result.testsRun - len(result.failures) - len(result.errors) - len(result.skipped)
    print(f"{passed}/{result.testsRun} tests passed")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
