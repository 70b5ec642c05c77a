from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name


def navigation(request: HttpRequest) -> dict:
    """Menu entries for the person's roles, and which host (agency or province) this is."""
    tenant = getattr(request, "tenant", None)
    on_public = connection.schema_name == get_public_schema_name()
    items: list[tuple[str, str, str]] = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append(("/", _("Home"), "house"))
        if on_public:
            items.append(("/admin/", _("Administration"), "gear"))
        else:
            person = request.person
            if person.is_admin:
                items.append(("/people/units/", _("Units"), "diagram-3"))
                items.append(("/people/", _("People"), "people"))
                items.append(("/people/positions/", _("Positions"), "person-badge"))
    return {"nav_items": items, "agency": None if on_public else tenant, "on_public_host": on_public}
