"""Every operation of the API, fed generated input by schemathesis: no answer is a server error."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from rest_framework.authtoken.models import Token

schemathesis = pytest.importorskip("schemathesis")

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.urls")]
EXAMPLES = 5


@pytest.mark.parametrize("year", ["0.0", "1e5", "12345678901234567890", "-1", "二〇二六", "0.75"])
def test_statutory_days_answers_400_with_a_message_for_a_bad_year(client, world, year):
    client.force_login(world.office)
    r = client.get("/api/statutory-days/", {"year": year})
    assert r.status_code == 400 and r.json()["year"][0]
    assert client.get("/api/statutory-days/", {"year": "2026"}).status_code == 200


@pytest.mark.parametrize("path", ["/api/assignments/?campaign=1e5", "/api/assignments/?under=99999999999999999999",
                                  "/api/progress-reports/?campaign=0.5"])
def test_id_filters_answer_400_for_what_is_not_an_id(client, world, path):
    client.force_login(world.office)
    assert client.get(path).status_code == 400


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request; the test's
    transaction must survive (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_operation_answers_a_server_error(world, keep_connection):
    token = Token.objects.create(user=world.office)
    headers = {"Authorization": f"Token {token.key}"}
    app = WSGIHandler()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app, headers=headers)
    errors, operations, examples = [], 0, 0

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hsettings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal examples
            examples += 1
            response = case.call(headers=headers)
            if response.status_code >= 500:
                errors.append(f"{operation.method.upper()} {case.formatted_path} query={case.query} body={case.body!r} "
                              f"-> {response.status_code}")

        run()
    print(f"schemathesis: {operations} operations, {examples} examples, {len(errors)} server errors")
    assert operations > 40
    assert errors == []
