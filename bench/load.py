"""A bounded loopback load test: the product served as in production (gunicorn, `fazhi serve`)
on a free port of 127.0.0.1, and locust's users of several roles (bench/locustfile.py) asking
for pages and API lists, headless, for a fixed time; p95 and errors reported.

    fazhi bench --load [--users 200] [--duration 120] [--wait 1,5] [--workers N]

locust comes with the `bench` extra (pip install 'fazhi[bench]'). Targets: p95 at most 500 ms,
no error.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

P95_TARGET_MS = 500
ROLES_PER_KIND = 40  # distinct signed-in people per role, spread over the tree


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sessions(path: Path) -> int:
    """Sessions for people of each role, made as a login makes them (no password round trip)."""
    from django.conf import settings
    from django.test import Client

    from fazhi.campaigns.models import Campaign
    from fazhi.org.choices import Role, UnitKind
    from fazhi.org.models import Grant

    campaign = Campaign.objects.filter(title__startswith="法治建设规模测试活动").order_by("-pk").first()
    if campaign is None:
        raise SystemExit("no generated data: run `fazhi bench-data --scale county` first")
    root = campaign.issuer
    wanted = {
        "root_office": Grant.objects.filter(role=Role.OFFICE, unit=root),
        "county_office": Grant.objects.filter(role=Role.OFFICE, unit__kind=UnitKind.ADMIN_DEPT, unit__depth__gt=root.depth)
                                  .exclude(unit=root),
        "leader": Grant.objects.filter(role=Role.LEADER),
        "liaison": Grant.objects.filter(role=Role.LIAISON),
    }
    counties = list(Grant.objects.filter(role=Role.OFFICE, unit__kind=UnitKind.ADMIN_DEPT).exclude(unit=root)
                    .values_list("unit_id", flat=True)[:ROLES_PER_KIND]) or [root.pk]
    rows = []
    for role, grants in wanted.items():
        grants = list(grants.select_related("person__user").order_by("pk")[:ROLES_PER_KIND])
        if not grants and role == "county_office":  # a county-scale tree: its root is the county
            grants = list(wanted["root_office"].select_related("person__user")[:1])
        for i, grant in enumerate(grants):
            client = Client()
            client.force_login(grant.person.user)
            rows.append({"role": role, "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
                         "unit": grant.unit_id, "county": counties[i % len(counties)]})
    path.write_text(json.dumps(rows), encoding="utf-8")
    return len(rows)


def _wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer on {url}")


def run(*, users: int = 200, duration: int = 120, wait: str = "1,5", workers: int | None = None, out=None) -> dict:
    out = out or sys.stdout
    import importlib.util

    # Looked for, not imported: importing locust patches the whole process for gevent.
    if importlib.util.find_spec("locust") is None:
        raise SystemExit("locust is not installed: pip install 'fazhi[bench]'")
    root = Path(__file__).resolve().parents[1]
    work = Path(tempfile.mkdtemp(prefix="fazhi-load-"))
    sessions = work / "sessions.json"
    n = _sessions(sessions)
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, FAZHI_LOAD_SESSIONS=str(sessions), FAZHI_LOAD_WAIT=wait,
               FAZHI_LOAD_COOKIE=settings.SESSION_COOKIE_NAME,
               FAZHI_ALLOWED_HOSTS=os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost"))
    server_cmd = [sys.executable, "-m", "fazhi.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"]
    if workers:
        server_cmd += ["--workers", str(workers)]
    server_log = open(work / "server.log", "w")
    server = subprocess.Popen(server_cmd, cwd=root, env=env, stdout=server_log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        _wait_up(url)
        out.write(f"load: {users} users ({n} sessions of 4 roles), {duration} s, think time {wait} s, {url}\n")
        out.flush()
        subprocess.run([sys.executable, "-m", "locust", "-f", str(root / "bench" / "locustfile.py"), "--headless",
                        "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{duration}s", "--host", url,
                        "--csv", str(work / "load"), "--only-summary", "--stop-timeout", "10", "--exit-code-on-error", "0"],
                       cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=duration + 120,
                       check=False)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    return _report(work / "load_stats.csv", out)


def _report(stats: Path, out) -> dict:
    rows = list(csv.DictReader(stats.open(encoding="utf-8")))
    result = {}
    out.write(f"{'request':<44} {'count':>7} {'errors':>6} {'median':>8} {'p95':>8} {'max':>8}\n")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        line = {"count": int(row["Request Count"]), "errors": int(row["Failure Count"]),
                "median_ms": float(row["50%"] or 0), "p95_ms": float(row["95%"] or 0), "max_ms": float(row["Max Response Time"] or 0),
                "rps": float(row["Requests/s"] or 0)}
        result[name] = line
        out.write(f"{name:<44} {line['count']:>7} {line['errors']:>6} {line['median_ms']:>6.0f}ms {line['p95_ms']:>6.0f}ms "
                  f"{line['max_ms']:>6.0f}ms\n")
    total = result.get("all", {})
    ok = total.get("errors", 1) == 0 and total.get("p95_ms", 1e9) <= P95_TARGET_MS
    out.write(f"load: p95 {total.get('p95_ms', 0):.0f} ms, {total.get('errors', 0)} errors of {total.get('count', 0)} requests, "
              f"{total.get('rps', 0):.1f} requests/s: {'target held' if ok else 'target missed'} "
              f"(p95 ≤ {P95_TARGET_MS} ms, no error)\n")
    result["held"] = ok
    return result
