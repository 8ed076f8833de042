"""An auditor opens 网站体检 from the admin index and reads the chart and findings."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Column, ColumnType
from tests.conftest import site_member_add
from tests.health.conftest import worker_run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def auditor_login(live_server, site, columns, make_article):
    group, _ = Group.objects.get_or_create(name="审计")  # a transactional flush removes groups
    group.permissions.add(Permission.objects.get(codename="view_site_health"))
    user = User.objects.create_user("shenji", password="audit-password-1", is_staff=True)
    user.groups.add(group)
    site_member_add(user)
    make_article(title="苏木镇动态新消息", column=columns["news"], published_at=timezone.now() - timedelta(days=2))
    make_article(title="旧要闻", column=columns["headlines"], published_at=timezone.now() - timedelta(days=20))
    Column.objects.create(name="规划计划", slug="guihua", column_type=ColumnType.PERSONNEL)
    return live_server


def test_an_auditor_opens_the_health_page_and_sees_the_chart_and_findings(page, auditor_login):
    page.goto(f"{auditor_login.url}/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("shenji")
    page.get_by_label("密码").fill("audit-password-1")
    page.get_by_role("button", name="登录").click()
    page.locator("tr.model-sitehealth").get_by_role("link", name="网站体检").click()
    expect(page.get_by_role("heading", name="网站体检").first).to_be_visible()

    # Opening the page runs no check: the auditor asks for a report, the
    # task worker makes it, and the page shows it on the next load.
    expect(page.get_by_text("还没有体检报告")).to_be_visible()
    page.get_by_role("button", name="重新体检").click()
    expect(page.get_by_text("已提交重新体检")).to_be_visible()
    expect(page.get_by_text("正在排队或运行")).to_be_visible()
    worker_run()
    page.reload()
    expect(page.get_by_text("本报告生成于")).to_be_visible()
    assert page.get_by_text("正在排队或运行").count() == 0

    chart = page.get_by_role("img", name="近六个月各栏目每周发布数量与更新时限")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 600
    assert page.locator("svg.health-chart rect").count() >= 1  # this week's bar of 苏木镇动态

    deducted = page.get_by_role("region", name=re.compile(r"^扣分项"))
    expect(deducted.get_by_text("栏目未按期更新:“政务要闻”已超过更新期限 6 天")).to_be_visible()
    expect(deducted.get_by_text("空白栏目:“规划计划”自创建以来没有发布任何内容")).to_be_visible()

    # Each finding says what it costs; an auditor reads, others fix.
    planning_row = deducted.get_by_role("row", name="规划计划")
    expect(planning_row.get_by_role("cell", name="3 分")).to_be_visible()
    assert planning_row.get_by_role("link").count() == 0
    expect(planning_row.get_by_text("由有相应权限的人员处理")).to_be_visible()
    expect(page.get_by_text("外部链接", exact=False).last).to_be_visible()


def test_an_auditor_who_types_in_an_editors_address_is_told_in_chinese_and_led_back(page, auditor_login):
    page.goto(f"{auditor_login.url}/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("shenji")
    page.get_by_label("密码").fill("audit-password-1")
    page.get_by_role("button", name="登录").click()
    planning = Column.objects.get(slug="guihua")
    response = page.goto(f"{auditor_login.url}/admin/news/article/add/?column={planning.pk}")
    assert response.status == 403
    expect(page.get_by_role("heading", name="没有权限")).to_be_visible()
    assert page.get_by_role("alert").inner_text().startswith("您的账号没有打开这个页面")
    assert "Forbidden" not in page.content()
    page.get_by_role("link", name="返回管理首页").click()
    expect(page.locator("tr.model-sitehealth").get_by_role("link", name="网站体检")).to_be_visible()
