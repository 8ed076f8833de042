"""Put on PYTHONPATH by scripts/shifted-clocks.sh only, for every Python it
starts. libfaketime 0.9.10, with the monotonic clock left real, shifts the
absolute deadline that time.sleep() hands to clock_nanosleep() by the fake
offset, and the call fails with EINVAL. select() waits as long with no deadline."""

import select
import time


def _sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = _sleep
