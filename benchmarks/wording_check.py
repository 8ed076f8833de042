"""How long the wording check (错敏词) takes on long articles against a large
rule list, next to the quadratic check it replaced (kept below only as a
baseline, for the 16,000 and 24,000-character drafts). Target: a 1 MB body in
under 200 ms. Run: DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python benchmarks/wording_check.py
Pass --no-baseline to skip the old check (it takes several seconds)."""

import os
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from news.editorial import wording  # noqa: E402
from news.editorial.wording import find_in_text  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure  # noqa: E402

# An article's paragraph, with a nested hit (此处 inside 此处插入) and a
# wrong official name, padded with ordinary text to about 2,000 characters.
ARTICLE = "苏力德苏木召开会议,此处插入图片,传达学习习近平总书记重要讲话精神,部署内蒙古省有关工作。" + (
    "苏木党委组织全体干部认真学习,结合本地实际,扎实推进乡村振兴、生态保护和民生改善各项工作。" * 45
)
# A draft full of placeholders, as the slow drafts were: a hit every few characters.
PLACEHOLDERS = "负责人XXX,此处插入图片,"


def old_find_in_text(text, *, field, rules):
    """The check as it was before: one casefold per character and a pairwise
    filter of nested hits. Baseline only."""
    chars, origin = [], []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).casefold()
        chars.append(folded)
        origin.extend([index] * len(folded))
    normalised = "".join(chars)
    automaton, _ = wording._automaton(rules)
    spans = []
    for end, (length, (phrase, correct_form, level, note)) in automaton.iter(normalised):
        spans.append((origin[end - length + 1], origin[end] + 1, phrase, correct_form, level, note))
    spans = [
        span
        for span in spans
        if not any(
            o is not span and o[0] <= span[0] and span[1] <= o[1] and (o[1] - o[0]) > (span[1] - span[0]) for o in spans
        )
    ]
    return sorted(spans)


def text_of_length(paragraph, length):
    return (paragraph * (length // len(paragraph) + 1))[:length]


def timed(function, *args, runs=1, **kwargs):
    start = time.perf_counter()
    for _ in range(runs):
        result = function(*args, **kwargs)
    return (time.perf_counter() - start) / runs, result


def main():
    import importlib

    baseline = "--no-baseline" not in sys.argv
    starter = importlib.import_module("news.migrations.0004_wording_starter_list").STARTER_RULES
    # The starter list plus 5,000 made-up phrases, as a large site's list might grow.
    rules = tuple(starter) + tuple((f"虚构错词{n:05d}", "", "block", "") for n in range(5000))
    find_in_text("预热", field="正文", rules=rules)  # builds the automaton once
    print(f"rules: {len(rules)}")
    cases = (
        ("draft full of placeholders", PLACEHOLDERS, 16_000, baseline),
        ("draft full of placeholders", PLACEHOLDERS, 24_000, baseline),
        ("article text", ARTICLE, 1_000_000, False),
        ("nothing but XXX", "X", 1_000_000, False),
    )
    for label, paragraph, length, old_too in cases:
        text = text_of_length(paragraph, length)
        elapsed, hits = timed(find_in_text, text, field="正文", rules=rules, runs=3)
        line = f"{label:<27} {length:>9,} characters, {len(hits):>5,} hits listed: {elapsed * 1000:7.1f} ms"
        if old_too:
            old_elapsed, old_spans = timed(old_find_in_text, text, field="正文", rules=rules)
            listed = [(h.position - 1, h.phrase) for h in hits if not h.overflow]
            assert listed == [(s[0], s[2]) for s in old_spans][: len(listed)]
            line += f"; before: {old_elapsed * 1000:,.0f} ms ({old_elapsed / elapsed:,.0f} times as long)"
        print(line)
        if not old_too:
            figure(
                f"wording check, {label}, {length:,} characters",
                f"{elapsed * 1000:.0f}",
                "ms",
                f"{len(rules):,} rules, {len(hits):,} hits listed"
                + (", target < 200 ms" if label == "article text" else ""),
            )
    start = time.perf_counter()
    find_in_text("x", field="正文", rules=rules + (("新规则", "", "block", ""),))
    print(f"automaton rebuild after a rule change: {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
