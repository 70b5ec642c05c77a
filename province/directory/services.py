"""State changes of the agency directory. Commands (import_directory, load_demo) and, later, the axis
synchronisation and the console call these."""

from django.db import transaction

from .models import DirectoryEntry

FIELDS = ("code_qd20", "name", "parent_name", "address", "email", "phone", "source", "is_active")


def save_entry(*, code_102: str, overwrite: bool = True, **fields) -> tuple[DirectoryEntry, bool]:
    """Create the entry with this QCVN 102 code, or update it (only when ``overwrite``).
    Returns (entry, created). Unknown fields are refused; the model's validators run first."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown directory fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        entry = DirectoryEntry.objects.select_for_update().filter(code_102=code_102).first()
        created = entry is None
        if not created and not overwrite:
            return entry, False
        entry = entry or DirectoryEntry(code_102=code_102)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save()
    return entry, created
