"""A listing streamed to the browser is logged when it starts and completed
when it ends; a download broken off leaves a record marked 中断."""

import csv
import hashlib
import io

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import StreamingHttpResponse

from archive.models import ExportRecord, ExportStatus
from archive.selection import filters_parse
from archive.services import listing_stream
from news.models import AuditEntry

EXPORT_URL = "/admin/archive/exportrecord/export/"


@pytest.fixture
def three_articles(make_article, columns):
    return [make_article(title=f"苏木通知第{n}号", column=columns["news"]) for n in (1, 2, 3)]


@pytest.fixture
def streaming(client, auditor, three_articles, monkeypatch):
    """Start a CSV download of the three articles on the export page, one row per chunk; nothing read yet."""
    monkeypatch.setattr("archive.listing.FLUSH_EVERY", 1)
    client.force_login(auditor)
    response = client.post(EXPORT_URL, {"format": "csv", "status": "published"})
    assert response.status_code == 200 and response.streaming
    return response


@pytest.fixture
def served(auditor, three_articles, monkeypatch):
    """The same download as a web server holds it, without the test client's
    wrapper (which closes the response its own way at the end)."""
    monkeypatch.setattr("archive.listing.FLUSH_EVERY", 1)
    stream = listing_stream(filters=filters_parse(status="published"), fmt="csv", user=auditor)
    return StreamingHttpResponse(stream, content_type="text/csv")


def close_like_the_server(response):
    """What the WSGI server does when the browser goes away: close the
    response, with the test's database connection kept open, as Django's
    test client does."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def export_entry():
    return AuditEntry.objects.get(action="export")


class TestTheStart:
    def test_the_record_and_audit_entry_exist_before_any_byte_is_read(self, streaming, auditor):
        record = ExportRecord.objects.get()
        assert (record.status, record.user, record.fmt, record.sha256) == (ExportStatus.RUNNING, auditor, "csv", "")
        assert record.get_status_display() == "进行中" and record.finished_at is None
        assert streaming["Content-Disposition"] == f'attachment; filename="{record.file_name}"'
        entry = export_entry()
        assert record.audit_entry == entry and entry.details["status"] == "进行中"


class TestTheEnd:
    def test_a_download_read_to_the_end_completes_the_same_record_with_sha256_and_count(self, streaming):
        content = b"".join(streaming.streaming_content)  # the test client closes it at the end
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
        record = ExportRecord.objects.get()
        assert record.status == ExportStatus.DONE and record.finished_at is not None
        assert (record.count, record.size) == (len(rows), len(content)) == (3, len(content))
        assert record.sha256 == hashlib.sha256(content).hexdigest()
        entry = export_entry()
        assert entry.remark == "导出 3 篇文章(csv)"
        assert (entry.details["status"], entry.details["count"], entry.details["sha256"]) == (
            "已完成",
            3,
            record.sha256,
        )

    def test_a_download_closed_after_part_of_it_is_marked_interrupted(self, served):
        chunks = iter(served.streaming_content)
        header, first_row = next(chunks), next(chunks)
        assert "标题".encode() in header and "苏木通知".encode() in first_row
        close_like_the_server(served)
        record = ExportRecord.objects.get()
        assert (record.status, record.get_status_display()) == (ExportStatus.ABORTED, "中断")
        assert record.count == 1 and record.sha256 == "" and record.finished_at is not None
        entry = export_entry()
        assert entry.details["status"] == "中断" and "中断" in entry.remark

    def test_a_download_closed_before_its_first_byte_is_marked_interrupted(self, served):
        close_like_the_server(served)
        assert ExportRecord.objects.get().status == ExportStatus.ABORTED

    def test_an_error_half_way_is_marked_interrupted_and_not_hidden(self, client, auditor, three_articles, monkeypatch):
        def broken(rows):
            yield b"\xef\xbb\xbfpartial"
            raise OSError("database went away")

        monkeypatch.setattr("archive.services.csv_chunks", broken)
        client.force_login(auditor)
        response = client.post(EXPORT_URL, {"format": "csv", "status": "published"})
        with pytest.raises(OSError):
            b"".join(response.streaming_content)
        assert ExportRecord.objects.get().status == ExportStatus.ABORTED
        assert export_entry().details["status"] == "中断"

    def test_a_file_export_is_logged_once_as_finished(self, export, three_articles):
        result = export("csv")
        record = ExportRecord.objects.get()
        assert record == result.record and record.status == ExportStatus.DONE and record.count == 3
        assert export_entry().details["status"] == "已完成"
