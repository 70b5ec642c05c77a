"""clamd client (INSTREAM over clamd's unix socket), the virus-scan step of the intake chain.

The protocol is a handful of bytes, so it is spoken directly rather than through an unmaintained wrapper."""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached or answered oddly: the file must wait, never pass unscanned."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def _connect(timeout: float) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(settings.CLAMD_SOCKET)
    except OSError as exc:
        sock.close()
        raise ScannerUnavailable(f"clamd at {settings.CLAMD_SOCKET}: {exc}") from exc
    return sock


def _reply(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\0"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.rstrip(b"\0").decode("utf-8", "replace")


def ping(timeout: float = 5) -> bool:
    with _connect(timeout) as sock:
        sock.sendall(b"zPING\0")
        return _reply(sock) == "PONG"


def scan_bytes(data: bytes, timeout: float = 120) -> ScanResult:
    """Stream ``data`` to clamd and report whether it is clean, or which signature matched."""
    with _connect(timeout) as sock:
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        reply = _reply(sock)
    # "stream: OK" or "stream: <Signature> FOUND" or "... ERROR"
    if reply.endswith(" OK"):
        return ScanResult(clean=True)
    if reply.endswith(" FOUND"):
        return ScanResult(clean=False, signature=reply.split(": ", 1)[1].removesuffix(" FOUND"))
    if "size limit exceeded" in reply:
        # Over StreamMaxLength: clamd did not read it all, so it is suspect, never clean.
        return ScanResult(clean=False, signature="Heuristics.Limits.Exceeded.StreamMaxLength")
    raise ScannerUnavailable(f"clamd answered: {reply}")
