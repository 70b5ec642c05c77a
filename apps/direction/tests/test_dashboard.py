"""The "Tình hình giải quyết" page, the list behind each of its figures and GET /api/v1/direction/figures/: a
leader gets the charts' data island and a table for each chart, every number a link to exactly the rows counted;
a specialist gets their own figures only, and no list of anyone else's work."""

import html
import json
import re

import pytest
from django.utils import timezone

from apps.core.tests.utils import client_as
from apps.direction.figures import FIGURES, Period
from apps.direction.tests.test_figures import world  # noqa: F401 (the hand-built set of work)

pytestmark = pytest.mark.django_db

ISLAND = re.compile(r'<script id="dashboard-data" type="application/json">(.*?)</script>', re.S)


def links(page: str, prefix: str) -> dict[str, str]:
    """The figure → link of the cards whose id starts with ``prefix`` (``total-``, ``own-``)."""
    found = re.findall(rf'href="([^"]+)" id="{prefix}(\w+)"', page)
    return {figure: html.unescape(url) for url, figure in found}


def shown_rows(client, url: str) -> set[str]:
    return set(re.findall(r'<tr id="part-(\d+)"', client.get(url).content.decode()))


def test_the_leader_sees_charts_from_a_data_island_and_a_table_for_each(agency_a, world, director):  # noqa: F811
    page = client_as(agency_a, director.user).get("/direction/dashboard/")
    assert page.status_code == 200
    text = page.content.decode()
    data = json.loads(ISLAND.search(text).group(1))
    stacked = {d["key"]: d["data"] for d in data["series"]["datasets"]}
    assert set(stacked) == set(FIGURES) - {"received"}
    assert sum(sum(values) for values in stacked.values()) == 7
    assert data["units"]["labels"] == ["Phòng A", "Phòng B", "Tổ A1"]
    for table in ("series-table", "units-table", "people-table"):
        assert f'id="{table}"' in text
    assert 'src="/static/vendor/chart.js/chart.umd.min.js"' in text
    default = Period.default(timezone.localdate())
    assert f'name="start" id="id_start" value="{default.start:%d/%m/%Y}"' in text  # the period in force is shown
    assert 'style="' not in text and not re.search(r"<script>[^<]", text)


def test_every_total_opens_exactly_the_rows_it_counts(agency_a, world, director):  # noqa: F811
    client = client_as(agency_a, director.user)
    page = client.get("/direction/dashboard/").content.decode()
    totals = dict(re.findall(r'id="total-(\w+)">.*?fs-3 fw-semibold">(\d+)<', page, re.S))
    assert totals == {"received": "7", "open": "2", "overdue": "2", "done_on_time": "2", "done_late": "1"}
    for figure, url in links(page, "total-").items():
        assert len(shown_rows(client, url)) == int(totals[figure]), figure
    count = client.get(links(page, "total-")["overdue"].replace("/rows/?", "/rows/count/?"))
    assert "2 phần việc" in count.content.decode()


def test_a_unit_head_lists_nothing_of_a_unit_they_do_not_lead(agency_a, world):  # noqa: F811
    client = client_as(agency_a, world.head_a.user)
    page = client.get(f"/direction/dashboard/rows/?set=team&unit={world.unit_b.pk}").content.decode()
    assert "B trễ hạn" not in page and "A1 quá hạn" in page


def test_a_specialist_has_their_own_figures_and_no_one_else_s_list(agency_a, world):  # noqa: F811
    client = client_as(agency_a, world.handler.user)
    page = client.get("/direction/dashboard/").content.decode()
    assert "dashboard-data" not in page and 'id="team-figures"' not in page
    own = links(page, "own-")
    assert len(shown_rows(client, own["overdue"])) == 1 and len(shown_rows(client, own["open"])) == 2
    assert client.get("/direction/dashboard/rows/?set=team&figure=received").status_code == 404
    outsider = client_as(agency_a, world.outsider.user)
    assert shown_rows(outsider, "/direction/dashboard/rows/?figure=open") == set()


def test_a_period_too_long_is_refused_in_vietnamese_and_the_default_shown(agency_a, world, director):  # noqa: F811
    page = client_as(agency_a, director.user).get("/direction/dashboard/?start=01/01/2020&end=01/01/2026")
    assert page.status_code == 200
    assert "Một khoảng thời gian dài tối đa 366 ngày." in page.content.decode()


def test_the_menu_leads_every_member_to_the_dashboard(agency_a, world):  # noqa: F811
    page = client_as(agency_a, world.handler.user).get("/").content.decode()
    assert 'href="/direction/dashboard/"' in page


def test_the_api_gives_the_same_figures_with_the_same_permissions(agency_a, world, director):  # noqa: F811
    answer = client_as(agency_a, director.user).get("/api/v1/direction/figures/", {"by": "month"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["team"]["totals"]["received"] == 7 and body["team"]["totals"]["done_late"] == 1
    assert {u["name"]: u["received"] for u in body["team"]["units"]} == {"Phòng A": 2, "Phòng B": 1, "Tổ A1": 1}
    mine = client_as(agency_a, world.handler.user).get("/api/v1/direction/figures/").json()
    assert mine["team"] is None and (mine["own"]["open"], mine["own"]["overdue"]) == (2, 1)
    refused = client_as(agency_a, director.user).get(
        "/api/v1/direction/figures/", {"start": "2020-01-01", "end": "2026-01-01"}
    )
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["end"]


def test_a_leader_s_page_lists_the_first_people_and_the_others_on_asking(agency_a, world, director, monkeypatch):  # noqa: F811
    from apps.direction.web import dashboard

    monkeypatch.setattr(dashboard, "PEOPLE_SHOWN", 0)
    client = client_as(agency_a, director.user)
    first = client.get("/direction/dashboard/").content.decode()
    assert 'id="people-table"' not in first and "Xem thêm 1 người" in first
    everyone = client.get("/direction/dashboard/?people=all").content.decode()
    assert world.handler.user.full_name in everyone.split('id="people-table"')[1]
