"""python manage.py export_archive: filters as options, exit code 2 on bad input."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import ExportRecord
from tests.conftest import beijing

ROOT = Path(settings.BASE_DIR)


def run(*args):
    out = io.StringIO()
    call_command("export_archive", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class TestFilters:
    def test_since_until_and_a_column_with_its_sub_columns(self, make_article, columns, tmp_path):
        make_article(title="五月动态", column=columns["news"], published_at=beijing(2024, 5, 31, 23, 59))
        make_article(title="六月一日动态", column=columns["news"], published_at=beijing(2024, 6, 1, 0, 0))
        make_article(title="六月要闻", column=columns["headlines"], published_at=beijing(2024, 6, 2, 8, 0))
        make_article(title="六月底通知", column=columns["notices"], published_at=beijing(2024, 6, 30, 23, 59))
        make_article(title="七月通知", column=columns["notices"], published_at=beijing(2024, 7, 1, 0, 0))
        out = tmp_path / "june.csv"
        output = run("--since", "2024-06-01", "--until", "2024-06-30", "--column", "gongkai", "--out", str(out))
        titles = [line.split(",")[1] for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
        assert titles == ["六月一日动态", "六月底通知"]
        assert "已导出 2 篇文章" in output and ExportRecord.objects.get().via == "command"

    def test_keyword_matches_title_or_body(self, make_article, tmp_path):
        make_article(title="防汛抗旱工作会议", body="<p>部署工作。</p>")
        make_article(title="人居环境整治", body="<p>同时做好防汛准备。</p>")
        make_article(title="秸秆禁烧", body="<p>宣传到户。</p>")
        out = tmp_path / "k.json"
        run("--keyword", "防汛", "--format", "json", "--out", str(out))
        import json

        assert sorted(a["标题"] for a in json.loads(out.read_text())["文章"]) == ["人居环境整治", "防汛抗旱工作会议"]

    def test_the_user_named_is_written_into_the_export_log(self, make_article, tmp_path, auditor):
        make_article()
        run("--user", "shenji", "--out", str(tmp_path / "a.csv"))
        record = ExportRecord.objects.get()
        assert (record.user, record.actor) == (auditor, "shenji")


class TestBadInput:
    @pytest.mark.parametrize(
        "args, message",
        [
            (["--since", "2024-02-30"], "开始日期“2024-02-30”不是有效日期"),
            (["--until", "昨天"], "结束日期“昨天”不是有效日期"),
            (["--since", "0001-01-01"], "开始日期 0001-01-01 超出范围"),
            (["--until", "9999-12-31"], "结束日期 9999-12-31 超出范围"),
            (["--since", "2024-06-30", "--until", "2024-06-01"], "开始日期 2024-06-30 晚于结束日期 2024-06-01"),
            (["--column", "no-such-column"], "没有这个栏目:no-such-column"),
            (["--format", "pdf"], "没有这种导出格式:pdf"),
            (["--status", "deleted"], "没有这种状态:deleted"),
            (["--user", "nobody"], "没有这个用户:nobody"),
            (["--out", "/no/such/dir/x.csv"], "输出目录不存在"),
        ],
    )
    def test_is_refused_with_a_clear_message_and_exit_code_2(self, columns, args, message, tmp_path):
        with pytest.raises(CommandError) as refused:
            run(*args)
        assert refused.value.returncode == 2
        assert message in str(refused.value)
        assert not ExportRecord.objects.exists()

    def test_the_real_process_exits_with_2(self, tmp_path):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
        done = subprocess.run(
            [sys.executable, "manage.py", "export_archive", "--since", "2024-13-01", "--out", str(tmp_path / "x.csv")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 2
        assert "不是有效日期" in done.stderr
        assert list(tmp_path.iterdir()) == []


class TestProgress:
    def test_no_progress_bar_when_not_on_a_terminal(self, make_article, tmp_path, capsys):
        make_article()
        err = io.StringIO()
        call_command("export_archive", "--out", str(tmp_path / "a.csv"), stdout=io.StringIO(), stderr=err)
        captured = capsys.readouterr()
        assert "篇/s" not in captured.err and "%|" not in captured.err

    def test_a_progress_bar_on_a_terminal(self, make_article, tmp_path, monkeypatch):
        class Terminal(io.StringIO):
            def isatty(self):
                return True

        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        make_article()
        call_command("export_archive", "--out", str(tmp_path / "a.csv"), stdout=io.StringIO())
        assert "1/1" in terminal.getvalue() and "篇" in terminal.getvalue()
