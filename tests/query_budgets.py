"""Checks that a page runs a fixed number of SQL queries, however many rows it shows."""

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries(client: Client, url: str) -> int:
    """How many queries one successful GET of `url` runs."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def assert_flat(client: Client, url: str, grow: Callable[[int], None], *, budget: int) -> None:
    """The page runs as many queries with 20 rows as with 2 (`grow` adds rows), and no more than
    `budget`. The first GET warms what a session caches once."""
    grow(2)
    client.get(url)
    few = queries(client, url)
    grow(18)
    many = queries(client, url)
    assert many == few, f"{url}: {few} queries with 2 rows, {many} with 20"
    assert many <= budget
