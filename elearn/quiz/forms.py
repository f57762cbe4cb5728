"""Forms of the quiz pages: the answers are read by services.read_responses, not WTForms."""

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button that changes something: start, skip, save or submit (CSRF only)."""
