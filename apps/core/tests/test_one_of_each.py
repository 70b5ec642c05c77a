"""One of each (issue 7 C3): the pieces every app repeated now exist once, and folding them changed no table."""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.audit.models import AuditEvent
from apps.outgoing.models import DraftFile, DraftVersion, FrozenError, ReviewStep
from province.accounts.models import AccountEvent
from tenants.base_models import AppendOnlyError, AppendOnlyModel
from tenants.models import AgencyEvent

ROOT = Path(__file__).resolve().parents[3]


def _definitions(name: str, *folders: str) -> list[str]:
    """The modules under ``folders`` that define a function, method or property called ``name``."""
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(isinstance(node, ast.FunctionDef) and node.name == name for node in ast.walk(tree)):
                found.append(str(path.relative_to(ROOT)))
    return found


def test_accents_are_stripped_in_one_place():
    assert _definitions("strip_accents", "apps", "province", "tenants") == ["apps/core/text.py"]


def test_search_keys_and_agency_search_live_in_core():
    assert _definitions("search_key", "apps") == ["apps/core/search.py"]
    assert _definitions("find_agencies", "apps") == ["apps/core/agency_search.py"]


def test_api_views_know_the_caller_through_one_mixin():
    api_packages = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "apps").glob("*/api"))]
    assert _definitions("person", "apps/core", *api_packages) == ["apps/core/api.py"]


@pytest.mark.parametrize("model", [AuditEvent, AccountEvent, AgencyEvent, DraftVersion, DraftFile, ReviewStep])
def test_every_trail_is_append_only_the_same_way(model):
    assert issubclass(model, AppendOnlyModel)
    with pytest.raises(AppendOnlyError):
        model.objects.update(pk=1)
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        model().delete()


def test_the_flow_refuses_changes_with_its_own_error():
    with pytest.raises(FrozenError):
        DraftVersion.objects.update(note="")


@pytest.mark.django_db
def test_the_models_match_their_migrations():
    """Base models, field factories and CHECK helpers must describe the very same tables."""
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
