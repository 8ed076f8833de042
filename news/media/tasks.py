"""Editor images nobody uses any more, removed every night (ops/schedule.py)."""

from datetime import time

from ops.schedule import daily

from .image_cleanup import editor_images_unused_purge


@daily(at=time(4, 0))
def editor_images_unused_purge_daily():
    return len(editor_images_unused_purge())
