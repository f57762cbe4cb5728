"""Parts of learner pages that are a function of the course version alone, which never
changes (a publish makes a new version): rendered once per worker and version
(elearn/fragments.py) instead of on every page view. What is the learner's own (progress,
"Lanjutkan", the read button, the reflection note) is rendered around them every time.

- the catalog card: title, summary, duration, exam size, category, competencies;
- the module text: the crumbs, "Modul n dari m", the title, the table of contents and the
  module's HTML;
- the module's previous and next links.
"""

from __future__ import annotations

from markupsafe import Markup

from ..domain.progress import neighbours
from ..fragments import cached
from ..live_versions import ModuleView, VersionView


def course_card(slug: str, version: VersionView) -> Markup:
    return cached("learn/_card.html", (slug, version.id), slug=slug, v=version)


def module_text(slug: str, version: VersionView, module: ModuleView) -> Markup:
    return cached(
        "learn/_module_text.html",
        (slug, version.id, module.slug),
        slug=slug,
        version=version,
        module=module,
        total=len(version.modules),
    )


def module_links(slug: str, version: VersionView, module: ModuleView) -> Markup:
    before, after = neighbours([m.slug for m in version.modules], module.slug)
    return cached(
        "learn/_module_links.html",
        (slug, version.id, module.slug),
        slug=slug,
        before=before,
        after=after,
        titles={m.slug: m.title for m in version.modules},
    )
