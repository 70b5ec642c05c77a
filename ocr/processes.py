"""Child processes of the intake chain (ocrmypdf, soffice): each in its own process group, killed as a whole when
its time is up, so that a hostile or broken file never keeps a core busy after its run ended."""

import os
import signal
import subprocess
from collections.abc import Mapping


def run_in_group(command: list[str], *, timeout: float, env: Mapping[str, str]) -> tuple[int | None, bytes]:
    """Run ``command`` with ``env`` in a new session (its own process group); past ``timeout`` the whole group
    (the command and everything it started) is killed. Returns the exit code (``None``: it timed out) and
    what it wrote on stderr."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(env), start_new_session=True
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None, b""
    return process.returncode, stderr
