"""Two versions of a body as a reader sees them: line by line (paragraphs,
table rows, images), with the changed words marked inside changed lines."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..media.html import blocks_of

# Numbers and Latin words change as a whole (1250 → 1320, not 1<ins>3</ins>2…);
# Chinese text is compared character by character.
TOKEN = re.compile(r"[0-9A-Za-z.%-]+|\s+|.", re.DOTALL)
# Beyond this many tokens a changed line is marked whole: matching inside it
# grows with the square of its length.
MAX_MARKED_TOKENS = 4000


@dataclass
class DiffRow:
    kind: str  # "same", "changed", "removed", "added"
    old: str  # safe HTML: escaped text with <del> marks
    new: str  # safe HTML: escaped text with <ins> marks


def _marked(old, new):
    """Both lines with what differs between them marked (<del> left, <ins> right)."""
    left, right = [], []
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    if len(old_tokens) + len(new_tokens) > MAX_MARKED_TOKENS:
        return format_html("<del>{}</del>", old), format_html("<ins>{}</ins>", new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            left.append(("{}", before))
            right.append(("{}", after))
            continue
        if before:
            left.append(("<del>{}</del>", before))
        if after:
            right.append(("<ins>{}</ins>", after))
    join = lambda parts: mark_safe("".join(format_html(template, text) for template, text in parts))  # noqa: E731
    return join(left), join(right)


def body_diff_rows(old_html, new_html):
    """Every line of both bodies, paired: unchanged, changed (words marked), removed or added."""
    old = [block.text for block in blocks_of(old_html)]
    new = [block.text for block in blocks_of(new_html)]
    rows = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [DiffRow("same", format_html("{}", line), format_html("{}", line)) for line in old[i1:i2]]
            continue
        left, right = old[i1:i2], new[j1:j2]
        paired = min(len(left), len(right)) if tag == "replace" else 0
        for a, b in zip(left[:paired], right[:paired], strict=True):
            rows.append(DiffRow("changed", *_marked(a, b)))
        rows += [DiffRow("removed", format_html("<del>{}</del>", line), mark_safe("")) for line in left[paired:]]
        rows += [DiffRow("added", mark_safe(""), format_html("<ins>{}</ins>", line)) for line in right[paired:]]
    return rows
