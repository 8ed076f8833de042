"""scripts/supervise.py, which `make run` uses to start gunicorn and the task
worker as one command: Ctrl-C stops both, and one ending stops the other."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "supervise.py"
SLEEPER = [sys.executable, "-c", "import os, sys, time; print(f'pid={os.getpid()};', flush=True); time.sleep(60)"]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended: only its exit status is left for its parent.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split(")")[-1].split()[0] != "Z"


def started(*commands):
    argv = [sys.executable, str(SCRIPT)]
    for command in commands:
        argv += ["--", *command]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The commands share the supervisor's output: read until every sleeper has
    # said its pid, however the lines came out.
    wanted, seen = sum(command is SLEEPER for command in commands), ""
    while len(pids := [int(pid) for pid in re.findall(r"pid=(\d+);", seen)]) < wanted:
        line = process.stdout.readline()
        assert line, f"the supervisor ended early: {process.stderr.read()}"
        seen += line
    return process, pids


class TestSupervise:
    def test_ctrl_c_stops_both_commands(self):
        process, pids = started(SLEEPER, SLEEPER)
        assert all(alive(pid) for pid in pids)
        process.send_signal(signal.SIGINT)
        assert process.wait(20) == 0
        time.sleep(0.2)
        assert not any(alive(pid) for pid in pids)

    def test_when_one_command_ends_the_other_is_stopped_and_its_status_returned(self):
        process, [pid] = started(SLEEPER, [sys.executable, "-c", "import time; time.sleep(1); raise SystemExit(3)"])
        assert process.wait(30) == 3
        time.sleep(0.2)
        assert not alive(pid)
        assert "正在停止其余进程" in process.stderr.read()
