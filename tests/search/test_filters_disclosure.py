"""The filters on the results page wait behind 筛选条件与排序 unless in use."""

import re

import pytest

pytestmark = pytest.mark.django_db

DISCLOSURE = re.compile(r'<details class="search-filters-box"( open)?>')


def filters_open(client, params):
    match = DISCLOSURE.search(client.get("/search/", params).content.decode())
    assert match, "the filters are not in a <details>"
    return bool(match.group(1))


class TestFiltersDisclosure:
    @pytest.mark.parametrize("params", [{}, {"q": "统战"}, {"q": "统战", "page": "2"}, {"q": "统战", "column": ""}])
    def test_without_a_filter_they_are_collapsed(self, client, township, params):
        assert not filters_open(client, params)

    @pytest.mark.parametrize(
        "params",
        [{"column": "dongtai"}, {"start": "2024-01-01"}, {"end": "2024-12-31"}, {"sort": "date"}],
    )
    def test_a_filter_in_use_opens_them(self, client, township, params):
        assert filters_open(client, {"q": "统战", **params})

    def test_a_wrong_filter_opens_them_beside_its_message(self, client, township):
        assert filters_open(client, {"q": "统战", "start": "0001-01-01"})
