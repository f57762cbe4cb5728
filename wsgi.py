"""WSGI entry point: `gunicorn wsgi:app` or any WSGI server."""

from elearn import create_app

app = create_app()
