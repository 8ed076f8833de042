"""Spooled article views added to the view counts every minute (ops/schedule.py)."""

from ops.schedule import every

from .view_counts import view_counts_flush


@every(minutes=1)
def view_counts_flush_minutely():
    return view_counts_flush()
