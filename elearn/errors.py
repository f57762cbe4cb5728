"""The refusal a service raises when the user asked for something the rules do not allow."""

from __future__ import annotations


class Refusal(Exception):
    """A request turned down, with the message the user reads and the HTTP status it gets."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
