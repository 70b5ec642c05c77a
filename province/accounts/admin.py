"""People in the Django admin of the province host: names and contact details only.

The admin sets no password and grants no right: a province administrator must not be able to take over an agency
person's account. Passwords are helped from the console (province.accounts.services: a one-time link or a
temporary password, audited and told to the person), province rights change by ``manage.py province_admin``."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # noqa: F401 -- registers Group, unregistered below
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import AccountEvent, User

# Groups and permissions play no part here (what a person may do is their membership in an agency).
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """A plain ModelAdmin, not Django's UserAdmin: no password form, no password URL, no add form with a password."""

    ordering = ["username"]
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_filter = ["is_staff", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "full_name", "phone", "is_active"]}),
        (
            _("Set elsewhere"),
            {
                "fields": ["email", "must_change_password", "is_staff", "all_rights", "last_login", "date_joined"],
                "description": _(
                    "The e-mail address receives password reset links, so it is not changed here; province rights "
                    "change only through the server command province_admin."
                ),
            },
        ),
    ]
    readonly_fields = ["email", "must_change_password", "is_staff", "all_rights", "last_login", "date_joined"]

    @admin.display(description=_("all rights in this administration"), boolean=True)
    def all_rights(self, user: User) -> bool:
        return user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people are added by their agency's administrator

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False  # deactivate instead: the audit trails keep pointing at the person


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "person_name"]
    list_filter = ["action"]
    search_fields = ["actor_name", "person_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccountEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccountEvent | None = None) -> bool:
        return False
