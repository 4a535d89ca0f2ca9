"""`manage.py demo`: the chain, its signals, and the first linkage run queued for the worker."""

from io import StringIO

import pytest
from django.core.management import call_command

from ketenzicht.linkage.models import CandidateLink, LinkageRun, RunStatus

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--persons=400", "--seed=3", f"--as-of={AS_OF}", *args, stdout=out)
    return out.getvalue()


def test_demo_queues_a_full_linkage_run_as_the_i_and_r_officer(django_capture_on_commit_callbacks):
    # Tests run Huey immediately: the queued run executes when the command commits.
    with django_capture_on_commit_callbacks(execute=True):
        out = demo()
    run = LinkageRun.objects.get()
    assert f"Identity linkage run {run.pk} queued" in out
    assert run.kind == "full" and run.started_by.username == "ir"
    assert run.status == RunStatus.DONE, run.error
    assert run.counts["records"] > 400
    assert CandidateLink.objects.exists()
    # A second demo finds its data and queues nothing.
    with django_capture_on_commit_callbacks(execute=True):
        demo()
    assert LinkageRun.objects.count() == 1


def test_demo_without_linkage_queues_nothing():
    out = demo("--no-linkage")
    assert "linkage" not in out.lower()
    assert not LinkageRun.objects.exists()
