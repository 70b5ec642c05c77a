"""Files of a refused form, kept for the next try (apps/core/uploads.py says why and how the tokens work).

The view of a form with a MultipleFileField calls ``keep_for_retry`` when it shows the form again with errors:
the files just chosen are stored in the agency's content-addressed storage and offered again, with those kept
before. When the form is accepted, ``as_uploads`` turns the kept files back into uploads for the service, which
stores them as any other (the same content is stored once). A staged file that is never used stays as an
unreferenced blob, as a file of a failed registration does (storage.py)."""

from django.core.exceptions import ValidationError
from django.forms import Form
from django.utils.translation import gettext as _

from apps.core.uploads import StagedFile

from . import storage
from .services import Upload


def keep_for_retry(form: Form, name: str = "files") -> None:
    """Store the files chosen in ``form``'s field ``name`` and offer them again, after those kept before. A file
    that cannot be stored (too large) is left out: its error is on the form already."""
    field = form.fields[name]
    selection = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    staged = field.staged_of(selection)
    for upload in selection.uploads:
        try:
            blob = storage.store(upload, name=upload.name, content_type=getattr(upload, "content_type", ""))
        except ValidationError:
            continue
        staged.append(StagedFile(blob.sha256, blob.original_name, blob.content_type, blob.size))
    field.widget.staged = list({f.sha256: f for f in staged}.values())


def as_uploads(files: list) -> list:
    """``files`` (a MultipleFileField's cleaned list) for a service: staged files opened from storage."""
    return [_reopen(f) if isinstance(f, StagedFile) else f for f in files]


def _reopen(staged: StagedFile) -> Upload:
    try:
        content = storage.open_blob(staged.sha256)
    except FileNotFoundError as exc:
        message = _("The file %(name)s is no longer kept: choose it again.") % {"name": staged.name}
        raise ValidationError({"files": message}) from exc
    return Upload(content=content, name=staged.name, content_type=staged.content_type)
