"""The scenario plan: which bodies go to which targets at which concurrency, direct baselines, soak."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from functools import partial

from bench import loadgen, measure, procs
from bench.report import Row
from bench.targets import Target


class Plan:
    """Runs the scenarios against the started targets and appends report rows."""

    def __init__(
        self, args, wrk: str, log_dir: str, upstream: Target, targets: list[Target], rows: list[Row], log
    ):
        self.args, self.wrk, self.log_dir, self.upstream = args, wrk, log_dir, upstream
        self.targets, self.rows, self.log = targets, rows, log
        self.direct: dict[tuple[str, int], measure.Sample] = {}
        self.samples: dict[tuple[str, str, int], measure.Sample] = {}
        self.warmed: set[tuple[str, str]] = set()
        self.only = {s for s in args.only.split(",") if s}

    def wanted(self, scenario: str) -> bool:
        return not self.only or scenario in self.only

    @property
    def gateway(self) -> Target | None:
        return next((t for t in self.targets if t.name.startswith("gateway")), None)

    def _body(self, scenarios, name: str, model: str) -> str:
        makers = {
            "typical": lambda: scenarios.chat_body(model),
            "8k": lambda: scenarios.long_chat_body(model),
            "stream": lambda: scenarios.chat_body(model, stream=True),
            "messages": lambda: scenarios.messages_body(model),
        }
        return scenarios.write_body(self.log_dir, f"{name}-{model.replace('/', '_')}", makers[name]())

    def _wrk(self, target: Target, body: str, c: int, url: str = "", headers: list[str] | None = None):
        url, headers = url or target.chat_url, target.headers if headers is None else headers
        return measure.wrk_sample(target, self.upstream, url, body, headers, c, self.args.duration)

    def _warm(
        self, target: Target, key: str, body: str, url: str = "", headers: list[str] | None = None
    ) -> None:
        if (target.name, key) in self.warmed or self.args.warmup <= 0:
            return
        self.warmed.add((target.name, key))
        url, headers = url or target.chat_url, target.headers if headers is None else headers
        loadgen.run_wrk(url, body, headers, 16, self.args.warmup, self.wrk)

    def direct_sample(self, scenarios, kind: str, c: int) -> measure.Sample:
        """Give (measuring once, `--rounds` times) the direct baseline for a body kind at concurrency c."""
        if (kind, c) not in self.direct:
            body = self._body(scenarios, kind, self.upstream.model)
            self._warm(self.upstream, kind, body)
            self._record_direct(kind, c, [self._wrk(self.upstream, body, c) for _ in range(self.args.rounds)])
        return self.direct[(kind, c)]

    def _record_direct(self, kind: str, c: int, runs: list[measure.Sample]) -> None:
        self.direct[(kind, c)] = got = measure.merge(runs)
        scenario = {"typical": "chat", "8k": "chat-8k"}.get(kind, kind)
        self.rows.append(measure.row_from(scenario, self.upstream, c, got, None, _rounds_note(runs)))
        self.log(f"direct {kind} c={c}: {got.load.rps:.0f} req/s p50 {got.load.p50_ms:.2f} ms")

    def nonstream(self, scenarios, scenario: str, kind: str, model_of, concurrency: list[int], pool) -> None:
        """Measure a non-streaming scenario for every target at each concurrency; rounds interleave with direct."""
        direct_body = self._body(scenarios, kind, self.upstream.model)
        bodies = {t.name: self._body(scenarios, kind, model_of(t)) for t in pool}
        for target in pool:
            self._warm(target, scenario, bodies[target.name])
        for c in concurrency:
            need_direct = (kind, c) not in self.direct
            if need_direct:
                self._warm(self.upstream, kind, direct_body)
            direct_runs: list[measure.Sample] = []
            runs: dict[str, list[measure.Sample]] = {t.name: [] for t in pool}
            for _ in range(self.args.rounds):  # A/B/A/B so that drifting background load hits all alike
                if need_direct:
                    direct_runs.append(self._wrk(self.upstream, direct_body, c))
                for target in pool:
                    runs[target.name].append(got := self._wrk(target, bodies[target.name], c))
                    self.log(
                        f"{scenario} {target.name} c={c}: {got.load.rps:.0f} req/s p50 {got.load.p50_ms:.2f} ms"
                    )
            if need_direct:
                self._record_direct(kind, c, direct_runs)
            base = self.direct[(kind, c)]
            for target in pool:
                got = measure.merge(runs[target.name])
                self.samples[(scenario, target.name, c)] = got
                note = " ".join(
                    n
                    for n in (self._auto_note(scenario, target, c, got), _rounds_note(runs[target.name]))
                    if n
                )
                self.rows.append(measure.row_from(scenario, target, c, got, base, note))

    def _auto_note(self, scenario: str, target: Target, c: int, got: measure.Sample) -> str:
        fixed = {"auto": "chat", "auto-8k": "chat-8k"}.get(scenario)
        other = self.samples.get((fixed, target.name, c)) if fixed else None
        if other is None:
            return target.note
        return f"auto-fixed p50 {got.load.p50_ms - other.load.p50_ms:+.2f} ms"

    def stream(self, scenarios) -> None:
        """Measure time to first event and inter-event gaps, direct and through every target."""
        for c in self.args.stream_concurrency:
            # a p99 needs a few hundred samples to be more than the slowest one (quick runs: a glance)
            count = max(60 if self.args.quick else 200, self.args.stream_per_client * c)
            results = {}
            for target in [self.upstream, *self.targets]:
                body = self._body(scenarios, "stream", target.model)
                run = partial(
                    measure.run_stream_probe, target.chat_url, body, target.headers, c, count, 60,
                    self.args.stream_lockstep,
                )  # fmt: skip
                results[target.name] = got = measure.sample(target, self.upstream, run)
                base = results["direct"]
                d, b = got.load.detail, base.load.detail
                note = f"gap p50 {d['gap_p50'] / 1000:.2f} ms"
                if target is not self.upstream:
                    note += f" ({(d['gap_p50'] - b['gap_p50']) / 1000:+.2f}), p99 {(d['gap_p99'] - b['gap_p99']) / 1000:+.2f}"
                self.rows.append(measure.row_from("stream", target, c, got, base, note))
                self.log(f"stream {target.name} c={c}: TTFB p50 {got.load.p50_ms:.2f} ms")

    def messages(self, scenarios) -> None:
        """Anthropic Messages inbound on the gateway, against direct chat of the same size; n/a when missing."""
        gateway, c = self.gateway, self.args.messages_concurrency
        if gateway is None:
            return
        body = self._body(scenarios, "messages", gateway.model)
        status = _probe_status(gateway.messages_url, body, gateway.messages_headers)
        if status != 200:
            self.rows.append(
                Row("messages", gateway.name, c, note=f"n/a: POST /v1/messages answered {status}")
            )
            return
        base = self.direct_sample(scenarios, "typical", c)
        self._warm(gateway, "messages", body, gateway.messages_url, gateway.messages_headers)
        got = self._wrk(gateway, body, c, gateway.messages_url, gateway.messages_headers)
        self.rows.append(measure.row_from("messages", gateway, c, got, base, "vs direct OpenAI chat"))

    def soak(self, scenarios) -> None:
        """Send args.soak requests (bounded by time) and report worker RSS growth after the first slice."""
        target = self.gateway or (self.targets[0] if self.targets else None)
        if target is None or self.args.soak <= 0:
            return
        body = self._body(scenarios, "typical", target.model)
        c, deadline = self.args.soak_concurrency, time.monotonic() + self.args.soak_max_seconds
        start_rss = measure.mean_rss(target)
        total, errors, first_rss, slices, cpu = 0, 0, None, [], procs.cpu_seconds(target.pids())
        started = time.monotonic()
        for _ in range(10_000):
            if total >= self.args.soak or time.monotonic() > deadline:
                break
            rate = total / (time.monotonic() - started) if total else 500.0
            seconds = min(20.0, max(2.0, (self.args.soak - total) / max(rate, 1.0)))
            got = loadgen.run_wrk(target.chat_url, body, target.headers, c, seconds, self.wrk)
            total, errors = total + got.requests, errors + got.errors
            slices.append(got)
            first_rss = first_rss or measure.mean_rss(target)
            self.log(f"soak {target.name}: {total} requests, RSS {measure.mean_rss(target):.0f} MiB")
        wall = time.monotonic() - started
        end_rss = measure.mean_rss(target)
        growth = (end_rss - first_rss) / first_rss * 100 if first_rss and end_rss else None
        row = Row("soak", target.name, c, rps=total / wall if wall else None, errors=errors, rss_mb=end_rss)
        row.cpu = f"{(procs.cpu_seconds(target.pids()) - cpu) / wall * 100:.0f}/-/-"
        row.note = (
            f"{total} req; RSS {start_rss or 0:.1f} -> {first_rss or 0:.1f} (after first slice) -> {end_rss or 0:.1f} MiB"
            + (f", growth {growth:+.1f}%" if growth is not None else "")
        )
        self.rows.append(row)

    def run_all(self, scenarios) -> None:
        """Run every wanted scenario in a fixed order."""
        gateway = [self.gateway] if self.gateway else []
        auto_c = self.args.auto_concurrency
        if self.wanted("chat"):
            self.nonstream(
                scenarios, "chat", "typical", lambda t: t.model, self.args.concurrency, self.targets
            )
        if self.wanted("chat-8k"):
            self.nonstream(scenarios, "chat-8k", "8k", lambda t: t.model, auto_c, gateway)
        if self.wanted("auto"):
            self.nonstream(scenarios, "auto", "typical", lambda t: "auto", auto_c, gateway)
        if self.wanted("auto-8k"):
            self.nonstream(scenarios, "auto-8k", "8k", lambda t: "auto", auto_c, gateway)
        if self.wanted("stream"):
            self.stream(scenarios)
        if self.wanted("messages"):
            self.messages(scenarios)
        if self.wanted("soak"):
            self.soak(scenarios)


def _rounds_note(runs: list[measure.Sample]) -> str:
    if len(runs) < 2:
        return ""
    rates = sorted(run.load.rps for run in runs)
    return f"[{len(runs)} rounds, req/s {rates[0]:.0f}-{rates[-1]:.0f}]"


def _probe_status(url: str, body_file: str, headers: list[str]) -> int:
    with open(body_file, "rb") as handle:
        request = urllib.request.Request(url, data=handle.read(), method="POST")
    request.add_header("Content-Type", "application/json")
    for header in headers:
        name, _, value = header.partition(":")
        request.add_header(name.strip(), value.strip())
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0
