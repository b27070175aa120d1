import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from fazhi import cli
from fazhi.campaigns.models import Assignment
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


@pytest.mark.django_db
def test_demo_without_serving_migrates_loads_and_collects(monkeypatch, settings, tmp_path, capsys):
    monkeypatch.setenv("FAZHI_ALLOWED_HOSTS", "127.0.0.1")  # restored after the test: the command sets it
    monkeypatch.delenv("FAZHI_SECRET_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "data"
    settings.STATIC_ROOT = tmp_path / "data" / "static"
    assert cli.main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert Assignment.objects.count() > 200
    assert (settings.STATIC_ROOT / "vendor" / "bootstrap" / "bootstrap.min.css").exists()
    assert f"密码均为 {DEMO_PASSWORD}" in out
    for account in DEMO_ACCOUNTS:
        assert account.username in out
    assert os.environ["FAZHI_SECRET_KEY"] == cli.DEMO_SECRET_KEY


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


def test_fazhi_demo_serves_with_gunicorn_and_whitenoise(tmp_path):
    """The real command in its own process: embedded SQLite, production settings, gunicorn."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "FAZHI_", "DJANGO_"))}
    env["FAZHI_DATA_DIR"] = str(tmp_path / "data")
    log = (tmp_path / "demo.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "demo", "--port", str(port), "--workers", "1"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300  # migrate, every app's demo and collectstatic first; slow on a busy machine
        while True:
            try:
                home = _get(base + "/")
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "demo.log").read_text()
                assert time.monotonic() < deadline, "fazhi demo did not start"
                time.sleep(0.5)
        assert home.status == 302 and "/accounts/login/" in home.headers["Location"]
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
        assert (tmp_path / "data" / "static" / "staticfiles.json").exists()  # the manifest storage ran
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@pytest.mark.django_db
def test_load_demo_command_loads_every_app_once(capsys, keep_connection):
    """`fazhi manage load_demo` (and `fazhi demo`) load the platform demo and every app's demo
    on top of it; a second run adds nothing anywhere."""
    from django.apps import apps

    def counts():
        return {m._meta.label: m.objects.count() for m in apps.get_models() if m.__module__.startswith("fazhi.")}

    assert cli.main(["manage", "load_demo"]) == 0
    assert "本次新建任务分工" in capsys.readouterr().out
    first = counts()
    assert first["campaigns.Assignment"] > 200
    assert cli.main(["manage", "load_demo"]) == 0
    assert counts() == first
