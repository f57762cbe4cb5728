"""What changed between two sets of course files, readable by a trainer: per file, by line.

Markdown files get a unified diff with the line numbers of both sides; media and other
binary files are listed by name and size only.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .source import normalise_text_bytes

CONTEXT = 3  # unchanged lines shown around each change
RENAME_SIMILARITY = 0.6  # a removed and an added Markdown file this alike are one file moved
MAX_DIFF_LINES = 20_000  # beyond this, difflib gets slow; say "too large" instead


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "hunk" (a gap between changes), "same", "add" or "del"
    old: int | None  # line number in the old file (None for an added line)
    new: int | None  # line number in the new file (None for a removed line)
    text: str


@dataclass(frozen=True)
class FileChange:
    path: str
    status: str  # "added", "removed", "changed" or "renamed"
    old_path: str | None = None  # for "renamed": where the file was
    text: bool = True  # False: a media or binary file, listed by size only
    old_size: int | None = None
    new_size: int | None = None
    lines: tuple[DiffLine, ...] = field(default=())
    added: int = 0
    removed: int = 0
    too_large: bool = False


def text_of(data: bytes) -> str | None:
    """Bytes as text with LF line endings, or None when they are not UTF-8."""
    try:
        return normalise_text_bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return None


def is_text_path(path: str) -> bool:
    return path.endswith(".md") and not path.startswith("media/")


def line_diff(old: str, new: str, context: int = CONTEXT) -> list[DiffLine]:
    """A unified diff of two texts: changes with `context` lines around, numbered on both sides."""
    a, b = _lines(old), _lines(new)
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        header = f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@"
        result.append(DiffLine("hunk", None, None, header))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for offset in range(i2 - i1):
                    result.append(
                        DiffLine("same", i1 + offset + 1, j1 + offset + 1, a[i1 + offset])
                    )
                continue
            for offset in range(i2 - i1):
                result.append(DiffLine("del", i1 + offset + 1, None, a[i1 + offset]))
            for offset in range(j2 - j1):
                result.append(DiffLine("add", None, j1 + offset + 1, b[j1 + offset]))
    return result


def unified_text(lines: list[DiffLine] | tuple[DiffLine, ...]) -> str:
    """The diff as plain text, one `+`/`-`/` ` line each (for copying or a terminal)."""
    marks = {"hunk": "", "same": " ", "add": "+", "del": "-"}
    return "\n".join(marks[line.kind] + line.text for line in lines)


def compare(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> list[FileChange]:
    """Every file added, removed, changed or renamed between two course folders, in folder order."""
    changes: list[FileChange] = []
    removed = sorted(p for p in old if p not in new)
    added = sorted(p for p in new if p not in old)
    for old_path, new_path in _renames(old, new, removed, added):
        removed.remove(old_path)
        added.remove(new_path)
        change = _changed(new_path, old[old_path], new[new_path])
        changes.append(replace(change, status="renamed", old_path=old_path))
    for path in sorted(p for p in new if p in old and old[p] != new[p]):
        change = _changed(path, old[path], new[path])
        if change.added or change.removed or not change.text or change.too_large:
            changes.append(change)
    for path in added:
        changes.append(_one_side(path, new[path], "added"))
    for path in removed:
        changes.append(_one_side(path, old[path], "removed"))
    return sorted(changes, key=lambda c: file_order(c.path))


def file_order(path: str) -> tuple:
    """course.md first, then the modules by number, other files, and media last."""
    if path == "course.md":
        return (0, 0, path)
    if path.startswith("media/"):
        return (3, 0, path)
    head = path.split("-", 1)[0]
    if head.isdigit() and "/" not in path:
        return (1, int(head), path)
    return (2, 0, path)


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline ends the last line; it is not an empty line of its own
    return lines


def _changed(path: str, before: bytes, after: bytes) -> FileChange:
    old_text, new_text = text_of(before), text_of(after)
    if not is_text_path(path) or old_text is None or new_text is None:
        return FileChange(path, "changed", text=False, old_size=len(before), new_size=len(after))
    if max(old_text.count("\n"), new_text.count("\n")) > MAX_DIFF_LINES:
        return FileChange(
            path, "changed", old_size=len(before), new_size=len(after), too_large=True
        )
    lines = line_diff(old_text, new_text)
    return FileChange(
        path,
        "changed",
        old_size=len(before),
        new_size=len(after),
        lines=tuple(lines),
        added=sum(1 for line in lines if line.kind == "add"),
        removed=sum(1 for line in lines if line.kind == "del"),
    )


def _one_side(path: str, data: bytes, status: str) -> FileChange:
    text = text_of(data) if is_text_path(path) else None
    size = {"old_size": len(data)} if status == "removed" else {"new_size": len(data)}
    if text is None:
        return FileChange(path, status, text=False, **size)
    if text.count("\n") > MAX_DIFF_LINES:
        return FileChange(path, status, too_large=True, **size)
    body = _lines(text)
    if status == "added":
        lines = [DiffLine("add", None, n, s) for n, s in enumerate(body, start=1)]
    else:
        lines = [DiffLine("del", n, None, s) for n, s in enumerate(body, start=1)]
    if lines:
        count = len(lines)
        header = f"@@ -0,0 +1,{count} @@" if status == "added" else f"@@ -1,{count} +0,0 @@"
        lines.insert(0, DiffLine("hunk", None, None, header))
    return FileChange(
        path,
        status,
        lines=tuple(lines),
        added=len(body) if status == "added" else 0,
        removed=len(body) if status == "removed" else 0,
        **size,
    )


def _renames(
    old: Mapping[str, bytes], new: Mapping[str, bytes], removed: list[str], added: list[str]
) -> list[tuple[str, str]]:
    """Pair removed with added files: identical bytes first, then alike Markdown files."""
    pairs: list[tuple[str, str]] = []
    free_old, free_new = list(removed), list(added)
    for new_path in list(free_new):
        same = next((p for p in free_old if old[p] == new[new_path]), None)
        if same is not None:
            pairs.append((same, new_path))
            free_old.remove(same)
            free_new.remove(new_path)
    scored = []
    for old_path in free_old:
        for new_path in free_new:
            if not (is_text_path(old_path) and is_text_path(new_path)):
                continue
            a, b = text_of(old[old_path]), text_of(new[new_path])
            if a is None or b is None:
                continue
            matcher = difflib.SequenceMatcher(None, _lines(a), _lines(b), autojunk=False)
            if matcher.real_quick_ratio() < RENAME_SIMILARITY:
                continue
            if matcher.quick_ratio() < RENAME_SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= RENAME_SIMILARITY:
                scored.append((-ratio, old_path, new_path))
    for _, old_path, new_path in sorted(scored):
        if old_path in free_old and new_path in free_new:
            pairs.append((old_path, new_path))
            free_old.remove(old_path)
            free_new.remove(new_path)
    return pairs
