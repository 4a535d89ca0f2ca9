from huey.contrib.djhuey import db_task

from .services import execute_run


@db_task()
def run_linkage(run_id: int) -> str:
    """Execute a queued linkage run (queued by `services.start_run` on commit).

    The run records its own failure (status failed, with the error), so the
    task never raises for a failing engine and Huey does not retry it.
    """
    return execute_run(run_id).status
