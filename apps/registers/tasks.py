"""Celery tasks of the registers app: thin, each takes the agency's schema name explicitly and runs inside it.

``run_export_job`` is sent to the "exports" queue (its own worker, concurrency 1 at a lower priority, so a long
printout never slows logins and registrations: ops/lib.sh, ops/systemd/qlvb-worker-exports.service.j2).
``expire_exports`` is periodic (settings.CELERY_BEAT_SCHEDULE): a public dispatcher fans out one task per agency."""

from celery import shared_task
from django_tenants.utils import get_tenant_model, schema_context

PERIODIC_QUEUE = "periodic"


@shared_task(acks_late=True)
def run_export_job(schema_name: str, job_id: int) -> dict:
    from . import export_jobs

    with schema_context(schema_name):
        agency = get_tenant_model().objects.select_related("parent").get(schema_name=schema_name)
        job = export_jobs.run_export_job(job_id, agency=agency)
        return {"schema": schema_name, "job": job_id, "state": job.state if job else None}


@shared_task(acks_late=True)
def expire_exports(schema_name: str) -> dict:
    from . import export_jobs

    with schema_context(schema_name):
        return {"schema": schema_name, "changed": export_jobs.expire_export_jobs()}


@shared_task
def expire_exports_everywhere() -> int:
    """One ``expire_exports`` per agency, suspended ones included (their files expire all the same)."""
    from tenants.tasks import fan_out

    return fan_out(expire_exports, queue=PERIODIC_QUEUE, active_only=False)
