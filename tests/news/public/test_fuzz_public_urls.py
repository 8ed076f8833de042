"""Every public URL with random and hostile path segments and query values: never a 500."""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

HOSTILE = [
    "../../etc/passwd",
    "..%2f..%2f",
    "%00",
    "\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"; DROP TABLE x;',
    "{{7*7}}",
    "${jndi:ldap://x}",
    "%s%s%s%n",
    "a" * 3000,
    "😀",
    "苏力德",
    "\u202e",
    "\r\nSet-Cookie: x=1",
    "-1",
    "0",
    "99999999999999999999999",
    "1e9",
    "NaN",
    "//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "%ff%fe",
    "\\..\\",
    "/",
    "?",
    "#",
    "%",
    "%%",
    "\t",
    " ",
]
text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60), st.integers().map(str))
PATTERNS = [
    "/{}",
    "/column/{}/",
    "/column/{}/feed/",
    "/article/{}/",
    "/preferences/font/{}/",
    "/preferences/elder/{}/",
    "/sitemap-{}.xml",
    "/media/{}",
    "/{}/",
    "/search/{}",
]
FIXED = ["/", "/feed/", "/sitemap.xml", "/robots.txt", "/healthz", "/column/dongtai/", "/article/1/"]
QUERY_KEYS = ["page", "p", "next", "q", "size", "column", "utm_source"]


@pytest.fixture
def visitor(make_article):
    make_article("模糊测试文章")
    return Client(raise_request_exception=True)


def request_never_fails(client, path, query):
    response = client.get(path + ("?" + urlencode(query) if query else ""))
    assert response.status_code < 500, (path, query, response.status_code)


class TestFuzzing:
    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        pattern=st.sampled_from(PATTERNS),
        segment=text,
        query=st.dictionaries(st.sampled_from(QUERY_KEYS), text, max_size=3),
    )
    def test_hostile_path_segments_never_cause_a_server_error(self, visitor, pattern, segment, query):
        request_never_fails(visitor, pattern.format(quote(segment, safe="")), query)

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        path=st.sampled_from(FIXED), query=st.dictionaries(st.sampled_from(QUERY_KEYS), text, min_size=1, max_size=4)
    )
    def test_hostile_query_values_never_cause_a_server_error(self, visitor, path, query):
        request_never_fails(visitor, path, query)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(raw=st.sampled_from(HOSTILE))
    def test_unencoded_hostile_paths_never_cause_a_server_error(self, visitor, raw):
        request_never_fails(visitor, "/column/" + raw.replace("?", "").replace("#", ""), {})
