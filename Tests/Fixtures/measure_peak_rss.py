"""Run a program and print its own peak RSS: `measure_peak_rss.py PROGRAM [ARG...]`.

wait4's ru_maxrss of a child started with posix_spawn (vfork-style) includes the high-water
mark of the address space it was exec'd from, and the Swift test processes are large. This
small parent forks and execs the program, so the figure it prints ("wait4-maxrss-kb N") is the
program's own, floored at this parent's size; it exits with the program's status.
"""
import os
import sys

pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print("wait4-maxrss-kb", usage.ru_maxrss, flush=True)
sys.exit(os.waitstatus_to_exitcode(status))
