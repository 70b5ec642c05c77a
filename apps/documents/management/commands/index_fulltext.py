"""Index for full-text search the documents that are not yet (after the migration adding the index, or a bulk load
outside the services): every agency, or those named."""

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from apps.documents.fulltext import index_missing
from tenants.models import Agency


class Command(BaseCommand):
    help = "Index for full-text search the documents (incoming, issued outgoing) that have no index yet."

    def add_arguments(self, parser) -> None:
        parser.add_argument("schemas", nargs="*", help="agencies' schema names (default: every agency)")

    def handle(self, *args, schemas: list[str], **options) -> None:
        agencies = Agency.objects.order_by("schema_name")
        if schemas:
            agencies = agencies.filter(schema_name__in=schemas)
        for agency in agencies:
            with schema_context(agency.schema_name):
                self.stdout.write(f"{agency.schema_name}: {index_missing()}")
