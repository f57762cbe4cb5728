# xAPI tests (tests/integration/test_xapi_*.py) start Ralph, a real LRS, from a venv of its
# own: its FastAPI/pydantic pins must not meet ours. tests/helpers/ralph.py finds it here.
# `requests` is imported by Ralph's OIDC module at start-up but not declared by [cli,lrs].
python3 -m venv /opt/ralph-venv
/opt/ralph-venv/bin/pip install -q 'ralph-malph[cli,lrs]==5.1.0' 'requests>=2.31'
