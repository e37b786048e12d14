"""Keep OpenBLAS single-threaded while the engine runs its own worker threads.

The score matrix is built by one worker per core, each calling BLAS on its own block; BLAS
threads on top of that oversubscribe the cores (and on a busy machine its spinning threads
cost more than they give). numpy ships OpenBLAS, whose thread count can be set at run time
through the library's C API; when the library (or the symbol) is not found this does nothing.
Only the speed depends on it, never a result.

Why not ``threadpoolctl``: it finds the same library by inspecting every shared library the
process has loaded (about 190 with numpy, scipy and OR-Tools), which took 59-62 ms on the
first solve of a process against 19-20 ms for this lookup (3 fresh processes each, loaded
2-core machine, 2026-12-07); at N = 500 that difference alone is 2-3 times scipy's whole
assignment. Warm solves cost the same either way.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy  # noqa: F401  (loads the OpenBLAS that ``_api`` looks for)

_LOCK = threading.Lock()
_DEPTH = 0
_SAVED = 0


@cache
def _api() -> tuple[Callable[[], int], Callable[[int], None]] | None:
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    paths = sorted({line.split()[-1] for line in maps.splitlines() if "openblas" in line})
    for path in paths:
        if not path.startswith("/") or "numpy" not in path:
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas", "64_"), ("openblas", "64_"), ("openblas", "")):
            get = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
            put = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
            if get is not None and put is not None:
                get.restype, get.argtypes = ctypes.c_int, []
                put.restype, put.argtypes = None, [ctypes.c_int]
                return get, put
    return None


# looked up when the engine loads (the app loads it on first use), not inside the first solve
_api()


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """BLAS on one thread inside the block (re-entrant; restores the previous setting)."""
    global _DEPTH, _SAVED
    api = _api()
    if api is None:
        yield
        return
    get, put = api
    with _LOCK:
        if _DEPTH == 0:
            _SAVED = get()
            put(1)
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0:
                put(_SAVED)
