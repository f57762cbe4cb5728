"""WSGI entry point: `gunicorn wsgi:app` or any WSGI server."""

import gc

from elearn import create_app

app = create_app()

# What loading the app allocated (some 170,000 objects: the models, the templates, the
# libraries) lives as long as the process. Frozen, the collector stops walking it: a full
# collection in a worker went from about 240 ms to under 1 ms (bench/README.md), a pause
# that would otherwise land on some learner's request.
gc.collect()
gc.freeze()
