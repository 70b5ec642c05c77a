"""Rebuild the public index of people's agencies (province.accounts.AgencyAccess) from every agency's memberships."""

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from apps.people.agency_index import rebuild_agency_index
from tenants.models import Agency


class Command(BaseCommand):
    help = "Rebuild the index of the agencies each person works in (the header's agency switcher)."

    def handle(self, *args, **options) -> None:
        for agency in Agency.objects.order_by("schema_name"):
            with schema_context(agency.schema_name):
                people = rebuild_agency_index(agency)
            self.stdout.write(f"{agency.schema_name}: {people}")
