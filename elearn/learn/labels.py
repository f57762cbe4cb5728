"""How learner pages word durations and the next step, one way on every
page (registered as Jinja filters by the learn blueprint)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from ..domain import steps
from ..domain.steps import Step


def duration(minutes: int, jp: int | None = None) -> str:
    """A course as "5 JP (225 menit)", a module (no JP of its own) as "40 menit"."""
    if jp is None:
        return _("%(m)s menit", m=minutes)
    return _("%(jp)s JP (%(m)s menit)", jp=jp, m=minutes)


def step_url(step: Step, slug: str) -> str:
    """Where a step of the course `slug` is taken."""
    if step.kind == steps.MODULE:
        return url_for("learn.module", slug=slug, module=step.module)
    if step.kind == steps.QUIZ:
        return url_for("quiz.module_quiz", slug=slug, module=step.module)
    if step.kind == steps.EXAM:
        return url_for("quiz.exam", slug=slug)
    if step.kind == steps.SURVEY:
        return url_for("learn.survey", slug=slug)
    return task_url(slug)


def task_url(slug: str) -> str:
    """The workplace task's page of the course `slug`."""
    return url_for("tasks.task", slug=slug)


def step_label(step: Step) -> str:
    """What the learner does next, said under the "Lanjutkan" button."""
    labels = {
        steps.MODULE: _("Baca modul berikutnya"),
        steps.QUIZ: _("Kerjakan kuis modul"),
        steps.EXAM: _("Kerjakan Ujian Akhir"),
        steps.TASK: _("Kirim tugas penerapan"),
        steps.SURVEY: _("Isi survei kepuasan"),
    }
    return labels[step.kind]
