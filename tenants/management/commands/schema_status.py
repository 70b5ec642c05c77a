from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from tenants.schemas import all_states


class Command(BaseCommand):
    help = "List every schema (public, template, agencies) with its migration state; exit 1 if any is behind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--behind", action="store_true", help="only the schemas that are behind")
        parser.add_argument("--no-fail", action="store_true", help="exit 0 even when schemas are behind")

    def handle(self, *args, **options) -> None:
        states = all_states()
        behind = [s for s in states if s.behind]
        self.stdout.write(f"{'schema':<28} {'kind':<9} {'applied':>7} {'pending':>7}  state")
        for s in behind if options["behind"] else states:
            if not s.exists:
                state = self.style.ERROR(_("missing"))
            elif s.pending:
                shown = ", ".join(s.pending[:3]) + (" …" if len(s.pending) > 3 else "")
                state = self.style.WARNING(_("behind: %(names)s") % {"names": shown})
            else:
                state = self.style.SUCCESS(_("up to date"))
            self.stdout.write(f"{s.schema:<28} {s.kind:<9} {s.applied:>7} {len(s.pending):>7}  {state}")
        self.stdout.write(_("%(total)d schemas, %(behind)d behind.") % {"total": len(states), "behind": len(behind)})
        if behind and not options["no_fail"]:
            raise SystemExit(1)
