import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from news.demo import columns_load

MAPPING = Path(__file__).resolve().parents[2] / "imports" / "mappings" / "example-gov-cms.toml"


@pytest.fixture
def demo_columns(site):
    """公开 > 苏木镇动态 / 通知公告 …, the slugs the example mapping names."""
    columns_load()


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "old-site"
    folder.mkdir()
    return folder


@pytest.fixture
def run_import(demo_columns):
    """Run import_articles; returns (exit code, everything it printed)."""

    def run(*args, mapping=MAPPING):
        out = io.StringIO()
        options = ["--mapping", str(mapping)] if mapping else []
        try:
            call_command("import_articles", *[str(a) for a in args], *options, stdout=out, stderr=out)
        except SystemExit as exit:
            return exit.code, out.getvalue()
        except CommandError as error:
            return error.returncode, out.getvalue() + str(error)
        return 0, out.getvalue()

    return run
