"""A real LRS for the xAPI tests: Ralph (PyPI `ralph-malph`) with its file-system backend,
run from a venv of its own (its FastAPI pins would clash with ours) on a free loopback port
with HTTP basic auth. .ci/run installs that venv; RALPH_VENV may point elsewhere."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.servers import ROOT, _stop, free_port, wait_until

LAUNCH = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""
USERNAME, PASSWORD = "elearn-lrs", "rahasia-lrs-uji"
HOME = "https://elearn.example.go.id"


def ralph_venv() -> Path | None:
    """The venv holding Ralph: $RALPH_VENV, /opt/ralph-venv, or .ralph-venv in the repo."""
    given = os.environ.get("RALPH_VENV")
    for candidate in ([Path(given)] if given else []) + [
        Path("/opt/ralph-venv"),
        ROOT / ".ralph-venv",
    ]:
        if (candidate / "bin" / "ralph").exists():
            return candidate
    return None


def require_venv() -> Path:
    venv = ralph_venv()
    if venv is None:
        message = "Ralph (ralph-malph) is not installed: see the Ralph step of .ci/run"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return venv


class Ralph:
    """One Ralph LRS; stop() and start() again keep its stored statements (same folder)."""

    def __init__(self, workdir: Path):
        self.venv = require_venv()
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(workdir / "app"),
            "RALPH_AUTH_FILE": str(workdir / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
        }
        subprocess.run(
            [str(self.venv / "bin" / "ralph"), "auth", "-u", USERNAME, "-p", PASSWORD]
            + ["-s", "all", "-A", "lrs", HOME, "-w"],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    @property
    def data(self) -> Path:
        folder = self.workdir / "data"
        folder.mkdir(exist_ok=True)
        return folder

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    def start(self) -> None:
        """What `ralph runserver -b fs` starts (Ralph's API app under uvicorn), with one
        change: its file-system backend appends. In ralph-malph 5.1 it creates its one
        statements file on the first POST and refuses every later write (500), which is
        right for its file export and wrong for an LRS taking more than one batch."""
        log = open(self.workdir / "ralph.log", "ab")  # noqa: SIM115 (closed with the process)
        command = [str(self.venv / "bin" / "python"), "-c", LAUNCH, str(self.port)]
        env = {**self.env, "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data)}
        self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        log.close()
        wait_until(self._answers, "ralph runserver", timeout=120)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            log = (self.workdir / "ralph.log").read_text(errors="replace")[-2000:]
            raise AssertionError(f"ralph runserver exited:\n{log}")
        try:
            return self.get("/whoami") is not None
        except OSError:
            return False

    def get(self, path: str) -> dict:
        pair = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        call = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Authorization": f"Basic {pair}", "X-Experience-API-Version": "1.0.3"},
        )
        with urllib.request.urlopen(call, timeout=10) as answer:  # noqa: S310 (loopback)
            return json.loads(answer.read())

    def statements(self) -> list[dict]:
        """Every statement the LRS stores, following its `more` pages."""
        found, path = [], "/xAPI/statements?limit=100"
        while path:
            page = self.get(path)
            found += page["statements"]
            path = page.get("more") or ""
        return found

    def validate(self, statements: list[dict]) -> None:
        """Check `statements` against Ralph's own pydantic model of an xAPI statement."""
        script = (
            "import json, sys\n"
            "from ralph.models.xapi.base.statements import BaseXapiStatement\n"
            "for s in json.load(sys.stdin): BaseXapiStatement(**s)\n"
        )
        done = subprocess.run(
            [str(self.venv / "bin" / "python"), "-c", script],
            input=json.dumps(statements),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]


def xapi_config(endpoint: str) -> dict:
    """The app settings that turn xAPI on against `endpoint`."""
    return {
        "XAPI_ENDPOINT": endpoint,
        "XAPI_USERNAME": USERNAME,
        "XAPI_PASSWORD": PASSWORD,
        "PUBLIC_URL": "https://elearn.example.go.id",
        "XAPI_TIMEOUT": 5,
    }
