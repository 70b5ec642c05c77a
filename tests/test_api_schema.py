"""The API says what it does: schemathesis generates requests from the agency API's own OpenAPI schema, valid and
invalid, and runs every one of its checks on the answers (status codes, content types, bodies and headers as
documented; requests valid by the schema accepted, invalid ones refused; no server error), as a person of each role
of a test agency holding documents, drafts and issued documents. The calls go straight to the WSGI application on
the agency's host, each inside a savepoint of the test's transaction that is rolled back after it: every case meets
the same data, and nothing is left behind.

The cases are generated here with schemathesis' Hypothesis strategies rather than its pytest plugin (whose lazy
loader touches pytest internals that pytest 9 renamed), so every operation's failures are gathered and reported
together."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from apps.core.tests.utils import client_as
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.outgoing.tests.flow import issue, make_team, new_draft
from apps.people.models import Role

# Bounded so that the four roles together take about a minute on two cores; raise it locally to dig.
MAX_EXAMPLES = 12
CONFIG = "[checks]\nenabled = true\n"
ROLES = (Role.CLERK, Role.LEADER, Role.SPECIALIST, Role.ADMIN)
pytestmark = pytest.mark.django_db


@dataclass
class Caller:
    host: str
    session: str
    csrf_token: str

    def on(self, application: Callable) -> Callable:
        """The WSGI application as seen on the agency's host. Schemathesis' WSGI client keeps cookies for
        "localhost" only, so requests go to localhost and reach the application with the agency's Host."""

        def on_agency_host(environ: dict, start_response: Callable) -> Iterable[bytes]:
            environ["HTTP_HOST"] = self.host
            return application(environ, start_response)

        return on_agency_host

    def authenticate(self, schema) -> None:
        """Every generated case carries the caller's session cookie (the schema's ``cookieAuth``) and the CSRF token
        (cookie and header), as a browser's htmx request does; schemathesis knows them as the case's credentials,
        so its authentication checks take them away."""
        caller = self

        @schema.auth()
        class SessionCookie:
            def get(self, case, context) -> str:
                return caller.session

            def set(self, case, session: str, context) -> None:
                case.cookies = {**(case.cookies or {}), "sessionid": session, "csrftoken": caller.csrf_token}
                case.headers = {**(case.headers or {}), "X-CSRFToken": caller.csrf_token}


@pytest.fixture(params=ROLES)
def caller(request, alpha) -> Caller:
    """A person of the role, logged in on agency alpha, which holds incoming documents, drafts and issued
    documents."""
    team = make_team()
    for _ in range(3):
        RegisteredIncomingFactory(by=team.clerk)
    new_draft(team)
    issue(team)
    people = {Role.CLERK: team.clerk, Role.LEADER: team.head, Role.SPECIALIST: team.drafter}
    person = people.get(request.param) or make_person(request.param)
    session = client_as(alpha, person.user).cookies["sessionid"].value
    return Caller(host=alpha.get_primary_domain().domain, session=session, csrf_token=_get_new_csrf_string())


@pytest.fixture
def wsgi_app() -> Iterator[object]:
    """The project's WSGI application, keeping the test's database connection (and so its transaction) across
    requests, as Django's test client does."""
    from province.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def check_operation(operation, auth) -> str | None:
    """Run the operation's generated cases (valid and invalid); the first failure's report, or None."""
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE, auth_storage=auth),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, auth_storage=auth),
    )

    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @hypothesis.given(case=strategy)
    def run(case) -> None:
        with transaction.atomic():
            try:
                case.call_and_validate()
            finally:
                transaction.set_rollback(True)

    try:
        run()
    except BaseExceptionGroup as failure:  # schemathesis' FailureGroup, reported with the operation's name
        return f"{operation.label}: {failure}"
    return None


@pytest.mark.parametrize("caller", ROLES, indirect=True)
def test_the_api_answers_as_its_schema_says(caller: Caller, wsgi_app) -> None:
    config = SchemathesisConfig.from_str(CONFIG)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", caller.on(wsgi_app), config=config)
    caller.authenticate(schema)
    failures = []
    for result in schema.get_all_operations():
        report = check_operation(result.ok(), schema.auth)
        if report:
            failures.append(report)
    assert not failures, "\n\n".join(failures)
