"""Every date a form takes may be at either end of the calendar (0001-01-01, 9999-12-31): the
form's rules answer with issues a resident can act on, never an exception. The server checks
applications with these same rules, so an exception here was a 500 there."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.forms import FormState, load_form
from app.jst import today_jst
from tests.fixtures.stub import VALID_DATA_FORMS, valid_application_data

ENDS = ("0001-01-01", "9999-12-31")


def _date_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _date_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _date_paths(v, (*path, i))]
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        return [path]
    return []


def _with(data: dict[str, Any], path: tuple[str | int, ...], value: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


@pytest.mark.parametrize("form_id", VALID_DATA_FORMS)
def test_every_date_at_the_ends_of_the_calendar_is_checked_not_raised(form_id: str) -> None:
    spec = load_form(form_id)
    data = valid_application_data(form_id)
    paths = _date_paths(data)
    assert paths, "the demo data of every form has a date"
    for path in paths:
        for end in ENDS:
            state = FormState(spec, _with(data, path, end), today=today_jst())
            state.validate()
            state.submission_data()
            state.attachment_statuses()
