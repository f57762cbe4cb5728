"""gdb commands for bench/gc_crash.py --gdb: which dict held the freed object (issue 15, item 7).

Loaded by gdb (`source bench/gc_crash_gdb.py`), not by Python. After the SIGSEGV, `gc-dict`
finds the collector's `visit_decref` frame and prints the container it was traversing (a dict)
entry by entry: the string keys name the object that owns it (the 2026-12-02 runs showed an
SQLAlchemy InstanceState whose `load_path` had been freed). The layout read here is CPython
3.11's (Objects/dictobject.c, Include/internal/pycore_dict.h); needs the interpreter's debug
symbols (pyenv builds have them).
"""

import gdb  # noqa: I001 (only importable inside gdb)


def _eval(expression):
    return gdb.parse_and_eval(expression)


TYPE_SUBCLASS = 1 << 31  # Py_TPFLAGS_TYPE_SUBCLASS: the object is a class


def _describe(address: int, depth: int = 0) -> str:
    """`'text'` for a str, the number for an int, a class's name, a tuple's first items (an
    identity key names the mapped class), else `<type at 0x...>`, or why not."""
    if not address:
        return "NULL"
    try:
        name = _eval(f"((PyObject*){address})->ob_type->tp_name").string()
        flags = int(_eval(f"((PyObject*){address})->ob_type->tp_flags"))
    except gdb.error as exc:
        return f"<unreadable object at {address:#x}: {exc}>"
    try:
        if name == "str":
            return repr(_eval(f"(char*)PyUnicode_AsUTF8((PyObject*){address})").string())
        if name == "int":
            return str(int(_eval(f"PyLong_AsLong((PyObject*){address})")))
        if flags & TYPE_SUBCLASS:
            return "class " + _eval(f"((PyTypeObject*){address})->tp_name").string()
        if name == "tuple" and depth < 2:
            size = int(_eval(f"((PyVarObject*){address})->ob_size"))
            items = [
                _describe(int(_eval(f"((PyTupleObject*){address})->ob_item[{i}]")), depth + 1)
                for i in range(min(size, 3))
            ]
            return "(" + ", ".join(items) + (", ...)" if size > 3 else ")")
    except gdb.error:
        pass
    return f"<{name} at {address:#x}>"


def _entries(dict_address: int):
    """(key address, value address) of each live entry of a CPython 3.11 dict."""
    mp = _eval(f"(PyDictObject*){dict_address}")
    keys = mp["ma_keys"].dereference()
    unicode_keys = int(keys["dk_kind"]) != 0  # DICT_KEYS_GENERAL is 0
    entry_type = "PyDictUnicodeEntry" if unicode_keys else "PyDictKeyEntry"
    start = (
        int(mp["ma_keys"])
        + int(_eval("sizeof(PyDictKeysObject)"))
        + (1 << int(keys["dk_log2_index_bytes"]))
    )
    values = int(mp["ma_values"])  # a split table keeps its values apart
    for index in range(int(keys["dk_nentries"])):
        entry = _eval(f"(({entry_type}*){start})[{index}]")
        key, value = int(entry["me_key"]), int(entry["me_value"])
        if values:
            value = int(_eval(f"((PyDictValues*){values})->values[{index}]"))
        if key:
            yield key, value


class GcDict(gdb.Command):
    """gc-dict: print the dict the collector was traversing when it met a freed object."""

    def __init__(self):
        super().__init__("gc-dict", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        frame = gdb.newest_frame()
        while frame is not None and frame.name() != "visit_decref":
            frame = frame.older()
        if frame is None:
            print("gc-dict: no visit_decref frame (the crash is not in the collector's visit)")
            return
        bad, parent = (int(frame.read_var(name)) for name in ("op", "parent"))
        kind = _describe(parent)
        print(f"gc-dict: visiting {bad:#x} from {kind}")
        if not kind.startswith("<dict "):
            return
        for key, value in _entries(parent):
            mark = "   <-- the object being visited" if value == bad else ""
            print(f"  {_describe(key)}: {_describe(value)}{mark}")


GcDict()
