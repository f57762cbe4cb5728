"""Migration tests: the schema as reflected, and the database taken down to a revision."""

from __future__ import annotations

import contextlib

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData

from elearn.extensions import db


def tables():
    meta = MetaData()
    meta.reflect(db.engine)
    return meta.tables


@contextlib.contextmanager
def down_to(app, revision: str):
    """Downgrade the suite's database to `revision` for the block (with a request context,
    so services may be called); upgrade to the newest afterwards, whatever happened."""
    with app.test_request_context():
        directory = app.config["MIGRATIONS_DIR"]
        db.session.remove()
        downgrade(directory=directory, revision=revision)
        try:
            yield directory
        finally:
            db.session.remove()
            upgrade(directory=directory)
