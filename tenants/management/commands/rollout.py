import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from tenants.rollout import Outcome, rollout


class Command(BaseCommand):
    help = (
        "Migrate public, the template and every agency schema in parallel. Schemas already up to date are "
        "skipped, so running it again after a failure resumes with what is still behind."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jobs", type=int, help="parallel worker processes (default: CPU count)")
        parser.add_argument("--force", action="store_true", help="run migrate even on up-to-date schemas")
        parser.add_argument("--schema", action="append", dest="only", help="only this agency schema (repeatable)")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        verbosity = options["verbosity"]

        def report(outcome: Outcome) -> None:
            if outcome.status == "failed":
                self.stderr.write(self.style.ERROR(f"[{outcome.schema}] {_('failed')}: {outcome.error}"))
            elif outcome.status == "migrated" or verbosity > 1:
                self.stdout.write(f"[{outcome.schema}] {outcome.status} ({outcome.seconds:.2f} s)")

        outcomes = rollout(jobs=options["jobs"], force=options["force"], only=options["only"], report=report)
        counts = {status: sum(o.status == status for o in outcomes) for status in ("migrated", "skipped", "failed")}
        self.stdout.write(
            _("%(n)d schemas in %(s).1f s: %(migrated)d migrated, %(skipped)d up to date, %(failed)d failed.")
            % {"n": len(outcomes), "s": time.perf_counter() - started, **counts}
        )
        if counts["failed"]:
            self.stderr.write(_("Run the roll-out again once the cause is fixed: it resumes with what is behind."))
            raise SystemExit(1)
