"""The job service: lanes run in order, a newer job with the same key makes the older one stale,
cancel drops a result (or reports how the job ended), progress and partial results reach the GUI
thread. Every test fixes the order with events the jobs wait on: no races."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication

from desk.ui.jobs import Jobs


def settle(jobs: Jobs, lane: str) -> None:
    """Wait for the lane, then deliver what it sent to the GUI thread."""
    assert jobs.wait(lane, 10_000)
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()


def test_a_queued_job_overtaken_by_a_newer_one_with_its_key_never_runs(qapp):
    jobs = Jobs()
    gate = threading.Event()
    ran: list[str] = []
    delivered: list[str] = []
    jobs.submit("query", gate.wait, 10)  # holds the lane's one thread
    jobs.submit("query", lambda: ran.append("old") or "old", key="k", on_done=delivered.append)
    jobs.submit("query", lambda: ran.append("new") or "new", key="k", on_done=delivered.append)
    gate.set()
    settle(jobs, "query")
    assert ran == ["new"]
    assert delivered == ["new"]


def test_a_running_job_overtaken_by_a_newer_one_has_its_result_dropped(qapp):
    jobs = Jobs()
    started, release = threading.Event(), threading.Event()
    delivered: list[str] = []

    def old() -> str:
        started.set()
        release.wait(10)
        return "old"

    jobs.submit("query", old, key="k", on_done=delivered.append)
    assert started.wait(10)
    jobs.submit("query", lambda: "new", key="k", on_done=delivered.append)
    release.set()
    settle(jobs, "query")
    assert delivered == ["new"]


def test_cancel_drops_the_result_or_reports_how_the_job_ended(qapp):
    jobs = Jobs()
    started, release = threading.Event(), threading.Event()
    delivered: list[object] = []

    def stoppable(job) -> str:
        started.set()
        release.wait(10)
        if job.cancelled:
            raise ValueError("stopped as asked")
        return "finished"

    first = jobs.submit("work", stoppable, wants_job=True, on_done=delivered.append)
    assert started.wait(10)
    first.cancel()
    release.set()
    settle(jobs, "work")
    assert delivered == []  # dropped
    started.clear()
    release.clear()
    second = jobs.submit(
        "work", stoppable, wants_job=True, on_done=delivered.append, on_failed=delivered.append
    )
    assert started.wait(10)
    second.cancel(drop=False)
    release.set()
    settle(jobs, "work")
    assert delivered == ["ValueError: stopped as asked"]


def test_progress_and_partial_results_reach_the_gui_thread_in_order(qapp):
    jobs = Jobs()
    seen: list[object] = []
    gui = threading.get_ident()

    def batch(job) -> str:
        for n in range(3):
            job.progress(n + 1, 3, f"file {n}")
            job.send(n)
        return "done"

    def on_partial(value: object) -> None:
        assert threading.get_ident() == gui
        seen.append(value)

    jobs.submit(
        "work",
        batch,
        wants_job=True,
        on_progress=lambda done, total, text: seen.append((done, total, text)),
        on_partial=on_partial,
        on_done=seen.append,
    )
    settle(jobs, "work")
    assert seen == [(1, 3, "file 0"), 0, (2, 3, "file 1"), 1, (3, 3, "file 2"), 2, "done"]


def test_a_failing_job_says_why_and_the_lane_goes_on(qapp):
    jobs = Jobs()
    said: list[str] = []

    def broken() -> None:
        raise RuntimeError("disk on fire")

    jobs.submit("work", broken, on_failed=said.append)
    jobs.submit("work", lambda: "next", on_done=said.append)
    settle(jobs, "work")
    assert said == ["RuntimeError: disk on fire", "next"]
