"""A real SMTP server (aiosmtpd, as ./ops/up runs it) keeping messages in a maildir that tests read."""

import mailbox
import shutil
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


@dataclass
class Maildir:
    path: Path

    def messages(self) -> list[Message]:
        box = mailbox.Maildir(self.path, factory=None)
        return [mailbox.MaildirMessage(m) for m in box]

    def clear(self) -> None:
        mailbox.Maildir(self.path).clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[int, Maildir]]:
    # A folder of its own, not pytest's tmp_path: pytest prunes old base folders, also those of a run in progress
    # when other runs start on the same machine.
    folder = Path(tempfile.mkdtemp(prefix="qlvb-mail-"))
    path = folder / "maildir"  # made by the handler (a maildir is created only where nothing exists yet)
    controller = Controller(Mailbox(path), hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller.port, Maildir(path)
    finally:
        controller.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def mail(settings, smtp_server) -> Maildir:
    """Mail goes through Django's SMTP backend to the test SMTP server; returns its maildir, empty."""
    port, maildir = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    maildir.clear()
    return maildir


def body_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode(message.get_content_charset() or "utf-8")
