"""Run several commands as one: `make run` starts gunicorn and the task
worker (`manage.py db_worker`) side by side with this. Ctrl-C (or SIGTERM)
stops them all; if one of them ends, the others are stopped too and its exit
status is returned, so a crashed worker never goes unnoticed.

    python scripts/supervise.py -- gunicorn portal.wsgi … -- python manage.py db_worker
"""

import signal
import subprocess
import sys
import time


def commands_of(argv):
    commands, current = [], []
    for arg in argv:
        if arg == "--":
            if current:
                commands.append(current)
            current = []
        else:
            current.append(arg)
    if current:
        commands.append(current)
    return commands


def stop(processes, grace=10.0):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv):
    commands = commands_of(argv)
    if not commands:
        sys.exit("用法:supervise.py -- 命令一 … -- 命令二 …")
    processes = [subprocess.Popen(command) for command in commands]
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stopping:
            ended = [process for process in processes if process.poll() is not None]
            if ended:
                print(f"进程已退出({' '.join(ended[0].args)}),正在停止其余进程。", file=sys.stderr, flush=True)
                stop(processes)
                return ended[0].returncode or 1
            time.sleep(0.2)
    finally:
        stop(processes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
