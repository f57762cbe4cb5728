"""The garbage-collection crash bisector (bench/gc_crash.py): what it reads and what it swaps."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from bench.gc_crash import _child_command, _Swap, crash_site, main, parse_args

FAULTHANDLER = """database: sqlite:////tmp/bench/bench.db
Fatal Python error: Segmentation fault

Current thread 0x00007f3c2f4a3740 (most recent call first):
  Garbage-collecting
  File "/v/site-packages/sqlalchemy/orm/instrumentation.py", line 509 in new_instance
  File "/v/site-packages/sqlalchemy/orm/loading.py", line 1153 in _instance
  File "/w/elearn/auth/sessions.py", line 80 in load_user

Extension modules: sqlalchemy.engine._row_cy, markupsafe._speedups (total: 2)
"""

GDB = """Program received signal SIGSEGV, Segmentation fault.
0x00007ffff7c1e2a0 in visit_decref (op=0x7fffe0001) at Modules/gcmodule.c:465
#0  0x00007ffff7c1e2a0 in visit_decref (op=0x7fffe0001) at Modules/gcmodule.c:465
#1  0x00007ffff7b9a111 in dict_traverse (op=0x0) at Objects/dictobject.c:3549
#2  subtract_refs (containers=<optimized out>) at Modules/gcmodule.c:491
"""


def test_the_innermost_frame_of_a_faulthandler_report_is_the_crash_site():
    site = crash_site(FAULTHANDLER)
    assert site == "sqlalchemy/orm/instrumentation.py:509 new_instance (garbage collecting)"


def test_under_gdb_the_innermost_c_functions_are_the_crash_site():
    assert crash_site(GDB) == "SIGSEGV in visit_decref < dict_traverse < subtract_refs"


def test_a_clean_run_has_no_crash_site():
    assert crash_site("8 of 8 pages answered 200; 0 over target.\n") == ""


def test_a_compiled_module_with_its_source_beside_it_loads_from_the_source():
    package = importlib.util.find_spec("sqlalchemy.engine")
    spec = _Swap(("sqlalchemy",), frozenset()).find_spec(
        "sqlalchemy.engine._row_cy", package.submodule_search_locations
    )
    assert spec.origin.endswith("_row_cy.py")


def test_modules_outside_the_prefixes_are_left_to_the_normal_finders():
    assert _Swap(("sqlalchemy",), frozenset()).find_spec("markupsafe", None) is None
    with pytest.raises(ImportError):
        _Swap((), frozenset({"yaml._yaml"})).find_spec("yaml._yaml", None)


def test_the_child_gets_only_the_options_that_were_given():
    args = parse_args(["--database-url", "sqlite:///x.db", "--block", "yaml._yaml", "--gdb"])
    command = _child_command(args)
    # gdb loads the gc-dict command first and runs it after the backtrace.
    assert command[:4] == ["gdb", "-q", "-batch", "-x"]
    assert command[4].endswith("bench/gc_crash_gdb.py")
    assert command[command.index("--args") - 1] == "gc-dict"
    assert command[command.index("--child") + 1 :] == [
        "--database-url",
        "sqlite:///x.db",
        "--block",
        "yaml._yaml",
        "--repeat",
        "5",
    ]


def test_a_run_that_crashes_is_counted_and_its_site_printed(tmp_path, monkeypatch, capsys):
    def crashing(command, *, stdout, **kwargs):
        stdout.write(FAULTHANDLER)
        return subprocess.CompletedProcess(command, -11)

    monkeypatch.setattr(subprocess, "run", crashing)
    assert main(["--runs", "2", "--timeout", "5", "--logs", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "run 2: exit -11" in out and "new_instance (garbage collecting)" in out
    assert "2 segmentation fault(s) in 2 run(s)" in out
    assert (tmp_path / "run-1.log").read_text() == FAULTHANDLER


def test_python_is_this_interpreter_by_default():
    assert parse_args([]).python == sys.executable


def test_a_stubbed_package_and_its_submodules_are_mocks():
    finder = _Swap((), frozenset(), ("nh3",))
    spec = finder.find_spec("nh3.nh3", None)
    module = spec.loader.create_module(spec)
    assert callable(module.clean) and module.__path__ == []
    assert finder.find_spec("nh3x", None) is None


def test_with_a_hash_seed_each_run_gets_the_next_seed(tmp_path, monkeypatch, capsys):
    seeds = []

    def clean(command, *, stdout, env, **kwargs):
        seeds.append(env["PYTHONHASHSEED"])
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", clean)
    assert main(["--runs", "3", "--hash-seed", "6", "--logs", str(tmp_path)]) == 0
    assert seeds == ["6", "7", "8"]
    assert "run 2: exit 0, 0 s (PYTHONHASHSEED=7)" in capsys.readouterr().out


def test_without_a_hash_seed_the_child_keeps_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", "random")
    seen = []

    def clean(command, *, stdout, env, **kwargs):
        seen.append(env.get("PYTHONHASHSEED"))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", clean)
    assert main(["--runs", "1", "--logs", str(tmp_path)]) == 0
    assert seen == ["random"]
