"""Forms of the quiz pages: the answers are read by services.read_responses, not WTForms."""

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked


class ActionForm(FlaskForm):
    """A button that changes something: start, skip, save or submit (CSRF only)."""
