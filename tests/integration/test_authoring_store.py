"""Course sources kept in the database: version files, drafts and conflict detection."""

import pytest
from sqlalchemy import select

from elearn.authoring import store
from elearn.extensions import db
from elearn.models import Course, VersionFile
from elearn.publishing.folders import import_paths
from tests.helpers import minimal_course


def published(make_course, files=None):
    folder = make_course("kursus-uji", files)
    assert import_paths([str(folder)], echo=lambda *_: None)
    return db.session.scalar(select(Course).where(Course.slug == "kursus-uji"))


def test_publishing_keeps_the_exact_files(app, make_course):
    course = published(make_course)
    source = store.version_source(course.live_version, course.slug)
    assert set(source.files) == set(minimal_course())
    assert source.content_hash() == course.live_version.content_hash


def test_reimporting_backfills_a_version_published_without_sources(app, make_course):
    course = published(make_course)
    db.session.execute(db.delete(VersionFile))
    db.session.commit()
    with pytest.raises(store.NoSource):
        store.version_source(course.live_version, course.slug)
    published(make_course)  # same content: no new version, but the files are kept now
    assert store.version_source(course.live_version, course.slug).files


def test_draft_saves_detect_conflicts(app, make_course, make_user):
    course = published(make_course)
    author = make_user("pengajar", ("trainer",))
    store.start_draft(course, author.id)
    db.session.commit()
    first = store.draft_files(course.id)["01-pengantar.md"].revision
    assert store.save_file(course.id, "01-pengantar.md", b"# Baru\n", first, author.id) == first + 1
    with pytest.raises(store.DraftConflict) as conflict:
        store.save_file(course.id, "01-pengantar.md", b"# Lama\n", first, author.id)
    assert conflict.value.revision == first + 1
    with pytest.raises(store.DraftConflict):
        store.save_file(course.id, "01-pengantar.md", b"x", None, author.id)  # exists already
    store.rename_file(course.id, "01-pengantar.md", "01-awal.md", first + 1, author.id)
    assert set(store.draft_files(course.id)) == {"course.md", "01-awal.md", "02-lanjutan.md"}
    store.delete_file(course.id, "01-awal.md", first + 2, author.id)
    db.session.commit()
    assert store.draft_source(course).files.keys() == {"course.md", "02-lanjutan.md"}
    # The live version is untouched by the draft.
    assert "01-pengantar.md" in store.version_source(course.live_version, course.slug).files
