"""nginx serving the published tree from an S3-compatible bucket
(deploy/nginx/portal-pages-s3.conf), in front of moto's S3 server and the
live test server, all on loopback ports: the layout of several web machines
(docs/publishing.md, "Several machines")."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import boto3
import pytest
from django.conf import settings
from moto.server import ThreadedMotoServer

from news.editorial.actors import SYSTEM
from news.editorial.services import article_withdraw
from portal.settings.common import publish_storage_from_environment
from publishing.services import pages_publish_waiting, site_extras_publish
from tests.nginx import DEPLOY_NGINX, Nginx, free_port

BUCKET = "portal-publish"
# Anyone may read an object, as docs/publishing.md sets the bucket up; no
# listing, no writes.
READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    ],
}

SERVER = """\
daemon off;
worker_processes 1;
pid {home}/nginx.pid;
error_log {home}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {home}/body;
    proxy_temp_path {home}/proxy;
    fastcgi_temp_path {home}/fastcgi;
    uwsgi_temp_path {home}/uwsgi;
    scgi_temp_path {home}/scgi;
    include snippets/portal-maps.conf;
    upstream portal_gunicorn {{
        server 127.0.0.1:{upstream_port} fail_timeout=0;
    }}
    upstream portal_bucket {{
        server {bucket_host};
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        set $portal_static {static};
        set $portal_media {media};
        set $portal_bucket_path /{bucket};
        set $portal_bucket_host {bucket_host};
        include snippets/portal-pages-s3.conf;
    }}
}}
"""


class BucketNginx(Nginx):
    """The tests' nginx, with the bucket variant of the pages snippet."""

    def __init__(self, upstream_port, bucket_host):
        super().__init__(upstream_port)
        (self.home / "nginx.conf").write_text(
            SERVER.format(
                home=self.home,
                port=self.port,
                upstream_port=upstream_port,
                bucket_host=bucket_host,
                bucket=BUCKET,
                static=settings.STATIC_ROOT,
                media=settings.MEDIA_ROOT,
            )
        )


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    endpoint = f"http://{s3_server}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t"
    )
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(READ_POLICY))
    settings.STORAGES = {
        **settings.STORAGES,
        "publish": publish_storage_from_environment(
            {
                "PUBLISH_STORAGE": "s3",
                "PUBLISH_S3_BUCKET": BUCKET,
                "PUBLISH_S3_ENDPOINT_URL": endpoint,
                "PUBLISH_S3_REGION": "us-east-1",
                "PUBLISH_S3_ACCESS_KEY_ID": "t",
                "PUBLISH_S3_SECRET_ACCESS_KEY": "t",
                "PUBLISH_S3_ADDRESSING_STYLE": "path",
            },
            settings.PUBLISH_ROOT,
        ),
    }
    site_extras_publish()
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def web_node(live_server, bucket, s3_server):
    """nginx reading pages from the bucket, the rest from the live server."""
    server = BucketNginx(urlsplit(live_server.url).port, s3_server).start()
    yield server
    server.stop()


@pytest.fixture
def web_node_without_gunicorn(bucket, s3_server):
    """The same nginx with nothing listening where gunicorn should be."""
    server = BucketNginx(free_port(), s3_server).start()
    yield server
    server.stop()


def fetch(server, path):
    """(status, headers, body) of GET `path` through nginx."""
    try:
        with urllib.request.urlopen(server.url + path, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def published(make_article, **fields):
    article = make_article(**fields)
    pages_publish_waiting()
    return article


def stored(client, key):
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


@pytest.mark.django_db(transaction=True)
class TestPagesFromTheBucket:
    def test_an_article_page_is_the_object_with_its_type(self, web_node, bucket, make_article):
        article = published(make_article, title="草原防火动员会")
        status, headers, body = fetch(web_node, f"/article/{article.pk}/")
        assert status == 200
        assert body == stored(bucket, f"main/article/{article.pk}/index.html")
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers.get_all("Cache-Control") == ["no-cache"]
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert "x-amz-request-id" not in headers

    def test_a_feed_is_served_as_rss(self, web_node, bucket, make_article):
        published(make_article, title="订阅测试")
        status, headers, body = fetch(web_node, "/feed/")
        assert (status, headers["Content-Type"]) == (200, "application/rss+xml; charset=utf-8")
        assert body == stored(bucket, "main/feed/index.xml")

    def test_a_withdrawn_article_answers_404_from_the_application(self, web_node, make_article):
        article = published(make_article, title="将被撤回的文章")
        article_withdraw(article=article, actor=SYSTEM, remark="内容有误")
        status, _, body = fetch(web_node, f"/article/{article.pk}/")
        assert status == 404
        assert "将被撤回的文章" not in body.decode()

    def test_search_goes_to_the_application(self, web_node):
        status, headers, body = fetch(web_node, "/search/?q=%E7%89%A7%E5%8C%BA")
        assert status == 200
        assert 'value="牧区"' in body.decode()
        assert headers["Content-Language"] == "zh-CN"  # set by Django only (news.public.language)


@pytest.mark.django_db(transaction=True)
class TestWithoutTheApplication:
    def test_a_published_page_is_still_served(self, web_node_without_gunicorn, bucket, make_article):
        article = published(make_article, title="停机也能看")
        status, _, body = fetch(web_node_without_gunicorn, f"/article/{article.pk}/")
        assert status == 200
        assert "停机也能看" in body.decode()

    def test_search_answers_the_sites_503_page(self, web_node_without_gunicorn, bucket):
        status, headers, body = fetch(web_node_without_gunicorn, "/search/?q=x")
        assert status == 503
        assert body == stored(bucket, "main/_errors/503.html")
        assert headers["Retry-After"] == "30"

    def test_the_reading_preference_sheet_comes_from_the_bucket_by_cookie(self, web_node_without_gunicorn, bucket):
        request = urllib.request.Request(
            web_node_without_gunicorn.url + "/preferences.css?v=1", headers={"Cookie": "font_size=large; elder_mode=1"}
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.status == 200
            assert response.read() == stored(bucket, "main/_prefs/large-1.css")
            assert response.headers["Cache-Control"] == "private, no-cache"
            assert response.headers["Vary"] == "Cookie"
            assert "ETag" not in response.headers

    def test_a_page_missing_from_the_bucket_answers_503_too(self, web_node_without_gunicorn, bucket):
        status, _, body = fetch(web_node_without_gunicorn, "/column/no-such-column/")
        assert status == 503
        assert body == stored(bucket, "main/_errors/503.html")


class TestSnippet:
    def test_its_dynamic_static_and_media_locations_are_those_of_the_file_tree_snippet(self):
        def from_dynamic_locations(name):
            text = (DEPLOY_NGINX / name).read_text()
            return text[text.index("location ^~ /search/") :]

        assert from_dynamic_locations("portal-pages-s3.conf") == from_dynamic_locations("portal-pages.conf")
