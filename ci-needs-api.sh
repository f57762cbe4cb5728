#!/usr/bin/env bash
# The REST API part (issue 16) needs nothing from Debian: its Python packages (apispec;
# openapi-spec-validator and openapi-core for the tests) come with the usual
#   .venv/bin/pip install -e '.[test]'
# and its browser journey (tests/e2e/test_api_token_journey.py) uses /usr/bin/chromium,
# which CI installs already, and one test shares the rate limit through Redis
# (Debian's redis-server, started by the test itself; also installed by CI already).
set -euo pipefail
