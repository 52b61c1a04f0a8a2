"""Run a transfer in this process, fast and measured: no network, no broker, no `responses`.

- `InProcessHttp`: every `requests` call is answered by this process' Django app (the sandboxes)
  through one reused test client; calls are counted by method + path (ids folded), 429s are
  counted, and the time spent inside the sandbox is added up, so our own share can be told apart.
- `drive`: the transfer's steps run one after another through the django-q entry point
  (`tasks.run_transfer_step`), the way a worker runs them, with `runner.enqueue_step` turned into
  an in-memory queue (sync django-q would nest every next step inside the previous one).
- `QueryMeter`: the statements each step sends to the database, ours apart from the sandbox's
  (answered in this process, on the same connection), and our commits.
- `RssSampler`: the process' resident memory, sampled in a thread (its peak during a run).
"""

import os
import re
import threading
import time
from collections import Counter, defaultdict, deque
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlsplit

import requests
from django.test import Client
from django.utils import timezone
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from syncengine.models import TransferJob
from syncengine.transfer import runner, tasks

ID_SEGMENT = re.compile(r"/\d+(?=/|$)")


def call_key(method: str, url: str) -> str:
    path = urlsplit(url).path.split("/sandbox", 1)[-1]
    return f"{method} {ID_SEGMENT.sub('/{id}', path)}"


class InProcessHttp:
    def __init__(self):
        self.calls: Counter = Counter()
        self.statuses: Counter = Counter()
        self.too_many: Counter = Counter()  # 429s by app
        self.by_app: Counter = Counter()
        self.span: dict[str, list[float]] = {}  # app: [first call, last call] (monotonic)
        self.sandbox_seconds = 0.0
        self.sandbox_cpu = 0.0  # this process' CPU time spent serving as the sandboxes
        self.inside = False  # serving a request as the sandbox right now
        self.client = Client(raise_request_exception=True)
        self._patch = mock.patch.object(HTTPAdapter, "send", self._adapter_send())

    def __enter__(self):
        self._patch.start()
        return self

    def __exit__(self, *exc):
        self._patch.stop()

    def reset(self) -> None:
        self.calls.clear()
        self.statuses.clear()
        self.too_many.clear()
        self.by_app.clear()
        self.span.clear()
        self.sandbox_seconds = self.sandbox_cpu = 0.0

    def _adapter_send(self):
        http = self

        def send(adapter, request, **kwargs):
            return http.serve(adapter, request)

        return send

    def serve(self, adapter, request) -> requests.Response:
        url = urlsplit(request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in ("content-length", "content-type", "host")
        }
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        self.client.cookies.clear()
        started, cpu = time.perf_counter(), time.process_time()
        self.inside = True
        try:
            answer = self.client.generic(
                request.method,
                path,
                data=body,
                content_type=request.headers.get("Content-Type", "application/octet-stream"),
                headers=headers,
            )
        finally:
            self.inside = False
        self.sandbox_seconds += time.perf_counter() - started
        self.sandbox_cpu += time.process_time() - cpu
        key = call_key(request.method, request.url)
        app = key.split("/")[1] + ("-oauth" if "oauth" in key else "")  # oauth: not limited
        self.calls[key] += 1
        self.by_app[app] += 1
        self.span.setdefault(app, [started, started])[1] = started
        self.statuses[answer.status_code] += 1
        if answer.status_code == 429:
            self.too_many[app] += 1
        response = requests.Response()
        response.status_code = answer.status_code
        response.reason = answer.reason_phrase
        response.headers = CaseInsensitiveDict(
            {k: v for k, v in answer.items() if k.lower() != "content-length"}
        )
        response._content = answer.content
        response.url = request.url
        response.request = request
        response.connection = adapter
        return response

    @property
    def total(self) -> int:
        return sum(self.calls.values())


class QueryMeter:
    """Statements sent while active, by their first word (SELECT, INSERT, SAVEPOINT, …): ours,
    and apart from them the sandbox's (it answers in this process, on the same connection).
    Our commits: statements run in autocommit plus outermost atomic blocks committed."""

    def __init__(self, http: InProcessHttp | None = None):
        self.http = http
        self.ours: Counter = Counter()
        self.sandbox = 0
        self.commits = 0

    def _sandbox(self) -> bool:
        return self.http is not None and self.http.inside

    def __call__(self, execute, sql, params, many, context):
        if self._sandbox():
            self.sandbox += 1
        else:
            self.ours[sql.lstrip().split(None, 1)[0].upper()] += 1
            connection = context["connection"]
            if connection.get_autocommit() and not connection.in_atomic_block:
                self.commits += 1
        return execute(sql, params, many, context)

    @contextmanager
    def active(self):
        from django.db import connection

        commit = connection.commit

        def counted_commit():
            if not self._sandbox():
                self.commits += 1
            return commit()

        with (
            connection.execute_wrapper(self),
            mock.patch.object(connection, "commit", counted_commit),
        ):
            yield self


def measured_step(job_id: int, http: InProcessHttp | None, phase: dict):
    """Run one step; add its wall time, CPU, sandbox CPU and statements to `phase`."""
    meter = QueryMeter(http)
    sandbox_cpu = http.sandbox_cpu if http else 0.0
    started, cpu = time.perf_counter(), time.process_time()
    with meter.active():
        result = tasks.run_transfer_step(job_id)
    phase["wall_s"] += time.perf_counter() - started
    phase["cpu_s"] += time.process_time() - cpu
    phase["sandbox_cpu_s"] += (http.sandbox_cpu if http else 0.0) - sandbox_cpu
    phase["queries"].update(meter.ours)
    phase["sandbox_queries"] += meter.sandbox
    phase["commits"] += meter.commits
    phase["steps"] += 1
    return result


def new_phase() -> dict:
    keys = ("wall_s", "cpu_s", "sandbox_cpu_s", "sandbox_queries", "commits", "steps")
    return {**dict.fromkeys(keys, 0), "queries": Counter()}


def drive(
    job_id: int,
    *,
    http: InProcessHttp | None = None,
    max_steps: int = 100_000,
    max_seconds: float = 3600.0,
) -> dict:
    """Run the job's steps until it finishes; a job put to sleep (rate limit) is woken when its
    time comes, as the one-off schedule would. Bounded by steps and wall time. With `http`,
    each phase's sandbox CPU and statements are told apart from ours (`phases`)."""
    queue: deque = deque()
    steps, seconds, waits, slept = Counter(), Counter(), 0, 0.0
    phases: defaultdict = defaultdict(new_phase)
    deadline = time.monotonic() + max_seconds
    with mock.patch.object(runner, "enqueue_step", queue.append):
        queue.append(job_id)
        for _ in range(max_steps):
            if time.monotonic() > deadline:
                raise TimeoutError(f"transfer {job_id} still running after {max_seconds} s")
            if not queue:
                job = TransferJob.objects.get(pk=job_id)
                if not job.is_active:
                    break
                if job.waiting_until is None:
                    raise RuntimeError(f"transfer {job_id} is {job.state} with nothing queued")
                pause = max((job.waiting_until - timezone.now()).total_seconds(), 0.0)
                time.sleep(min(pause, max(deadline - time.monotonic(), 0.0)))
                waits, slept = waits + 1, slept + pause
                queue.append(job_id)
                continue
            phase = TransferJob.objects.values_list("phase", flat=True).get(pk=queue[0])
            started = time.perf_counter()
            result = measured_step(queue.popleft(), http, phases[phase])
            seconds[phase] += time.perf_counter() - started
            steps[f"{phase}:{result}"] += 1
        else:
            raise RuntimeError(f"transfer {job_id} took more than {max_steps} steps")
    return {
        "steps": dict(steps),
        "phase_s": dict(seconds),
        "waits": waits,
        "slept": slept,
        "phases": {name: {**p, "queries": dict(p["queries"])} for name, p in phases.items()},
    }


class RssSampler:
    """Peak resident memory of this process while the block runs (sampled every 50 ms)."""

    def __init__(self, every: float = 0.05):
        self.every, self.peak, self.start = every, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")

    def _run(self):
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, self.rss())

    def __enter__(self):
        self.start = self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        self.peak = max(self.peak, self.rss())

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20

    @property
    def start_mb(self) -> float:
        return self.start / 2**20


class throwaway_database:
    """A database for one benchmark run, created (migrated) on entry and dropped on exit. On
    PostgreSQL it is called `name` (e.g. bench_transfer); on SQLite the usual test file."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        from django.db import connection
        from django.test.utils import setup_test_environment

        setup_test_environment(debug=False)
        if connection.vendor == "postgresql":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = self.name
        self.created = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        return self.created

    def __exit__(self, *exc):
        from django.db import connection
        from django.test.utils import teardown_test_environment

        connection.creation.destroy_test_db(self.created, verbosity=0)
        teardown_test_environment()
