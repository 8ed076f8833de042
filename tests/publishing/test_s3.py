"""The published tree in an S3-compatible bucket (PUBLISH_STORAGE=s3), against
moto's S3 server on a loopback port: the same object names as the files of
the local tree, the types nginx would serve them with, replaced and removed."""

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from moto.server import ThreadedMotoServer

from news.editorial.actors import SYSTEM
from news.editorial.services import article_withdraw
from portal.settings.common import publish_storage_from_environment
from publishing.s3 import object_content_type
from publishing.services import pages_publish_waiting, site_publish_queue
from tests.conftest import beijing

BUCKET = "portal-publish"
CREDENTIALS = {"PUBLISH_S3_ACCESS_KEY_ID": "testing", "PUBLISH_S3_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    """An empty bucket, and STORAGES["publish"] pointing at it as the
    environment variables of docs/configuration.md would."""
    environment = {
        "PUBLISH_STORAGE": "s3",
        "PUBLISH_S3_BUCKET": BUCKET,
        "PUBLISH_S3_ENDPOINT_URL": s3_server,
        "PUBLISH_S3_REGION": "us-east-1",
        "PUBLISH_S3_ADDRESSING_STYLE": "path",
        **CREDENTIALS,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "publish": publish_storage_from_environment(environment, settings.PUBLISH_ROOT),
    }
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def object_names(client):
    names = set()
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        names.update(item["Key"] for item in page.get("Contents", []))
    return names


def tree_names(root):
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


class TestArticleObjects:
    def test_a_published_article_is_an_html_object_under_its_page_name(self, bucket, make_article, publish):
        article = publish(lambda: make_article(title="草原防火动员会"))
        stored = bucket.get_object(Bucket=BUCKET, Key=f"main/article/{article.pk}/index.html")
        assert "草原防火动员会" in stored["Body"].read().decode()
        assert stored["ContentType"] == "text/html; charset=utf-8"
        assert stored["CacheControl"] == "no-cache"

    def test_an_edit_replaces_the_object_under_the_same_name(self, bucket, make_article, publish):
        article = publish(lambda: make_article(title="原标题"))

        def edit():
            from news.editorial.services import article_save

            article.title = "新标题"
            return article_save(article=article, actor=SYSTEM)

        publish(edit)
        key = f"main/article/{article.pk}/index.html"
        assert "新标题" in bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
        assert [name for name in object_names(bucket) if name.startswith(f"main/article/{article.pk}/")] == [key]

    def test_a_withdrawn_article_object_is_deleted_at_once(
        self, bucket, make_article, publish, django_capture_on_commit_callbacks
    ):
        article = publish(lambda: make_article(title="将被撤回的文章"))
        key = f"main/article/{article.pk}/index.html"
        assert key in object_names(bucket)
        with django_capture_on_commit_callbacks(execute=True):
            article_withdraw(article=article, actor=SYSTEM, remark="内容有误")
        assert key not in object_names(bucket)


class TestWholeSite:
    def test_the_bucket_holds_the_same_names_as_the_local_tree(self, published_tree, make_article, s3_server, request):
        for number in range(25):
            make_article(title=f"第{number}篇", published_at=beijing(2024, 1, 1 + number, 9, 0))
        site_publish_queue()
        assert pages_publish_waiting()[1] == 0
        # nginx's site map (publishing/nginx_map.py) is a local file, never in the bucket.
        local = {name for name in tree_names(published_tree) if not name.startswith("_nginx/")}
        assert "main/column/dongtai/page-2.html" in local

        client = request.getfixturevalue("bucket")
        site_publish_queue()
        written, failed = pages_publish_waiting()
        assert failed == 0 and written > 0
        assert object_names(client) == local

    def test_every_object_carries_the_type_nginx_gives_its_file(self, bucket, make_article):
        make_article(title="类型检查")
        site_publish_queue()
        pages_publish_waiting()
        expected = {
            "main/index.html": "text/html; charset=utf-8",
            "main/feed/index.xml": "application/rss+xml; charset=utf-8",
            "main/column/dongtai/feed/index.xml": "application/rss+xml; charset=utf-8",
            "main/sitemap.xml": "text/xml; charset=utf-8",
            "main/robots.txt": "text/plain; charset=utf-8",
            "main/_errors/503.html": "text/html; charset=utf-8",
        }
        for key, content_type in expected.items():
            stored = bucket.head_object(Bucket=BUCKET, Key=key)
            assert (key, stored["ContentType"], stored["CacheControl"]) == (key, content_type, "no-cache")


class TestContentTypes:
    def test_a_preference_sheet_is_css(self):
        assert object_content_type("main/preferences/large.css") == "text/css; charset=utf-8"

    def test_a_sitemap_section_page_is_xml_not_a_feed(self):
        assert object_content_type("main/sitemap-articles-p2.xml") == "text/xml; charset=utf-8"


class TestSettings:
    def test_the_local_folder_is_the_default(self, tmp_path):
        storage = publish_storage_from_environment({}, tmp_path)
        assert storage == {"BACKEND": "publishing.storage.AtomicFileSystemStorage", "OPTIONS": {"location": tmp_path}}

    def test_s3_without_a_bucket_is_refused(self, tmp_path):
        with pytest.raises(ImproperlyConfigured, match="PUBLISH_S3_BUCKET"):
            publish_storage_from_environment({"PUBLISH_STORAGE": "s3"}, tmp_path)

    def test_an_unknown_storage_is_refused(self, tmp_path):
        with pytest.raises(ImproperlyConfigured, match="PUBLISH_STORAGE"):
            publish_storage_from_environment({"PUBLISH_STORAGE": "ftp"}, tmp_path)

    def test_s3_reads_its_endpoint_region_and_credentials(self, tmp_path):
        storage = publish_storage_from_environment(
            {
                "PUBLISH_STORAGE": "s3",
                "PUBLISH_S3_BUCKET": "pages",
                "PUBLISH_S3_ENDPOINT_URL": "http://10.0.0.5:9000",
                "PUBLISH_S3_REGION": "cn-north-1",
                **CREDENTIALS,
            },
            tmp_path,
        )
        assert storage["BACKEND"] == "publishing.s3.S3PublishStorage"
        assert storage["OPTIONS"] == {
            "bucket_name": "pages",
            "endpoint_url": "http://10.0.0.5:9000",
            "region_name": "cn-north-1",
            "access_key": "testing",
            "secret_key": "testing",
        }
