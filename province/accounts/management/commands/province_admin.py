"""Grant or revoke province-administrator rights: the one way to change them (the Django admin shows them
read-only). Recorded in the province's account events."""

from django.core.management.base import BaseCommand, CommandError

from province.accounts.models import User
from province.accounts.services import set_province_rights


class Command(BaseCommand):
    help = "Grant or revoke a person's province-administrator rights (is_staff, and is_superuser with --superuser)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["grant", "revoke"])
        parser.add_argument("username")
        parser.add_argument("--superuser", action="store_true", help="also every right in the Django admin")

    def handle(self, *args, action: str, username: str, superuser: bool, **options) -> None:
        try:
            person = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"no person with username {username!r}") from exc
        grant = action == "grant"
        set_province_rights(person, staff=grant, superuser=grant and superuser)
        self.stdout.write(f"{person.username}: is_staff={person.is_staff} is_superuser={person.is_superuser}")
