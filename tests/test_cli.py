import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from fazhi import cli
from fazhi.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from fazhi.seeds import seed_path

ROOT = Path(__file__).resolve().parent.parent
PLAN = seed_path("002")


def test_arguments_and_their_defaults():
    args = cli._parser().parse_args(["demo"])
    assert (args.command, args.host, args.port, args.workers, args.no_serve) == ("demo", "127.0.0.1", 8000, 2, False)
    args = cli._parser().parse_args(["demo", "--port", "9001", "--host", "0.0.0.0", "--no-serve"])
    assert (args.host, args.port, args.no_serve) == ("0.0.0.0", 9001, True)
    args = cli._parser().parse_args(["serve", "--workers", "3"])
    assert (args.command, args.workers, args.port) == ("serve", 3, 8000)
    with pytest.raises(SystemExit):
        cli._parser().parse_args(["demo", "--port", "eighty"])


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        cli.main(["demo", "--help"])
    out = capsys.readouterr().out
    assert "只准备数据库和演示数据，不启动服务" in out and "--no-serve" in out


def test_allowed_hosts_include_the_bound_host(monkeypatch):
    monkeypatch.delenv("FAZHI_ALLOWED_HOSTS", raising=False)
    cli._allow_host("192.168.1.20")
    assert os.environ["FAZHI_ALLOWED_HOSTS"] == "127.0.0.1,localhost,192.168.1.20"
    cli._allow_host("0.0.0.0")
    assert os.environ["FAZHI_ALLOWED_HOSTS"] == "*"
    assert cli._url("0.0.0.0", 8080) == "http://127.0.0.1:8080/"


def test_demo_without_serving_migrates_loads_collects_and_supplies_the_demo_keys(monkeypatch, capsys):
    """The order of `fazhi demo --no-serve`'s steps and the keys it supplies when none is given;
    what the steps do to a real data folder is proven in its own process below."""
    for name in ("FAZHI_SECRET_KEY", "FAZHI_FIELD_KEY", "FAZHI_ALLOWED_HOSTS"):
        monkeypatch.setenv(name, "restored after the test")  # the command sets them
        monkeypatch.delenv(name)
    steps = []
    monkeypatch.setattr(cli, "_migrate", lambda: steps.append("migrate"))
    monkeypatch.setattr("fazhi.demo.load_all", lambda stdout: steps.append("load"))
    monkeypatch.setattr(cli, "_collectstatic", lambda: steps.append("collectstatic"))
    monkeypatch.setattr(cli, "_serve", lambda *args, **kwargs: steps.append("serve"))
    assert cli.main(["demo", "--no-serve"]) == 0
    assert steps == ["migrate", "load", "collectstatic"]
    out = capsys.readouterr().out
    assert f"密码均为 {DEMO_PASSWORD}" in out
    for account in DEMO_ACCOUNTS:
        assert account.username in out
    assert os.environ["FAZHI_SECRET_KEY"] == cli.DEMO_SECRET_KEY
    assert os.environ["FAZHI_FIELD_KEY"] == cli.DEMO_FIELD_KEY


@pytest.fixture
def keep_connection(monkeypatch):
    """A management command run from argv closes every connection when it ends; on PostgreSQL
    that would end the test's own transaction."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.mark.django_db
def test_manage_passes_through(capsys, keep_connection):
    assert cli.main(["manage", "check"]) == 0
    assert "no issues" in capsys.readouterr().out


def test_plan_passes_its_arguments_to_the_plan_importer(capsys):
    assert cli.main(["plan", "parse", str(PLAN)]) == 0
    assert "规范建设阶段" in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        return opener.open(request, timeout=5)
    except urllib.error.HTTPError as err:  # a redirect or an error is an answer too
        return err


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _demo_env(data: Path) -> dict:
    """The environment of a user who only has the product: no database, key or setting given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "FAZHI_", "DJANGO_"))}
    env["FAZHI_DATA_DIR"] = str(data)
    return env


def _row_counts(data: Path) -> dict:
    with closing(sqlite3.connect(data / "fazhi.sqlite3")) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.heavy
def test_fazhi_demo_installs_then_load_demo_adds_nothing_then_it_serves(tmp_path):
    """The real commands in their own processes on one new data folder (embedded SQLite,
    production settings), the demo loaded from nothing only once (each load takes a minute on
    two busy cores):
    1. `fazhi demo --no-serve` migrates, loads the platform's and every app's demo, collects the
       static files under the manifest storage, lists the accounts and ends without serving;
    2. `fazhi demo` again on the loaded folder loads the demo again, which adds nothing anywhere
       (every loader is idempotent) and says so, then serves it with gunicorn and whitenoise
       (without the background worker, whose day of reminders would add rows of its own)."""
    data = tmp_path / "data"
    first = subprocess.run([sys.executable, "-m", "fazhi.cli", "demo", "--no-serve"], cwd=ROOT, env=_demo_env(data),
                           capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stdout + first.stderr
    assert str(data) in first.stdout and "本次新建任务分工" in first.stdout
    assert f"密码均为 {DEMO_PASSWORD}" in first.stdout
    for account in DEMO_ACCOUNTS:
        assert account.username in first.stdout
    assert "请在浏览器中打开" not in first.stdout
    assert (data / "static" / "vendor" / "bootstrap" / "bootstrap.min.css").exists()
    assert (data / "static" / "staticfiles.json").exists()  # the manifest storage ran
    sidecar = data / "static" / "drf_spectacular_sidecar"
    assert (sidecar / "swagger-ui-dist").is_dir() and not (sidecar / "redoc").exists()  # only what is served
    loaded = _row_counts(data)
    assert loaded["campaigns_assignment"] > 200 and loaded["intake_submission"] > 0 and loaded["ledger_problem"] > 0

    _serves(tmp_path, data, loaded)


def _serves(tmp_path: Path, data: Path, loaded: dict):
    port = _free_port()
    log = (tmp_path / "demo.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "demo", "--port", str(port), "--workers", "1", "--no-worker"],
                            cwd=ROOT, env=_demo_env(data), stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300  # migrate, the demo (already there) and collectstatic first
        while True:
            try:
                home = _get(base + "/")
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "demo.log").read_text()
                assert time.monotonic() < deadline, "fazhi demo did not start"
                time.sleep(0.2)
        assert home.status == 302 and "/accounts/login/" in home.headers["Location"]
        # Serving began after the second load: it added nothing and said so.
        assert "本次新建任务分工 0 条" in (tmp_path / "demo.log").read_text()
        assert _row_counts(data) == loaded
        assert home.headers["Server"].startswith("gunicorn")
        # Rendering a page under the manifest storage fails on any static file a template names but nobody ships.
        login = _get(base + "/accounts/login/")
        assert login.status == 200 and "登录".encode() in login.read()
        css = _get(base + "/static/vendor/bootstrap/bootstrap.min.css")
        assert css.status == 200 and b"Bootstrap" in css.read(200)
        echarts = _get(base + "/static/vendor/echarts/echarts.min.js")
        assert echarts.status == 200
        assert not _get(base + "/static/../settings.py").status == 200
        output = (tmp_path / "demo.log").read_text()
        assert f"http://127.0.0.1:{port}/" in output and "liaison" in output
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
