import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from province.directory.services import FIELDS, save_entry


class Command(BaseCommand):
    help = (
        "Load agencies outside this deployment (ministries, other provinces) into the agency directory from a "
        "JSON list of objects with code_102, name and optionally code_qd20, parent_name, address, email, phone. "
        "Entries are matched by code_102, so running it again updates rather than duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="JSON file: a list of entries, or an object with a 'directory' list"
        )
        parser.add_argument("--keep-existing", action="store_true", help="do not update entries that already exist")

    def handle(self, *args, **options) -> None:
        try:
            data = json.loads(options["file"].read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": exc}) from exc
        entries = data.get("directory", []) if isinstance(data, dict) else data
        created = updated = 0
        with transaction.atomic():
            for item in entries:
                fields = {k: v for k, v in item.items() if k in FIELDS}
                try:
                    _entry, new = save_entry(
                        code_102=item["code_102"], overwrite=not options["keep_existing"], **fields
                    )
                except (KeyError, ValidationError) as exc:
                    raise CommandError(_("Entry %(entry)s refused: %(error)s") % {"entry": item, "error": exc}) from exc
                created += new
                updated += not new
        self.stdout.write(_("Directory: %(c)d created, %(u)d already present.") % {"c": created, "u": updated})
