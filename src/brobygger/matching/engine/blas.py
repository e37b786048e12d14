"""Keep BLAS single-threaded while the engine runs its own worker threads.

The score matrix is built by one worker per core, each calling BLAS on its own block; BLAS
threads on top of that oversubscribe the cores (and on a busy machine its spinning threads
cost more than they give). ``threadpoolctl`` finds the BLAS libraries loaded in the process
and sets their thread count; without one it does nothing. Only the speed depends on it,
never a result.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from threadpoolctl import ThreadpoolController

_LOCK = threading.Lock()
_DEPTH = 0
_LIMIT: Any = None


@cache
def _controller() -> ThreadpoolController:
    # scanning the loaded libraries costs about a millisecond: once per process
    return ThreadpoolController()


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """BLAS on one thread inside the block (re-entrant; restores the previous setting)."""
    global _DEPTH, _LIMIT
    with _LOCK:
        if _DEPTH == 0:
            _LIMIT = _controller().limit(limits=1, user_api="blas")
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0:
                _LIMIT.restore_original_limits()
                _LIMIT = None
