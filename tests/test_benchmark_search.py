"""benchmark_search reports every query on both pages; timings are never asserted."""

import re
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from organizations.models import Organization
from search.management.commands.benchmark_search import PAGES, QUERIES, search_cells

MILLISECONDS = re.compile(r"\d+\.\d")
COUNT = re.compile(r"\d[\d,]*")


def table(output):
    """The table's rows as lists of cells: columns are two spaces or more apart."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("query  "))
    rows = []
    for line in lines[start + 2 :]:
        if not line:
            break
        rows.append(re.split(r" {2,}", line))
    return lines[start], rows


def bounds(output):
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Medians over the queries"))
    return lines[start + 1 :]


def test_the_report_lists_every_query_on_both_pages_with_numbers(demo_data):
    out = StringIO()
    call_command("benchmark_search", "--no-generate", "--runs", "1", stdout=out)
    output = out.getvalue()
    header, rows = table(output)

    assert re.split(r" {2,}", header) == [
        "query", "page", "orgs", "sql", "DB ms", "page ms", "rows", "total", "per kind",
    ]  # fmt: skip
    assert [(row[0], row[1]) for row in rows] == [
        (query.label, page) for query in QUERIES for page in PAGES
    ]
    organizations = f"{Organization.objects.count():,}"
    for row in rows:
        _query, page, orgs, sql, db_ms, page_ms, shown, total, *detail = row
        assert orgs == organizations, row
        assert int(sql) >= 1, row
        assert MILLISECONDS.fullmatch(db_ms), row
        assert MILLISECONDS.fullmatch(page_ms), row
        assert shown.isdigit(), row
        if page == "list":
            # The paginator's count, which the list page always announces.
            assert COUNT.fullmatch(total.removesuffix("+")), row
            assert detail == [], row
        else:
            # "-" until the search view gives its groups a total.
            assert total == "-" or COUNT.fullmatch(total.removeprefix("~")), row
            assert len(detail) == 1, row
            rows_per_kind = detail[0].split(" / ")[0].split("+")
            assert sum(map(int, rows_per_kind)) == int(shown), row
    quebec = {row[1]: int(row[6]) for row in rows if row[0] == "[en] quebec"}
    assert quebec["search"] > 0
    assert quebec["list"] > 0

    # The header says what was measured, and on what.
    assert ("Planning + Execution Time" in output) or ("timed in execute()" in output)
    assert f"{organizations} organizations" in output

    # Word and typo queries, DB and page time, on both pages: information only.
    lines = bounds(output)
    assert len(lines) == 2 * 2 * len(PAGES)
    assert all(line.endswith((" meets", " misses")) for line in lines), lines
    assert [line.split("  ")[-2] for line in lines[:4]] == [
        "bound 15 ms", "bound 50 ms", "bound 20 ms", "bound 50 ms",
    ]  # fmt: skip

    assert max(len(line) for line in output.splitlines()) < 120


def test_search_totals_are_read_from_objects_and_dicts_alike():
    context = {
        "groups": [
            # In the page's order, not the table's: the detail is by kind.
            SimpleNamespace(kind="event", results=[1] * 10, total=900, estimated=False),
            {"kind": "organization", "results": [1] * 10, "total": 31_000, "estimated": True},
            {"kind": "agreement", "results": [1] * 10, "total": 4_100, "estimated": True},
        ]
    }

    assert search_cells(context) == ("30", "~36,000", "10+10+10 / ~31,000+~4,100+900")


def test_search_totals_the_page_does_not_give_read_as_a_dash():
    groups = [
        {"kind": kind, "results": [1], "more": False} for kind in ("organization", "agreement")
    ]

    assert search_cells({"groups": groups}) == ("2", "-", "1+1+0 / -")
    assert search_cells({}) == ("-", "-", "-")
    assert search_cells(None) == ("-", "-", "-")


def test_no_generate_refuses_sizes(db):
    with pytest.raises(CommandError, match="--no-generate"):
        call_command("benchmark_search", "--no-generate", "--sizes", "10")


def test_each_size_is_generated_then_measured_side_by_side(db):
    out = StringIO()
    call_command("benchmark_search", "--sizes", "20", "40", "--runs", "1", stdout=out)
    output = out.getvalue()
    _, rows = table(output)

    assert "20 orgs: 20 organizations, 4 agreements, 6 events (generated for --sizes 20)." in output
    assert (
        "40 orgs: 40 organizations, 8 agreements, 12 events (generated for --sizes 40)." in output
    )
    assert [(row[0], row[1], row[2]) for row in rows] == [
        (query.label, page, size) for query in QUERIES for page in PAGES for size in ("20", "40")
    ]
