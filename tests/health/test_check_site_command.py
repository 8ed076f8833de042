"""`manage.py check_site`: a readable report, JSON, and an exit status cron can alert on."""

import json

import pytest

from news.models import Column, ColumnType

pytestmark = pytest.mark.django_db


class TestExitStatus:
    def test_a_healthy_site_is_reported_healthy_with_exit_0(self, healthy_site, run_check):
        status, output = run_check("--no-external")
        assert status == 0
        assert "估算结论:合格(估算得分 100)" in output
        assert "未发现问题。" in output

    def test_deductions_alone_still_exit_0(self, healthy_site, run_check):
        Column.objects.create(
            name="规划计划", slug="guihua", column_type=ColumnType.PERSONNEL, description="d", keywords="k"
        )
        status, output = run_check("--no-external")
        assert status == 0
        assert "估算结论:扣分(估算得分 97)" in output
        assert "空白栏目:“规划计划”自创建以来没有发布任何内容" in output

    def test_a_single_veto_risk_exits_1(self, site, columns, make_article, run_check):
        from .conftest import ago

        make_article(title="旧消息", column=columns["news"], published_at=ago(days=20))
        status, output = run_check("--no-external")
        assert status == 1
        assert "【单项否决风险】1 项" in output
        assert "首页超过 2 周未更新" in output

    def test_a_link_climbing_out_of_the_media_folder_is_reported_not_a_crash(
        self, healthy_site, make_article, run_check
    ):
        make_article(title="怪链接", body='<p><a href="/media/%2e%2e/x">上一级</a></p>')
        status, output = run_check("--no-external")
        assert status == 0
        assert "不可用链接:文章“怪链接”中的“上一级”" in output


class TestJson:
    def test_json_carries_the_verdict_findings_and_columns(self, healthy_site, columns, make_article, run_check):
        make_article(title="链接", body='<p><a href="/article/424242/">失效原文</a></p>')
        status, output = run_check("--no-external", "--format", "json")
        data = json.loads(output)
        assert status == 0
        assert data["verdict"] == {"label": "扣分", "score": 99.5, "fails": False, "reasons": ["估算扣 0.5 分"]}
        assert data["counts"] == {"veto": 0, "deduct": 1, "notice": 0}
        [finding] = data["findings"]
        assert finding["code"] == "link_broken" and finding["category_label"] == "链接"
        assert finding["message"] == "不可用链接:文章“链接”中的“失效原文”"
        news = next(c for c in data["columns"] if c["id"] == columns["news"].pk)
        assert news["update_period_days"] == 14 and news["stale"] is False and news["published"] == 2
        assert data["stats"]["articles_scanned"] == 4
        assert data["stats"]["external_checked"] is False
