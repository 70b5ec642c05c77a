"""The Vietnamese catalogue is complete: every message the code shows has a reviewed (non-fuzzy) translation.

A small .po reader is enough here (no polib dependency): makemessages writes a regular format."""

import ast
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VI = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SKIP_DIRS = {".venv", "node_modules", "staticfiles", ".git", "var", ".run", "locale", "__pycache__", ".pytest_cache"}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


class PoReader:
    """Reads a .po file line by line: a blank line ends an entry, ``#,`` lines carry its flags, a keyword line
    (msgctxt, msgid, msgid_plural, msgstr[n]) starts a field and a quoted line continues the current one."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.entry, self.current = Entry(), None

    def flush(self) -> None:
        if self.current is not None:
            self.entries.append(self.entry)
        self.entry, self.current = Entry(), None

    def comment(self, line: str) -> None:
        if line.startswith("#,"):
            self.entry.flags |= {flag.strip() for flag in line[2:].split(",")}

    def continuation(self, value: str) -> None:
        if self.current == "msgstr":
            self.entry.msgstr[-1] += value
        else:
            setattr(self.entry, self.current, getattr(self.entry, self.current) + value)

    def keyword(self, line: str, number: int) -> None:
        keyword, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if keyword.startswith("msgstr"):
            self.current = "msgstr"
            self.entry.msgstr.append(value)
            return
        if keyword == "msgctxt" or (keyword == "msgid" and self.current is None):
            self.entry.line = number
        self.current = keyword
        setattr(self.entry, keyword, value)

    def read(self, path: Path) -> list[Entry]:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip()
            if not line:
                self.flush()
            elif line.startswith("#~"):
                continue
            elif line.startswith("#"):
                self.comment(line)
            elif line.startswith('"'):
                self.continuation(ast.literal_eval(line))
            else:
                self.keyword(line, number)
        self.flush()
        return self.entries


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, obsolete ones (#~) left out."""
    return PoReader().read(path)


def messages_in_code(tmp_path: Path) -> list[Entry]:
    """What makemessages extracts from the code now, run on a copy so the real catalogue is untouched."""
    copy = tmp_path / "src"
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS & set(relative.parts) or not path.is_file() or path.suffix not in SOURCE_SUFFIXES:
            continue
        target = copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "-v", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "QLVB_ENV": "test", "DJANGO_SETTINGS_MODULE": "province.settings"},
    )
    return [e for e in read_po(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po") if e.msgid]


def describe(entries: list[Entry], *, lines: bool = True) -> str:
    return "\n".join(f"  line {e.line}: {e.msgid!r}" if lines else f"  {e.msgid!r}" for e in entries)


def test_every_vietnamese_entry_is_translated_and_reviewed():
    entries = [e for e in read_po(VI) if e.msgid]
    assert len(entries) > 100
    untranslated = [e for e in entries if not all(s.strip() for s in e.msgstr)]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {VI}:\n{describe(untranslated)}"
    assert not fuzzy, f"fuzzy (to review) in {VI}:\n{describe(fuzzy)}"


def test_the_vietnamese_catalogue_compiles_with_the_same_placeholders():
    # --check-format: a translation must use exactly the %(name)s placeholders of its English source.
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(VI)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is part of the set-up (ops/lib.sh)")
def test_every_message_in_the_code_is_in_the_vietnamese_catalogue(tmp_path):
    known = {e.key for e in read_po(VI)}
    missing = [e for e in messages_in_code(tmp_path) if e.key not in known]
    assert not missing, (
        "messages missing from locale/vi (run makemessages -l vi -l en --ignore .venv --ignore node_modules "
        f"--ignore staticfiles, then translate):\n{describe(missing, lines=False)}"
    )
