"""The 政务公开 fields travel with every export: listings and package metadata."""

import json
import zipfile
from datetime import date

import pytest

from news.editorial.disclosure import DisclosureMethod, Genre, SubjectCategory, Validity
from tests.conftest import beijing

from .test_listings import READERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy_document(make_article, columns):
    return make_article(
        title="苏力德苏木关于印发草原防火工作方案的通知",
        column=columns["notices"],
        published_at=beijing(2024, 3, 5, 10, 0),
        document_number="苏政发〔2024〕12号",
        written_on=date(2024, 3, 1),
        subject=SubjectCategory.AGRICULTURE,
        genre=Genre.NOTICE,
        disclosure_method=DisclosureMethod.PROACTIVE,
        validity=Validity.REPEALED,
        validity_date=date(2025, 3, 1),
    )


DISCLOSED = {
    "文号": "苏政发〔2024〕12号",
    "成文日期": "2024-03-01",
    "主题分类": "农业、林业、水利",
    "体裁": "通知",
    "公开方式": "主动公开",
    "有效性": "废止",
    "有效性日期": "2025-03-01",
}


class TestListingsCarryTheDisclosureFields:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    def test_each_field_is_written_as_its_label_and_iso_date(self, fmt, export, policy_document):
        header, rows = READERS[fmt](export(fmt).path)
        assert set(DISCLOSED) <= set(header)
        assert {name: str(rows[0][name]) for name in DISCLOSED} == DISCLOSED


class TestPackageMetadataCarriesThem:
    def test_the_metadata_json_of_an_article_holds_the_disclosure_fields(self, export, policy_document):
        result = export("package", name="archive-test.zip")
        folder = "archive-test/data/articles/" + policy_document.index_number.replace("/", "_")
        with zipfile.ZipFile(result.path) as archive:
            metadata = json.loads(archive.read(f"{folder}/metadata.json"))
        assert {name: metadata[name] for name in DISCLOSED} == DISCLOSED
