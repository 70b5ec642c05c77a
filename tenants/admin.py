from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Agency, AgencyLevel, Domain


class DomainForm(forms.ModelForm):
    class Meta:
        model = Domain
        fields = ["domain", "is_primary"]
        labels = {"domain": _("host name"), "is_primary": _("primary")}  # django-tenants' fields have no labels


class DomainInline(admin.TabularInline):
    model = Domain
    form = DomainForm
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Agencies are created by provisioning (a cloned schema), never by a bare row: no "add" here."""

    list_display = ["name", "abbreviation", "code_102", "code_qd20", "level", "status", "data_name"]
    list_filter = ["level", "status"]
    search_fields = ["name", "short_name", "abbreviation", "code_102", "code_qd20"]
    # The status changes only through the actions below (tenants.services: checked and audited).
    exclude = ["schema_name"]
    readonly_fields = ["data_name", "status", "created_at"]
    inlines = [DomainInline]
    actions = ["suspend", "reactivate"]

    @admin.display(description=_("name of its data"), ordering="schema_name")
    def data_name(self, agency: Agency) -> str:
        return agency.schema_name  # the schema; an administrator needs no database word to read it

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Agency | None = None) -> bool:
        return False

    @admin.action(description=_("Suspend the selected agencies"), permissions=["change"])
    def suspend(self, request: HttpRequest, queryset) -> None:
        changed = sum(services.suspend_agency(agency, by=request.user) for agency in queryset)
        self._report(request, changed)

    @admin.action(description=_("Reactivate the selected agencies"), permissions=["change"])
    def reactivate(self, request: HttpRequest, queryset) -> None:
        changed = sum(services.reactivate_agency(agency, by=request.user) for agency in queryset)
        self._report(request, changed)

    def _report(self, request: HttpRequest, changed: int) -> None:
        message = ngettext("%(n)d agency was changed.", "%(n)d agencies were changed.", changed) % {"n": changed}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(AgencyLevel)
class AgencyLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "head_title", "deputy_title", "order"]
