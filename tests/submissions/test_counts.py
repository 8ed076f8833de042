import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from news.models import Site
from submissions.counts import submission_counts
from submissions.services import submission_accept, submission_return, submission_send
from tests.conftest import beijing, client_for

pytestmark = pytest.mark.django_db

COUNTS_URL = "/admin/submissions/submission/counts/"


@pytest.fixture
def history(people, make_article, target):
    """苏力德苏木: two sent in May 2026 (one accepted on 1 June, Beijing time,
    one returned), one sent and accepted in June. 嘎鲁图镇 sent nothing."""
    Site.objects.create(
        key="galutu", site_name="嘎鲁图镇人民政府", domain="galutu.example.gov.cn", organiser="嘎鲁图镇"
    )
    first, second, third = (make_article(title=f"文章{n}") for n in range(3))
    with time_machine.travel(beijing(2026, 5, 31, 23, 30), tick=False):
        a = submission_send(article=first, column=target, actor=people["editor"])
        b = submission_send(article=second, column=target, actor=people["editor"])
    with time_machine.travel(beijing(2026, 6, 1, 0, 30), tick=False):
        submission_accept(submission=a, actor=people["banner_reviewer"])
        submission_return(submission=b, actor=people["banner_reviewer"], remark="不采用")
    with time_machine.travel(beijing(2026, 6, 10, 9, 0), tick=False):
        c = submission_send(article=third, column=target, actor=people["editor"])
        submission_accept(submission=c, actor=people["banner_reviewer"])


def table(counts):
    return {(row.site.key, row.label): (row.sent, row.accepted) for row in counts}


class TestCounting:
    def test_sent_counts_in_the_month_sent_and_accepted_in_the_month_accepted(self, history):
        counts = table(submission_counts(start=date(2026, 5, 1), end=date(2026, 6, 1)))
        assert counts[("main", "2026-05")] == (2, 0)
        assert counts[("main", "2026-06")] == (1, 2)

    def test_every_township_and_month_is_listed_with_zeros(self, history):
        counts = table(submission_counts(start=date(2026, 4, 1), end=date(2026, 6, 1)))
        assert counts[("galutu", "2026-05")] == (0, 0)
        assert counts[("main", "2026-04")] == (0, 0)
        assert "wsq" not in {key for key, _ in counts}  # the banner is no township

    def test_only_the_reviewers_banner_sites_are_counted(self, history, banner):
        counts = table(submission_counts(start=date(2026, 5, 1), end=date(2026, 6, 1), banner_site_ids={0}))
        assert counts[("main", "2026-05")] == (0, 0)


class TestCountsPage:
    def test_the_page_shows_the_counts_for_the_range(self, people, history):
        response = client_for(people["banner_reviewer"]).get(COUNTS_URL, {"start": "2026-05", "end": "2026-06"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "嘎鲁图镇人民政府" in page
        assert "<td>乌审旗苏力德苏木人民政府</td><td>2026-05</td><td>2</td><td>0</td>" in page

    def test_without_a_range_it_counts_this_year_to_this_month(self, people, history):
        page = client_for(people["banner_reviewer"]).get(COUNTS_URL).content.decode()
        assert "<td>2026-01</td>" in page and "<td>2026-06</td>" in page and "2026-07" not in page

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"start": "2026-13"}, "月份格式应为"),
            ({"start": "五月"}, "月份格式应为"),
            ({"start": "2026-06", "end": "2026-05"}, "起始月份不能晚于截止月份"),
            ({"start": "2020-01", "end": "2026-06"}, "一次最多统计 36 个月"),
        ],
    )
    def test_a_bad_range_is_a_400_with_the_reason(self, people, query, message):
        response = client_for(people["banner_reviewer"]).get(COUNTS_URL, query)
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_township_staff_cannot_see_the_counts(self, people):
        assert client_for(people["editor"]).get(COUNTS_URL).status_code == 403


class TestCountsXlsx:
    def test_the_download_holds_the_same_counts(self, people, history):
        response = client_for(people["banner_reviewer"]).get(
            COUNTS_URL, {"start": "2026-05", "end": "2026-06", "format": "xlsx"}
        )
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="submissions-202605-202606.xlsx"'
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book["按月统计"].iter_rows(min_row=2, values_only=True))
        assert rows[0] == ("乡镇站点", "月份", "报送", "采用")
        assert ("乌审旗苏力德苏木人民政府", "2026-05", 2, 0) in rows
        assert ("乌审旗苏力德苏木人民政府", "2026-06", 1, 2) in rows
        assert ("嘎鲁图镇人民政府", "2026-06", 0, 0) in rows
        totals = list(book["合计"].iter_rows(values_only=True))
        assert ("乌审旗苏力德苏木人民政府", 3, 2, "67%") in totals
        assert ("嘎鲁图镇人民政府", 0, 0, "无") in totals

    def test_a_site_name_that_looks_like_a_formula_stays_text(self, people, history):
        Site.objects.filter(key="galutu").update(site_name="=HYPERLINK(1)")
        response = client_for(people["banner_reviewer"]).get(COUNTS_URL, {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content))["按月统计"]
        assert "'=HYPERLINK(1)" in [row[0] for row in sheet.iter_rows(values_only=True)]
