# Single sign-on tests (tests/helpers/oidc.py, tests/integration/test_sso_*.py,
# tests/e2e/test_sso_journey.py) run a real OpenID Provider: panva's oidc-provider 9.13.3 on
# Node (20 or newer; pinned in tests/oidc/package-lock.json). The Python side (Authlib,
# requests) comes with `pip install -e '.[test]'` (pyproject.toml). In CI the tests fail,
# never skip, when this was not run.
command -v node >/dev/null || { apt-get update && apt-get install -y --no-install-recommends nodejs npm; }
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "ci-needs-sso.sh: oidc-provider needs Node 20 or newer, found $(node -v)" >&2
  exit 1
fi
(cd tests/oidc && npm ci --no-audit --no-fund)
