"""Readable per-file differences between two course folders."""

from elearn.content import diff


def test_line_diff_numbers_both_sides():
    old = "satu\ndua\ntiga\nempat\n"
    new = "satu\ndua diubah\ntiga\nempat\nlima\n"
    lines = diff.line_diff(old, new, context=1)
    kinds = [(line.kind, line.old, line.new, line.text) for line in lines]
    assert kinds[0][0] == "hunk"
    assert ("del", 2, None, "dua") in kinds
    assert ("add", None, 2, "dua diubah") in kinds
    assert ("add", None, 5, "lima") in kinds
    assert ("same", 1, 1, "satu") in kinds
    text = diff.unified_text(lines)
    assert "-dua\n+dua diubah" in text


def test_identical_texts_have_no_diff():
    assert diff.line_diff("a\nb\n", "a\nb\n") == []


def test_crlf_is_not_a_change():
    old = {"course.md": b"a\r\nb\r\n"}
    new = {"course.md": b"a\nb\n"}
    assert diff.compare(old, new) == []


def test_compare_lists_added_removed_changed_and_media_in_folder_order():
    old = {
        "course.md": b"---\ntitle: A\n---\n",
        "01-a.md": b"isi a\n",
        "02-b.md": b"isi b\n",
        "media/x.png": b"\x89PNG\r\n\x1a\n" + b"0" * 10,
    }
    new = {
        "course.md": b"---\ntitle: B\n---\n",
        "01-a.md": b"isi a\n",
        "03-c.md": b"modul baru\nbaris dua\n",
        "media/x.png": b"\x89PNG\r\n\x1a\n" + b"1" * 2000,
        "media/y.png": b"\x89PNG\r\n\x1a\n",
    }
    changes = diff.compare(old, new)
    assert [(c.path, c.status) for c in changes] == [
        ("course.md", "changed"),
        ("02-b.md", "removed"),
        ("03-c.md", "added"),
        ("media/x.png", "changed"),
        ("media/y.png", "added"),
    ]
    course, removed, added, media, new_media = changes
    assert (course.added, course.removed) == (1, 1)
    assert removed.removed == 1 and removed.old_size == 6
    assert [line.new for line in added.lines if line.kind == "add"] == [1, 2]
    assert not media.text and (media.old_size, media.new_size) == (18, 2008)
    assert new_media.new_size == 8 and not new_media.lines


def test_a_module_moved_to_a_new_number_is_a_rename():
    body = "---\ntitle: Satu\n---\n\n" + "".join(f"baris {n}\n" for n in range(20))
    old = {"01-satu.md": body.encode(), "02-dua.md": b"dua\n"}
    new = {"02-satu.md": body.encode(), "01-dua.md": b"dua\n"}
    changes = diff.compare(old, new)
    assert [(c.path, c.status, c.old_path) for c in changes] == [
        ("01-dua.md", "renamed", "02-dua.md"),
        ("02-satu.md", "renamed", "01-satu.md"),
    ]
    assert all(not c.lines for c in changes)
    # Renamed and edited a little: still one file, with its line changes.
    edited = {"01-pertama.md": body.replace("baris 3", "baris tiga").encode()}
    (change,) = diff.compare({"01-satu.md": body.encode()}, edited)
    assert (change.status, change.old_path, change.added, change.removed) == (
        "renamed",
        "01-satu.md",
        1,
        1,
    )


def test_unrelated_files_are_not_paired():
    changes = diff.compare({"01-a.md": b"apel\nmangga\n"}, {"01-b.md": b"kucing\nanjing\n"})
    assert sorted(c.status for c in changes) == ["added", "removed"]


def test_file_order():
    paths = ["media/a.png", "10-x.md", "course.md", "2-y.md", "catatan.md"]
    assert sorted(paths, key=diff.file_order) == [
        "course.md",
        "2-y.md",
        "10-x.md",
        "catatan.md",
        "media/a.png",
    ]


def test_non_utf8_markdown_is_listed_by_size():
    (change,) = diff.compare({"01-a.md": b"ok\n"}, {"01-a.md": b"\xff\xfe"})
    assert not change.text and change.new_size == 2
