"""Role checks for views."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def roles_required(*roles: str):
    """Let through logged-in users holding one of `roles`; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def may_set_active(actor, target) -> bool:
    """Whether `actor` may deactivate or reactivate `target`'s account (their scope is the
    caller's check). Admins may for anyone; HR officers for employees in their scope who hold
    no HR or admin role (an officer does not switch off a colleague's oversight); nobody for
    themselves, so that the last admin cannot lock everyone out."""
    if actor.id == target.id:
        return False
    if actor.has_role("admin"):
        return True
    return actor.has_role("hr") and not target.has_role("hr", "admin")
