"""Child processes of the intake chain (ocrmypdf, soffice): each in its own process group, killed as a whole when
its time is up, so that a hostile or broken file never keeps a core busy after its run ended."""

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping

# How often a waiting run looks at its child (and calls its ``tick``: e.g. reading the OCR's page progress).
TICK_SECONDS = 1.0


def run_in_group(
    command: list[str], *, timeout: float, env: Mapping[str, str], tick: Callable[[], None] | None = None
) -> tuple[int | None, bytes]:
    """Run ``command`` with ``env`` in a new session (its own process group); past ``timeout`` the whole group
    (the command and everything it started) is killed. ``tick`` is called about every second while it runs.
    Returns the exit code (``None``: it timed out) and what it wrote on stderr (kept in a file: a pipe nobody
    reads while waiting could fill and stall the child)."""
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, env=dict(env), start_new_session=True
        )
        while process.poll() is None:
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return None, b""
            if tick is not None:
                tick()
            try:
                process.wait(timeout=min(TICK_SECONDS, max(deadline - time.monotonic(), 0.01)))
            except subprocess.TimeoutExpired:
                continue
        if tick is not None:
            tick()
        errors.seek(0)
        return process.returncode, errors.read()
