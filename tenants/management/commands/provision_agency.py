from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tenants.services import AdminSpec, AgencySpec, ProvisioningError, provision_agency


class Command(BaseCommand):
    help = "Create an agency (schema cloned from the template, host, defaults, first administrator)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="QCVN 102 code, e.g. 000.00.02.H19")
        parser.add_argument("--code-qd20", required=True, help="QĐ 20 code, e.g. H19.02")
        parser.add_argument("--name", required=True, help="full name, e.g. 'Sở Nội vụ tỉnh Đồng Nai'")
        parser.add_argument("--short-name", help="short name (defaults to the full name)")
        parser.add_argument("--abbr", required=True, help="abbreviation used in notations, e.g. SNV")
        parser.add_argument("--domain", required=True, help="host, or a label below BASE_DOMAIN (snv)")
        parser.add_argument("--level", default="department", help="province, department, commune or other")
        parser.add_argument("--parent", help="QCVN 102 code of the parent agency")
        parser.add_argument("--schema", help="schema name (defaults to the host's first label)")
        parser.add_argument("--admin", help="username of the first agency administrator")
        parser.add_argument("--admin-name", default="", help="full name of a new administrator")
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--admin-password", help="password of a new administrator (generated if absent)")

    def handle(self, *args, **o) -> None:
        spec = AgencySpec(
            code_102=o["code"],
            code_qd20=o["code_qd20"],
            name=o["name"],
            short_name=o["short_name"] or o["name"],
            abbreviation=o["abbr"],
            domain=o["domain"],
            level=o["level"],
            parent_code=o["parent"],
            schema_name=o["schema"],
            admin=AdminSpec(o["admin"], o["admin_name"], o["admin_email"], o["admin_password"]) if o["admin"] else None,
        )
        try:
            result = provision_agency(spec)
        except ProvisioningError as exc:
            raise CommandError("\n".join([_("Nothing was created:"), *(f"  - {m}" for m in exc.messages)])) from exc
        agency = result.agency
        verb = _("Created") if result.created else _("Already present, nothing to do:")
        self.stdout.write(
            f"{verb} {agency.name} [{agency.schema_name}] → {agency.primary_host} "
            + _("in %(s).3f s") % {"s": result.seconds}
        )
        if result.admin_password:
            self.stdout.write(
                _("Administrator %(u)s, password: %(p)s") % {"u": spec.admin.username, "p": result.admin_password}
            )
