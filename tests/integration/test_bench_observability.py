"""bench/observability_cost.py runs and prints a cost per request for both log formats."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.helpers import ROOT


def test_the_cost_script_prints_both_formats():
    command = [sys.executable, "-m", "bench.observability_cost", "--number", "20"]
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120).stdout
    lines = out.decode().splitlines()
    assert [line.split(":")[0].strip() for line in lines] == ["plain", "json"]
    assert all(re.search(r"\d+\.\d us per request$", line) for line in lines)
