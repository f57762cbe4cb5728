"""Migration tests: the schema as reflected, and the database taken back to a release."""

from __future__ import annotations

import contextlib

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData

from elearn.extensions import db


def tables():
    """The tables as the database has them now (not as the models say)."""
    meta = MetaData()
    meta.reflect(db.engine)
    return meta.tables


@contextlib.contextmanager
def from_revision(make_app, revision: str):
    """Take the test database down to `revision` for the block (which gets the migrations
    directory) and back up to the newest schema afterwards, whatever happened."""
    app = make_app()
    with app.app_context():
        directory = app.config["MIGRATIONS_DIR"]
        db.session.remove()
        downgrade(directory=directory, revision=revision)
        try:
            yield directory
        finally:
            db.session.remove()
            upgrade(directory=directory)
