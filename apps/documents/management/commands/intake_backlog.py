"""Send the files stored before the intake chain existed (or whose run was lost) through it: every file still
``waiting``, ``scanning`` or ``reading`` in each agency (or the ones named) is queued at once. Until then such a file
is never served. The periodic sweep does the same a thousand files at a time (apps/documents/intake.py)."""

from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import schema_context

from apps.documents import intake
from tenants.tasks import agency_schemas


class Command(BaseCommand):
    help = "Queue every stored file that has not been through the intake chain (per agency)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("schemas", nargs="*", help="agency schema names (all agencies when none)")

    def handle(self, *args, schemas: list[str], **options) -> None:
        total = 0
        for schema in schemas or agency_schemas(active_only=False):
            with schema_context(schema):
                queued = intake.requeue_stale(limit=None, everything=True)
            total += queued
            if queued:
                self.stdout.write(f"{schema}: {queued}")
        self.stdout.write(f"queued: {total}")
