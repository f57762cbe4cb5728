"""A catalog card's part that is the same for every learner (title, summary, duration, exam
size, category, competencies): a function of the course version alone, which never changes,
so it is rendered once per worker and version (elearn/fragments.py). The learner's progress
and "Lanjutkan" under it are rendered on every page."""

from __future__ import annotations

from markupsafe import Markup

from ..fragments import cached
from ..live_versions import VersionView


def course_card(slug: str, version: VersionView) -> Markup:
    return cached("learn/_card.html", (slug, version.id), slug=slug, v=version)
