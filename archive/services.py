"""Exports: writes with side effects (a file, an audit entry). The command
line, the admin page and background jobs all call these."""

import getpass
import hashlib
import logging
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from .history import export_audit_record, export_log_abort, export_log_finish, export_log_start
from .listing import csv_chunks, json_chunks, xlsx_write
from .models import ExportFormat, ExportJob, ExportJobState
from .package import package_write
from .rows import ExportContext, rows_of
from .selection import ExportFilters, articles_selected, site_parse

logger = logging.getLogger(__name__)

EXTENSIONS = {
    ExportFormat.CSV: "csv",
    ExportFormat.XLSX: "xlsx",
    ExportFormat.JSON: "json",
    ExportFormat.PACKAGE: "zip",
}
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.JSON: "application/json; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.PACKAGE: "application/zip",
}


@dataclass
class ExportResult:
    path: Path
    count: int
    sha256: str
    size: int
    record: object


def export_file_name(fmt, when=None, site_key=""):
    """archive-<site>-<time>.<ext>: the site exported is in the name."""
    when = timezone.localtime(when or timezone.now())
    site = f"{site_key}-" if site_key else ""
    return f"archive-{site}{when:%Y%m%d-%H%M%S}.{EXTENSIONS[fmt]}"


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def atomic_output(path):
    """Yield a temporary path in the target's folder; on success it replaces
    the target in one step, on any failure it is removed. A full disk or a
    crash never leaves a half-written file under the final name."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    temporary = Path(temporary)
    os.chmod(temporary, 0o644)  # mkstemp makes it private; an export is meant to be handed on
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _export_info(filters, fmt, actor, name, exported_at, site):
    return {
        "站点": {"标识": site.key, "名称": site.site_name, "域名": site.domain},
        "文件": name,
        "格式": fmt,
        "导出时间": exported_at,
        "导出人": actor,
        "筛选条件": filters.as_json(),
    }


def archive_export(
    *, filters: ExportFilters, fmt, out, user=None, actor="", via="command", with_pdf=True, progress=None
):
    """Export the selected articles to the file `out` and log the export.
    `progress(n)` is called as articles are done."""
    out = Path(out)
    actor = actor or (user.get_username() if user is not None else _system_user())
    exported_at = timezone.localtime().isoformat()
    articles = articles_selected(filters)
    context = ExportContext(site_parse(filters.site))
    counter = _Counter(progress)
    with atomic_output(out) as temporary:
        if fmt == ExportFormat.PACKAGE:
            info = _export_info(filters, fmt, actor, out.name, exported_at, context.site)
            with open(temporary, "wb") as target:
                count = package_write(
                    target,
                    articles,
                    context=context,
                    root=out.stem,
                    with_pdf=with_pdf,
                    tmp_dir=out.parent,
                    export_info=info,
                    progress=counter,
                )
        else:
            rows = rows_of(articles, context, progress=counter, content=fmt == ExportFormat.JSON)
            if fmt == ExportFormat.XLSX:
                xlsx_write(rows, temporary)
            else:
                chunks = (
                    csv_chunks(rows)
                    if fmt == ExportFormat.CSV
                    else json_chunks(rows, exported_at=exported_at, filters=filters.as_json())
                )
                with open(temporary, "wb") as target:
                    for chunk in chunks:
                        target.write(chunk)
            count = counter.count
        sha256, size = file_sha256(temporary), temporary.stat().st_size
    record = export_audit_record(
        user=user,
        actor=actor,
        via=via,
        filters=filters.as_json(),
        count=count,
        sha256=sha256,
        fmt=fmt,
        file_name=out.name,
        size=size,
    )
    return ExportResult(path=out, count=count, sha256=sha256, size=size, record=record)


class _Counter:
    def __init__(self, progress):
        self.count = 0
        self.progress = progress

    def __call__(self, n):
        self.count += n
        if self.progress:
            self.progress(n)


def _system_user():
    try:
        return f"命令行:{getpass.getuser()}"
    except (KeyError, OSError):
        return "命令行"


def listing_stream(*, filters, fmt, user):
    """The CSV or JSON listing as a stream of bytes for a web response. The
    export is logged now, as it starts (进行中), and completed with the
    SHA-256 of exactly what was sent once the last byte has been produced; a
    download broken off leaves its record marked 中断."""
    exported_at = timezone.localtime().isoformat()
    file_name = export_file_name(fmt, site_key=filters.site)
    context = ExportContext(site_parse(filters.site))
    rows = _CountedRows(rows_of(articles_selected(filters), context, content=fmt == ExportFormat.JSON))
    chunks = (
        csv_chunks(rows)
        if fmt == ExportFormat.CSV
        else json_chunks(rows, exported_at=exported_at, filters=filters.as_json())
    )
    record = export_log_start(user=user, via="admin", filters=filters.as_json(), fmt=fmt, file_name=file_name)
    return LoggedStream(chunks, rows=rows, record=record, file_name=file_name)


class _CountedRows:
    """The rows, counted as the listing reads them."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


class LoggedStream:
    """Chunks of an export on their way to the browser. The web server calls
    `close()` when the response ends, finished or not: a stream closed before
    its last chunk (the download cancelled, the connection lost) or broken by
    an error is logged as 中断."""

    def __init__(self, chunks, *, rows, record, file_name):
        self.chunks = chunks
        self.rows = rows
        self.record = record
        self.file_name = file_name
        self.digest, self.size = hashlib.sha256(), 0
        self.ended = False

    def __iter__(self):
        return self

    def __next__(self):
        if self.ended:
            raise StopIteration
        try:
            chunk = next(self.chunks)
        except StopIteration:
            self.ended = True
            export_log_finish(record=self.record, count=self.rows.count, sha256=self.digest.hexdigest(), size=self.size)
            raise
        except BaseException:
            self._abort()
            raise
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk

    def close(self):
        if not self.ended:
            self._abort()
        self.chunks.close()

    def _abort(self):
        self.ended = True
        try:
            export_log_abort(record=self.record, count=self.rows.count)
        except DatabaseError:
            # The database may be what broke the stream: keep the first error, the record stays 进行中.
            logger.exception("could not mark export record %s as aborted", self.record.pk)


# --- background jobs ----------------------------------------------------------


def export_job_create(*, user, filters, fmt, with_pdf):
    job = ExportJob.objects.create(
        user=user, site=site_parse(filters.site), filters=filters.as_json(), fmt=fmt, with_pdf=with_pdf
    )
    return job


def export_job_run(*, job_id):
    """Build the job's file under ARCHIVE_EXPORT_DIR, reporting progress in the database."""
    try:
        job = ExportJob.objects.select_related("user").get(pk=job_id)
        filters = ExportFilters.from_json(job.filters)
        total = articles_selected(filters).count()
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJobState.RUNNING, total=total, heartbeat_at=timezone.now()
        )
        name = export_file_name(job.fmt, job.created_at, filters.site).replace("archive-", f"archive-{job.pk}-")
        progress = _JobProgress(job.pk)
        result = archive_export(
            filters=filters,
            fmt=job.fmt,
            out=Path(settings.ARCHIVE_EXPORT_DIR) / name,
            user=job.user,
            via="admin",
            with_pdf=job.with_pdf,
            progress=progress,
        )
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJobState.DONE,
            done=result.count,
            total=result.count,
            file_name=name,
            record=result.record,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
    except Exception as error:  # noqa: BLE001 - the auditor must see that it failed, whatever failed
        logger.exception("export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportJobState.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )


class _JobProgress:
    """Write progress at most about once a second, not once per article."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.done = 0
        self.written_at = 0.0

    def __call__(self, n):
        import time

        self.done += n
        now = time.monotonic()
        if now - self.written_at >= 1.0:
            self.written_at = now
            ExportJob.objects.filter(pk=self.job_id).update(done=self.done, heartbeat_at=timezone.now())
