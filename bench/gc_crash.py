"""Reproduce (or rule out) the segmentation fault during garbage collection (issue 15, item 7).

Run: python -m bench.gc_crash --database-url URL [--runs 3] [--timeout 900] [--budget 3600]
         [--python PATH] [--threshold N] [--pure PREFIX,...] [--block MODULE,...]
         [--repeat 5] [--only TEXT] [--logs DIR] [--gdb] [--hash-seed S]

Runs `bench.hr_reports` (with the collector ON) `--runs` times, each in a fresh child
process under `python -X faulthandler`, and prints one line per run: exit code, seconds,
and where faulthandler says it died. Each child's whole output is kept in --logs.
A run is killed after --timeout seconds, and no run starts once --budget is spent.

The child can change one thing at a time, to bisect:
- `--python PATH`: another interpreter (a venv with another SQLAlchemy, Debian's python3);
  it needs the project's dependencies installed, the code is read from this folder;
- `--threshold N`: `gc.set_threshold(N)`, so that the collector runs far more often
  (the default is 700: a smaller number makes a crash that depends on it come sooner);
- `--pure PREFIX`: load the pure-Python source of every compiled module under PREFIX that
  ships its `.py` beside the `.so` (SQLAlchemy 2.1's `*_cy` modules, fontTools' Cython
  modules); the documented switch of SQLAlchemy 2.0, DISABLE_SQLALCHEMY_CEXT_RUNTIME=1, is
  gone in 2.1, where the `.py` and the `.so` of each module lie side by side;
- `--block MODULE`: make importing MODULE fail, for optional accelerators that fall back
  to Python by themselves (markupsafe._speedups, yaml._yaml, wrapt._wrappers).
`--hash-seed S` makes runs replayable (run N gets PYTHONHASHSEED=S+N-1); `--gdb` prints the
C stack and, with bench/gc_crash_gdb.py, the dict that still held the freed object.
"""

from __future__ import annotations

import argparse
import gc
import importlib.abc
import importlib.machinery
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEGFAULT = -11  # a child killed by SIGSEGV
FRAME = re.compile(r'File "([^"]+)", line (\d+) in (\S+)')


class _Stub(importlib.abc.Loader):
    """Makes a module whose every attribute is a MagicMock: the package is not loaded at all."""

    def create_module(self, spec):
        from unittest import mock

        module = mock.MagicMock(name=spec.name)
        module.__path__ = []  # a package, so that its submodules are stubbed as well
        module.__spec__ = spec
        return module

    def exec_module(self, module):
        pass


def _under(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


class _Swap(importlib.abc.MetaPathFinder):
    """Loads the `.py` of compiled modules under `pure`, refuses the modules in `block`,
    and stubs out every module under `stub` (for packages the measured pages never call)."""

    def __init__(self, pure: tuple[str, ...], block: frozenset[str], stub: tuple[str, ...] = ()):
        self.pure, self.block, self.stub = pure, block, stub

    def find_spec(self, name, path, target=None):
        if name in self.block:
            raise ImportError(f"{name} blocked by bench.gc_crash")
        if _under(name, self.stub):
            return importlib.machinery.ModuleSpec(name, _Stub(), is_package=True)
        if not _under(name, self.pure):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not (spec.origin or "").endswith(".so"):
            return spec
        source = Path(spec.origin).with_name(name.rpartition(".")[2] + ".py")
        if not source.exists():
            return spec
        return importlib.util.spec_from_file_location(name, source)


def _extension_modules() -> list[str]:
    """Third-party compiled modules loaded now (the standard library's are left out)."""
    stdlib = Path(os.__file__).parent
    return sorted(
        name
        for name, module in list(sys.modules.items())
        if (getattr(module, "__file__", None) or "").endswith(".so")
        and not Path(module.__file__).is_relative_to(stdlib)
    )


def child(args) -> int:
    """The workload: the HR benchmark with the collector on, then what was loaded."""
    if args.pure or args.block or args.stub:
        block = frozenset(filter(None, args.block.split(",")))
        pure, stub = (tuple(filter(None, v.split(","))) for v in (args.pure, args.stub))
        sys.meta_path.insert(0, _Swap(pure, block, stub))
    if args.threshold:
        gc.set_threshold(args.threshold)
    import sqlalchemy
    from sqlalchemy.util import has_compiled_ext

    from . import hr_reports

    output = Path(tempfile.gettempdir()) / f"gc_crash-{os.getpid()}.json"
    argv = ["--repeat", str(args.repeat), "--only", args.only, "--output", str(output)]
    if args.database_url:
        argv += ["--database-url", args.database_url]
    code = hr_reports.main(argv)
    output.unlink(missing_ok=True)
    print(f"python {sys.version.split()[0]} ({sys.executable}), gc threshold {gc.get_threshold()}")
    print(f"sqlalchemy {sqlalchemy.__version__}, compiled extensions: {has_compiled_ext()}")
    print("extension modules: " + ", ".join(_extension_modules()))
    return code


def crash_site(output: str) -> str:
    """The innermost Python frame of the crashing thread, from faulthandler's report."""
    fatal = output.find("Fatal Python error")
    if fatal < 0:
        fatal = output.find("received signal SIGSEGV")  # under gdb
    if fatal < 0:
        return ""
    frames = FRAME.findall(output[fatal:])
    gc_note = " (garbage collecting)" if "Garbage-collecting" in output[fatal:] else ""
    if "received signal SIGSEGV" in output:
        return "SIGSEGV in " + _c_frames(output[fatal:]) + gc_note
    if not frames:
        return "no frame" + gc_note
    path, line, function = frames[0]
    short = path.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
    return f"{short}:{line} {function}{gc_note}"


def _c_frames(output: str, count: int = 6) -> str:
    """The innermost C functions of gdb's backtrace, innermost first."""
    names = re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(", output, re.MULTILINE)
    return " < ".join(names[:count]) or "?"


def _child_command(args) -> list[str]:
    command = [args.python, "-X", "faulthandler", "-m", "bench.gc_crash", "--child"]
    if args.gdb:
        # gdb stops at the SIGSEGV and prints the C stack: which object the collector visited.
        # gc-dict (bench/gc_crash_gdb.py) then prints the dict that still held the freed object.
        helper = str(Path(__file__).with_name("gc_crash_gdb.py"))
        command = [
            *("gdb", "-q", "-batch", "-x", helper, "-ex", "run", "-ex", "bt 25"),
            *("-ex", "gc-dict", "--args", *command),
        ]
    for option in ("database_url", "threshold", "pure", "block", "stub", "repeat", "only"):
        value = getattr(args, option)
        if value not in (None, ""):
            command += ["--" + option.replace("_", "-"), str(value)]
    return command


def _child_env(args, number: int) -> dict[str, str]:
    """The child's environment: with --hash-seed S, run N gets PYTHONHASHSEED=S+N-1, so that
    a crash can be replayed (string hashes, and so dict layouts, differ with every seed)."""
    env = dict(os.environ)
    if args.hash_seed is not None:
        env["PYTHONHASHSEED"] = str(args.hash_seed + number - 1)
    return env


def run_once(args, number: int, logs: Path) -> tuple[int | str, float, str]:
    """(exit code or "timeout", seconds, crash site) of one child."""
    started = time.monotonic()
    log = logs / f"run-{number}.log"
    with log.open("w") as out:
        try:
            code = subprocess.run(  # noqa: S603 (our own interpreter and module)
                _child_command(args),
                cwd=ROOT,
                env=_child_env(args, number),
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=args.timeout,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    return code, time.monotonic() - started, crash_site(log.read_text(errors="replace"))


def parent(args) -> int:
    """Run the children one after the other within the budget; the summary on stdout."""
    logs = Path(args.logs or tempfile.mkdtemp(prefix="gc_crash-"))
    logs.mkdir(parents=True, exist_ok=True)
    print(f"command: {' '.join(_child_command(args))}\nlogs: {logs}", flush=True)
    started, crashes, runs = time.monotonic(), 0, 0
    for number in range(1, args.runs + 1):
        if time.monotonic() - started + args.timeout > args.budget:
            print(f"budget of {args.budget} s spent: stopped before run {number}")
            break
        code, seconds, site = run_once(args, number, logs)
        runs += 1
        crashes += code == SEGFAULT or "SIGSEGV" in site
        seed = "" if args.hash_seed is None else f" (PYTHONHASHSEED={args.hash_seed + number - 1})"
        print(f"run {number}: exit {code}, {seconds:.0f} s{seed} {site}", flush=True)
    print(f"{crashes} segmentation fault(s) in {runs} run(s)")
    return 1 if crashes else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=900, help="seconds per run")
    parser.add_argument("--budget", type=int, default=3600, help="seconds for all runs")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the children")
    parser.add_argument("--threshold", type=int, default=None, help="gc.set_threshold(N)")
    parser.add_argument("--pure", default="", help="prefixes: load .py instead of .so")
    parser.add_argument("--block", default="", help="modules whose import must fail")
    parser.add_argument("--stub", default="", help="packages replaced by MagicMock modules")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="")
    parser.add_argument("--logs", default=None, help="folder for each run's output")
    parser.add_argument("--gdb", action="store_true", help="run each child under gdb")
    parser.add_argument(
        "--hash-seed", type=int, default=None, help="PYTHONHASHSEED of run 1 (+1 per run)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return child(args) if args.child else parent(args)


if __name__ == "__main__":
    sys.exit(main())
