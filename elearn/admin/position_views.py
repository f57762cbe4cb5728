"""Position profile pages: the list a viewer may see, editing, copying a national template.

A government's profiles are changed only by officers whose scope holds that whole
government, templates only by admins (`reporting.governments`); any other id is a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from ..domain.positions import POSITION_TYPES
from ..extensions import db
from ..models import Position
from ..reporting import governments
from ..reporting.scope import scope_for
from . import services
from .position_entry import PositionEntry
from .views import CsrfForm, bp, int_or_none


@bp.get("/positions")
@roles_required("hr", "admin")
def positions():
    """The positions the viewer may see, with the levels each requires and what they may do."""
    scope = scope_for(current_user)
    rows = governments.visible_positions(scope)
    wholes = governments.whole_governments(scope)
    targets = services.governments() if wholes is None else services.units_by_id(wholes)
    return render_template(
        "admin/positions.html",
        positions=rows,
        # One look-up of the viewer's governments, not one per row.
        changeable={p.id for p in rows if wholes is None or p.government_id in (wholes or ())},
        targets=targets,
        names={u.id: u.name for u in services.governments()},
        form=CsrfForm(),
    )


@bp.route("/positions/<int(max=2147483647):position_id>", methods=["GET", "POST"])
@roles_required("hr", "admin")
def position(position_id: int):
    """Edit a position's name, type and required level per competency."""
    position = governments.changeable_or_404(scope_for(current_user), position_id)
    competencies = services.competencies()
    form = CsrfForm()
    entry = PositionEntry.of(position)
    if request.method == "POST" and form.validate_on_submit():
        entry = PositionEntry.read(request.form, competencies)
        if not entry.errors:
            services.save_position(
                position, entry.name, entry.type, entry.levels, current_user.id, entry.front_line
            )
            flash(_("Profil jabatan %(c)s tersimpan.", c=position.code), "success")
            return redirect(url_for("admin.positions"))
    return render_template(
        "admin/position.html",
        position=position,
        competencies=competencies,
        entry=entry,
        types=POSITION_TYPES,
        form=form,
    ), 422 if entry.errors else 200


@bp.post("/positions/<int(max=2147483647):position_id>/copy")
@roles_required("hr", "admin")
def copy_position(position_id: int):
    """Copy a national template into a government the viewer oversees whole."""
    scope = scope_for(current_user)
    template = db.session.get(Position, position_id)
    if template is None or template.government_id is not None or not CsrfForm().validate():
        abort(404 if template is None or template.government_id is not None else 400)
    wholes = governments.whole_governments(scope)
    target = int_or_none(request.form.get("government_id"))
    allowed = {g.id for g in services.governments()} if wholes is None else set(wholes)
    if target not in allowed:
        flash(_("Pilih pemerintah daerah yang menjadi cakupan Anda."), "error")
    elif services.copy_position(template, target, current_user.id) is None:
        flash(_("Kode %(c)s sudah ada di pemerintah daerah itu.", c=template.code), "error")
    else:
        flash(_("Templat %(c)s disalin.", c=template.code), "success")
    return redirect(url_for("admin.positions"))
