"""Archive packages built on the site's one task queue (settings.TASKS, run
by `manage.py db_worker`), not in a thread of the web worker: a restart of
gunicorn loses nothing, and a restarted worker builds what was queued."""

from django.db import transaction
from django_tasks import task

from .services import export_job_run


@task()
def export_job_make(job_id):
    """Build one ExportJob's file; progress and failure are on the job's row."""
    export_job_run(job_id=job_id)
    return job_id


def export_job_start(job):
    """Queue the job on the task queue once its row is committed; the
    request returns at once, and a restarted worker still builds it."""
    transaction.on_commit(lambda: export_job_make.enqueue(job.pk))
