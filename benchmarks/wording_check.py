"""How long the wording check (错敏词) takes on long articles against a large
rule list. Run: DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python benchmarks/wording_check.py"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from news.wording import find_in_text  # noqa: E402


def main():
    import importlib

    starter = importlib.import_module("news.migrations.0004_wording_starter_list").STARTER_RULES
    # The starter list plus 5,000 made-up phrases, as a large site's list might grow.
    rules = tuple(starter) + tuple((f"虚构错词{n:05d}", "", "block", "") for n in range(5000))
    text = "苏力德苏木召开会议,传达学习习近平总书记重要讲话精神,部署内蒙古自治区有关工作。" * 500
    find_in_text("预热", field="正文", rules=rules)  # builds the automaton once
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        hits = find_in_text(text, field="正文", rules=rules)
    elapsed = (time.perf_counter() - start) / runs
    print(f"rules: {len(rules)}, text: {len(text)} characters, hits: {len(hits)}")
    print(f"check: {elapsed * 1000:.2f} ms per article ({len(text) / elapsed / 1e6:.1f} M characters/s)")
    start = time.perf_counter()
    find_in_text("x", field="正文", rules=rules + (("新规则", "", "block", ""),))
    print(f"automaton rebuild after a rule change: {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
