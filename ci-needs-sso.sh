# Single sign-on tests (tests/helpers/oidc.py, tests/integration/test_sso_*.py,
# tests/e2e/test_sso_journey.py) run a real OpenID Provider: panva's oidc-provider on Node
# (Node 20 or newer; the version is pinned in tests/oidc/package-lock.json). Python side:
# Authlib and requests come with `pip install -e '.[test]'` (pyproject.toml).
command -v node >/dev/null || { apt-get update && apt-get install -y --no-install-recommends nodejs npm; }
(cd tests/oidc && npm ci --no-audit --no-fund)
