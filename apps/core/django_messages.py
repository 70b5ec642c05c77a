"""Django's own messages that can reach users but that Django's Vietnamese catalogue leaves untranslated.

Listing them here puts them into locale/vi (makemessages only reads our code), where our translation
overrides Django's missing one. Never imported: it exists for makemessages."""

from django.utils.translation import gettext_noop, ngettext

DJANGO_MESSAGES = [
    gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("%(model)s instance with %(field)s %(value)r does not exist."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."),
    gettext_noop("“%(value)s” is not a valid UUID."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    gettext_noop("Messages"),
]


def _plural_messages(n: int) -> list[str]:
    """Plural messages (gettext_noop has no plural form); never called."""
    return [
        ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            n,
        ),
        ngettext(
            "Your password must contain at least %d character.", "Your password must contain at least %d characters.", n
        ),
    ]
