"""The demo province (ops/demo/dongnai.json): agencies, units, positions, people of every role, a province
administrator and a few directory entries, all made through the normal services. Idempotent: whatever
already exists is left as it is, so running it again creates nothing twice."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from apps.audit.services import confirm_setup_alerts
from apps.people.access import SYSTEM
from apps.people.models import Membership, Position, Role, Unit
from apps.people.services import add_member, save_position, save_unit
from apps.workdays.services import ExceptionEntry, ensure_province_exceptions
from province.demo.month import load_month
from province.directory.services import FIELDS as DIRECTORY_FIELDS
from province.directory.services import save_entry
from tenants.models import Agency
from tenants.services import AgencySpec, ProvisioningError, full_host, provision_agency

DEFAULT_FILE = Path(settings.BASE_DIR) / "ops" / "demo" / "dongnai.json"
AGENCY_FIELDS = ("code_102", "code_qd20", "name", "short_name", "abbreviation", "domain", "level", "parent_code")


@dataclass
class Tally:
    """What one run created (a second run reports zeros)."""

    agencies: int = 0
    units: int = 0
    positions: int = 0
    people: int = 0
    memberships: int = 0
    directory: int = 0
    months: int = 0  # agencies given their month of directed work (province.demo.month)

    @property
    def nothing(self) -> bool:
        made = (self.agencies, self.units, self.positions, self.people, self.memberships, self.directory, self.months)
        return not any(made)


def read_demo(path: Path = DEFAULT_FILE) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(_("Cannot read the demo file %(file)s: %(error)s") % {"file": path, "error": exc}) from exc


def _positions(specs: list, tally: Tally) -> None:
    for name, rank, leadership in specs:
        if not Position.objects.filter(name=name).exists():
            save_position(Position(name=name, rank=rank, is_leadership=leadership), by=SYSTEM)
            tally.positions += 1


def _units(specs: list, tally: Tally, parent: Unit | None = None) -> None:
    """Units found by abbreviation (unique among active units); missing ones are created under ``parent``."""
    for order, spec in enumerate(specs, start=1):
        unit = Unit.objects.filter(abbreviation=spec["abbreviation"], is_active=True).first()
        if unit is None:
            unit = save_unit(
                Unit(name=spec["name"], abbreviation=spec["abbreviation"], parent=parent, order=order), by=SYSTEM
            )
            tally.units += 1
        _units(spec.get("children", []), tally, parent=unit)


def _people(specs: list, password: str, tally: Tally) -> None:
    User = get_user_model()
    units = {u.abbreviation: u for u in Unit.objects.filter(is_active=True)}
    positions = {p.name: p for p in Position.objects.all()}
    for spec in specs:
        try:
            unit, position = units[spec["unit"]], positions[spec["position"]]
        except KeyError as exc:
            message = _("%(user)s: unknown unit or position %(key)s") % {"user": spec["username"], "key": exc}
            raise CommandError(message) from exc
        user = User.objects.filter(username=spec["username"]).first()
        if user is not None and Membership.objects.filter(user=user, unit=unit, position=position).exists():
            continue
        if user is None:
            new_user = {"username": spec["username"], "full_name": spec["full_name"], "password": password}
            new_user.update({k: spec[k] for k in ("email", "phone") if spec.get(k)})
            add_member(new_user=new_user, unit=unit, position=position, roles=spec["roles"], by=SYSTEM)
            tally.people += 1
        else:
            add_member(user=user, unit=unit, position=position, roles=spec["roles"], by=SYSTEM)
        tally.memberships += 1


def _province_admins(specs: list, password: str, tally: Tally) -> None:
    """Province administrators (Sở KH&CN, formerly Sở TT&TT) log in on the province host: is_staff."""
    User = get_user_model()
    for spec in specs:
        if User.objects.filter(username=spec["username"]).exists():
            continue
        user = User(username=spec["username"], full_name=spec["full_name"], phone=spec.get("phone", ""))
        user.email = spec.get("email") or None
        user.is_staff = user.is_superuser = True
        user.full_clean(exclude=["password"])
        user.set_password(password)
        user.save()
        tally.people += 1


def _province_calendar(specs: list) -> None:
    """The province's working-calendar exceptions (ops/demo/dongnai.json: the 2027 Tết example)."""
    entries = [ExceptionEntry(datetime.date.fromisoformat(s["date"]), s["kind"], s["reason"]) for s in specs]
    ensure_province_exceptions(entries)


def _settle(name: str, tally: Tally, log) -> None:
    """After the set-up of an agency: the alerts a demo loaded before left about its own set-up confirmed (the
    system's set-up raises none now), and the month of directed work replayed once."""
    confirm_setup_alerts()
    if load_month():
        tally.months += 1
        log(_("%(agency)s: a month of directed work loaded") % {"agency": name})


def load_demo(data: dict, *, reset_passwords: bool = False, log=lambda message: None) -> Tally:
    """Load ``data`` (the structure of ops/demo/dongnai.json); returns what was created."""
    tally = Tally()
    password = data["password"]
    for entry in data.get("directory", []):
        fields = {k: v for k, v in entry.items() if k in DIRECTORY_FIELDS}
        _entry, created = save_entry(code_102=entry["code_102"], overwrite=False, **fields)
        tally.directory += created
    with transaction.atomic():
        _province_admins(data.get("province_admins", []), password, tally)
    _province_calendar(data.get("working_calendar", {}).get("province", []))
    for spec in data["agencies"]:
        agency_spec = AgencySpec(**{k: spec.get(k) for k in AGENCY_FIELDS})
        with transaction.atomic():
            try:
                result = provision_agency(agency_spec)
            except ProvisioningError as exc:
                raise CommandError(f"{spec['name']}: " + "; ".join(exc.messages)) from exc
            tally.agencies += result.created
            with schema_context(result.agency.schema_name):
                try:
                    _positions(spec.get("positions", []), tally)
                    _units(spec.get("units", []), tally)
                    _people(spec.get("people", []), password, tally)
                except ValidationError as exc:
                    raise CommandError(f"{spec['name']}: " + "; ".join(exc.messages)) from exc
        verb = _("Created") if result.created else _("Already present, nothing to do:")
        log(f"{verb} {result.agency.name} → {result.agency.primary_host}")
        with schema_context(result.agency.schema_name):
            _settle(result.agency.name, tally, log)
    if reset_passwords:
        User = get_user_model()
        for user in User.objects.filter(username__in=demo_usernames(data)):
            user.set_password(password)
            user.save(update_fields=["password"])
    return tally


def demo_usernames(data: dict) -> set[str]:
    names = {p["username"] for p in data.get("province_admins", [])}
    return names | {p["username"] for a in data["agencies"] for p in a.get("people", [])}


def site_url(host: str) -> str:
    scheme, port = settings.SITE_URL_SCHEME, settings.SITE_PORT
    default_port = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}/" if port == default_port else f"{scheme}://{host}:{port}/"


def role_label(code: str) -> str:
    label = str(Role(code).label)
    return code if label.lower() == code else f"{code} ({label})"


class Command(BaseCommand):
    help = (
        "Load the demo province (Đồng Nai: agencies, units, people of every role, directory entries) through "
        "the normal services. Safe to run again: nothing is duplicated and nothing existing is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="demo data (default ops/demo/dongnai.json)")
        parser.add_argument(
            "--reset-passwords", action="store_true", help="set every demo account's password back to the demo one"
        )
        parser.add_argument(
            "--logins", action="store_true", help="only print the addresses and demo logins (load nothing)"
        )

    def handle(self, *args, **options) -> None:
        data = read_demo(options["file"])
        if not options["logins"]:
            tally = load_demo(data, reset_passwords=options["reset_passwords"], log=self.stdout.write)
            if tally.nothing:
                self.stdout.write(_("Demo province already loaded; nothing to do."))
            else:
                self.stdout.write(
                    _(
                        "Demo loaded: %(a)d agencies, %(u)d units, %(p)d positions, %(n)d people, "
                        "%(m)d memberships, %(d)d directory entries created."
                    )
                    % {
                        "a": tally.agencies,
                        "u": tally.units,
                        "p": tally.positions,
                        "n": tally.people,
                        "m": tally.memberships,
                        "d": tally.directory,
                    }
                )
            return
        self.print_logins(data)

    def print_logins(self, data: dict) -> None:
        out = self.stdout.write
        hosts = {a.code_102: a.primary_host for a in Agency.objects.prefetch_related("domains")}
        password = data["password"]
        rows = [
            (_("Province console"), settings.PUBLIC_HOSTS[0], p["username"], _("province administrator"), password)
            for p in data.get("province_admins", [])
        ]
        out(_("Addresses:"))
        out(f"  {_('Province console'):<44} {site_url(settings.PUBLIC_HOSTS[0])}")
        for spec in data["agencies"]:
            host = hosts.get(spec["code_102"]) or full_host(spec["domain"])
            out(f"  {spec['short_name']:<44} {site_url(host)}")
            for person in spec.get("people", []):
                roles = ", ".join(role_label(r) for r in person["roles"])
                rows.append((spec["short_name"], host, person["username"], roles, password))
        out("")
        out(_("Demo logins (the same password for every account):"))
        header = (_("Agency"), _("Host"), _("Username"), _("Role"), _("Password"))
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        line = "  " + "  ".join(f"{{:<{w}}}" for w in widths)
        out(line.format(*header))
        out(line.format(*("-" * w for w in widths)))
        for row in rows:
            out(line.format(*row))
        shared = sorted(
            u
            for u in demo_usernames(data)
            if sum(any(p["username"] == u for p in a.get("people", [])) for a in data["agencies"]) > 1
        )
        if shared:
            out("")
            out(
                _("Members of more than one agency (log in on each host to see that agency's own data): %(u)s")
                % {"u": ", ".join(shared)}
            )
