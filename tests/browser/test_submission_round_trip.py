"""信息报送 through the admin: a township editor sends a published article
up, the banner's reviewer accepts it, residents read the copy on the
banner's site (来源 the township, linking to the original), the township
withdraws the original and the banner's copy is withdrawn with it."""

import pytest
from django.contrib.auth.models import User

from news.models import Article, SiteMembership, SubmissionUpdates
from submissions.models import Submission, SubmissionStatus
from tests.browser.test_editorial_workflow import log_in
from tests.submissions.conftest import reviewer_group

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def platform(staff, site, original_article):
    """The township (default site) and the banner's portal, set to update its copies."""
    from news.models import Column, Site

    banner = Site.objects.create(
        key="wsq",
        site_name="乌审旗人民政府",
        domain="www.wsq.example.gov.cn",
        organiser="乌审旗人民政府",
        is_platform=True,
        submission_updates=SubmissionUpdates.UPDATE,
    )
    Column.objects.create(site=banner, name="乡镇动态", slug="xiangzhen-dongtai", accepts_submissions=True)
    for name in ("editor", "reviewer"):
        SiteMembership.objects.get_or_create(site=site, user=staff[name])
    banner_reviewer = User.objects.create_user("banner_reviewer", password=PASSWORD, is_staff=True)
    banner_reviewer.groups.add(reviewer_group())
    SiteMembership.objects.get_or_create(site=banner, user=banner_reviewer)
    return banner


@pytest.fixture
def original_article(make_article):
    return make_article(title="苏力德苏木开展草原防火演练", body="<p>6月7日,苏力德苏木组织开展演练。</p>")


class TestSubmissionRoundTrip:
    def test_send_accept_read_on_the_banner_then_withdraw_upstream(
        self, browser, live_server, platform, original_article, screenshot
    ):
        original = original_article
        # The township's editor sends the published article up.
        editor_context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/{original.pk}/change/")
        editor.get_by_role("link", name="报送", exact=True).click()
        editor.get_by_label("报送到").select_option(label="乌审旗人民政府 - 乡镇动态")
        editor.get_by_role("button", name="确认报送").click()
        editor.wait_for_url(f"{live_server.url}/admin/news/article/{original.pk}/change/")
        assert "已报送到乌审旗人民政府“乡镇动态”" in editor.locator(".messagelist").inner_text()

        # The banner's reviewer finds it first in 信息报送 and accepts it.
        reviewer_context, reviewer = log_in(browser, live_server, "banner_reviewer")
        reviewer.goto(f"{live_server.url}/admin/submissions/submission/")
        row = reviewer.locator("#result_list tbody tr").first
        assert "苏力德苏木开展草原防火演练" in row.inner_text() and "待审核" in row.inner_text()
        screenshot(reviewer, "banner-list")
        row.get_by_role("link", name="处理").click()
        screenshot(reviewer, "decide")
        assert "6月7日,苏力德苏木组织开展演练。" in reviewer.locator(".submission-body").inner_text()
        reviewer.get_by_role("button", name="采用", exact=True).click()
        reviewer.wait_for_url(f"{live_server.url}/admin/submissions/submission/")
        assert "已采用" in reviewer.locator(".messagelist").inner_text()
        copy = Submission.objects.get().copy

        # A resident reads the copy on the banner's site, from its column.
        resident_context = browser.new_context(locale="zh-CN")
        resident = resident_context.new_page()
        resident.goto(f"{live_server.url}/site/wsq/column/xiangzhen-dongtai/")
        resident.get_by_role("link", name="苏力德苏木开展草原防火演练").first.click()
        assert resident.get_by_role("heading", level=1).inner_text() == "苏力德苏木开展草原防火演练"
        source = resident.locator(".article-source a")
        assert source.inner_text() == "乌审旗苏力德苏木人民政府"
        assert source.get_attribute("href") == f"https://www.example.gov.cn/article/{original.pk}/"

        # The township's reviewer withdraws the original: the copy follows.
        township_context, township = log_in(browser, live_server, "reviewer")
        township.goto(f"{live_server.url}/admin/news/article/{original.pk}/change/")
        township.get_by_role("button", name="撤稿", exact=True).click()
        township.get_by_label("意见(必填)").fill("数据有误,撤回核实")
        township.get_by_role("button", name="确认撤稿").click()
        township.wait_for_selector(".workflow-status")
        assert township.locator(".workflow-status").inner_text() == "已撤稿"
        copy.refresh_from_db()
        assert copy.status == "withdrawn"
        assert resident.goto(f"{live_server.url}/site/wsq/article/{copy.pk}/").status == 404

        # The editor sees how the submission ended.
        editor.goto(f"{live_server.url}/admin/submissions/submission/")
        assert "已采用" in editor.locator("#result_list").inner_text()
        assert Submission.objects.get().status == SubmissionStatus.ACCEPTED
        assert not Article.objects.get(pk=original.pk).is_public
        for context in (editor_context, reviewer_context, resident_context, township_context):
            context.close()
