"""Forms on learner pages."""

from flask_wtf import FlaskForm


class MarkReadForm(FlaskForm):
    """Marks a module as read; carries only the CSRF token."""
