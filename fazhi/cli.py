"""The `fazhi` command.

    fazhi demo [--host H] [--port P] [--workers N] [--no-serve]
                            migrate, load the demo data, collect static files, serve
    fazhi serve [--host H] [--port P] [--workers N]
                            serve production (gunicorn + whitenoise); no migration
    fazhi worker            the background worker: notifications, reminders, supervision
    fazhi migrate           apply database migrations
    fazhi manage ...        any Django management command (e.g. load_demo, createsuperuser)
    fazhi plan ...          the plan importer (fazhi.planparse)
    fazhi rubric ...        the rubric reader (fazhi.planparse.rubric): fazhi rubric parse FILE [--json]
    fazhi bench-data --scale county|city|province
                            fill the database with generated data for benchmarks (bench/)
    fazhi bench [--scale S] [--json] [--check]
                            measure pages, APIs, exports and imports beside raw SQL (bench/)

The demo and production are served the same way: gunicorn workers with whitenoise serving
the collected static files, never Django's development server. Beside gunicorn, `demo` and
`serve` start one background worker (`fazhi worker`, django-tasks' database backend), so no
cron entry is needed on one machine; several hosts each run their own without sending twice.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

SETTINGS = "fazhi.settings"
# A fixed key for the demo only: its sessions are worthless outside the machine it runs on.
DEMO_SECRET_KEY = "fazhi-demo-secret-key-not-for-production-0123456789abcdefghijklmnop"
DEMO_FIELD_KEY = "ZmF6aGktZGVtby1maWVsZC1rZXktbm90LWZvci11c2U="  # Fernet key; the demo's reporters are invented
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}
# gunicorn's default access log line without its first field, the client's address: the public
# portal's submitters must not be traceable through the server's log ("-" stands in its place).
ACCESS_LOG_FORMAT = '- %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
DATABASE_TASKS = "django_tasks_db.backend.DatabaseBackend"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def gettext_noop(message: str) -> str:
    """Marks a help text for the message catalogue (makemessages looks for this name).

    Django's own gettext_noop reads the settings, and the parser is built before they may be
    loaded: the demo first sets the allowed hosts from its arguments. The text is translated
    when help is shown."""
    return message


def _(message: str) -> str:
    """Translate once Django is set up; the command line's texts are msgids like every other."""
    from django.utils.translation import gettext

    return gettext(message)


class _Parser(argparse.ArgumentParser):
    # Help texts go through the translation catalogue, which needs the app registry.
    def format_help(self) -> str:
        _setup()
        for action in self._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                action.help = _(action.help)
            for choice in getattr(action, "_choices_actions", []):
                choice.help = _(choice.help) if choice.help else choice.help
        if self.description:
            self.description = _(self.description)
        return super().format_help()


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="fazhi", description=gettext_noop("法治卫健：卫生健康系统创建活动管理平台"))
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = sub.add_parser("demo", help=gettext_noop("演示：建库、载入演示数据并启动服务"), description=gettext_noop("建立演示数据库、载入演示数据并启动服务"))
    demo.add_argument("--host", default=DEFAULT_HOST, help=gettext_noop("监听地址（默认 127.0.0.1）"))
    demo.add_argument("--port", type=int, default=DEFAULT_PORT, help=gettext_noop("监听端口（默认 8000）"))
    demo.add_argument("--workers", type=int, default=2, help=gettext_noop("工作进程数（默认 2）"))
    demo.add_argument("--no-serve", action="store_true", help=gettext_noop("只准备数据库和演示数据，不启动服务"))
    demo.add_argument("--no-worker", action="store_true", help=gettext_noop("不启动后台任务进程"))

    serve = sub.add_parser("serve", help=gettext_noop("以生产方式启动服务"), description=gettext_noop("以生产方式启动服务（gunicorn + whitenoise）"))
    serve.add_argument("--host", default=DEFAULT_HOST, help=gettext_noop("监听地址（默认 127.0.0.1）"))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=gettext_noop("监听端口（默认 8000）"))
    serve.add_argument("--workers", type=int, default=None, help=gettext_noop("工作进程数（默认 2×CPU 核数+1，最多 8）"))
    serve.add_argument("--no-worker", action="store_true", help=gettext_noop("不启动后台任务进程（由其他主机运行）"))

    worker = sub.add_parser("worker", help=gettext_noop("后台任务：发送消息、提醒和督办"),
                            description=gettext_noop("运行后台任务：发送消息，并每天运行一次截止提醒和督办"))
    worker.add_argument("--once", action="store_true", help=gettext_noop("处理一次后退出"))

    sub.add_parser("migrate", help=gettext_noop("执行数据库迁移"), description=gettext_noop("执行数据库迁移"))
    # Listed for the help text only: main() hands their arguments on before parsing.
    sub.add_parser("manage", help=gettext_noop("Django 管理命令，如 fazhi manage createsuperuser"))
    sub.add_parser("plan", help=gettext_noop("实施方案导入工具，如 fazhi plan parse 方案.docx"))
    sub.add_parser("rubric", help=gettext_noop("考评细则读取工具，如 fazhi rubric parse 考评细则.docx --json"))
    return ap


def _default_workers() -> int:
    return min(2 * multiprocessing.cpu_count() + 1, 8)


def _allow_host(host: str) -> None:
    """ALLOWED_HOSTS must hold the address the demo is opened at; set before settings load."""
    if host in WILDCARD_HOSTS:
        # Bound to every interface: the machine's names and addresses are not known in advance.
        os.environ["FAZHI_ALLOWED_HOSTS"] = "*"
        return
    hosts = [h for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
    if host not in hosts:
        hosts.append(host)
    os.environ["FAZHI_ALLOWED_HOSTS"] = ",".join(hosts)


def _data_dir() -> Path:
    from django.conf import settings

    path = Path(settings.DATA_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    _data_dir()
    call_command("migrate", interactive=False, verbosity=verbosity)


def _collectstatic() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in WILDCARD_HOSTS else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def _queue_in_database() -> None:
    """Served with a worker beside it, tasks go through the database queue (unless configured)."""
    os.environ.setdefault("FAZHI_TASKS_BACKEND", DATABASE_TASKS)


def _start_worker() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from fazhi.cli import main; main()", "worker"], env=dict(os.environ))


def worker(args) -> int:
    _queue_in_database()
    _setup()
    from django.core.management import call_command

    _data_dir()
    call_command("notices_worker", once=args.once)
    return 0


def demo(args, out=None) -> int:
    out = out or sys.stdout
    os.environ.setdefault("FAZHI_SECRET_KEY", DEMO_SECRET_KEY)
    os.environ.setdefault("FAZHI_FIELD_KEY", DEMO_FIELD_KEY)
    if not args.no_serve and not args.no_worker:
        _queue_in_database()
    _allow_host(args.host)
    _setup()
    from fazhi.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_all
    from fazhi.org.choices import Role

    out.write(_("数据目录：{path}").format(path=_data_dir()) + "\n")
    _migrate()
    load_all(stdout=out)
    _collectstatic()
    out.write("\n" + _("演示账号（密码均为 {password}）：").format(password=DEMO_PASSWORD) + "\n")
    for account in DEMO_ACCOUNTS:
        out.write(f"  {account.username:<10} {Role(account.role).label}（{account.name}，{account.title}）\n")
    if args.no_serve:
        return 0
    out.write("\n" + _("请在浏览器中打开 {url}，按 Ctrl+C 停止。").format(url=_url(args.host, args.port)) + "\n")
    out.flush()
    return _serve(args.host, args.port, args.workers, with_worker=not args.no_worker)


def serve(args) -> int:
    if not args.no_worker:
        _queue_in_database()
    if os.environ.get("FAZHI_ALLOWED_HOSTS") is None:  # an operator's explicit list is left alone
        _allow_host(args.host)
    _setup()
    from django.conf import settings

    from fazhi.core.checks import missing_secrets, missing_secrets_message

    if not settings.DEBUG and missing_secrets():
        sys.stderr.write(missing_secrets_message(missing_secrets()) + "\n")
        return 2
    _data_dir()
    return _serve(args.host, args.port, args.workers or _default_workers(), with_worker=not args.no_worker)


def _serve(host: str, port: int, workers: int, with_worker: bool = False) -> int:
    from django.db import connections

    # Connections opened while preparing must not be shared with the forked workers.
    connections.close_all()
    background = _start_worker() if with_worker else None
    try:
        return _gunicorn(host, port, workers)
    finally:
        if background is not None:
            background.terminate()
            try:
                background.wait(timeout=10)
            except subprocess.TimeoutExpired:
                background.kill()


def _gunicorn(host: str, port: int, workers: int) -> int:
    from gunicorn.app.base import BaseApplication


    class FazhiServer(BaseApplication):
        def __init__(self, options: dict):
            self.options = options
            super().__init__()

        def load_config(self):
            for key, value in self.options.items():
                if key in self.cfg.settings:  # older gunicorn releases lack some settings
                    self.cfg.set(key, value)

        def load(self):
            from fazhi.wsgi import application

            return application

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    FazhiServer({
        "bind": bind,
        "workers": workers,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "timeout": 120,
        "proc_name": "fazhi",
        # One fixed control socket per user would clash between two instances on a machine.
        "control_socket_disable": True,
    }).run()
    return 0


def manage(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    _setup()
    _data_dir()
    execute_from_command_line(["fazhi manage", *argv])
    return 0


def plan(argv: list[str]) -> int:
    # Imported only when asked for: the plan importer is pure Python and needs no database.
    from fazhi.planparse.cli import main as plan_main

    return plan_main(argv) or 0


def rubric(argv: list[str]) -> int:
    from fazhi.planparse.rubric.cli import main as rubric_main

    return rubric_main(argv) or 0
def _bench_module(name: str):
    """The generator and the benchmarks live in bench/ of a source checkout, not in the package."""
    root = Path(__file__).resolve().parents[1]
    if not (root / "bench" / f"{name}.py").is_file():
        sys.stderr.write(f"bench/{name}.py not found: run from a source checkout (pip install -e .)\n")
        return None
    sys.path.insert(0, str(root))
    # The benchmarks request pages through Django's test client, whose host is "testserver".
    os.environ.setdefault("FAZHI_SECRET_KEY", DEMO_SECRET_KEY)
    os.environ.setdefault("FAZHI_FIELD_KEY", DEMO_FIELD_KEY)
    os.environ["FAZHI_ALLOWED_HOSTS"] = os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost") + ",testserver"
    _setup()
    _migrate()
    import importlib

    return importlib.import_module(f"bench.{name}")


def bench_data(argv: list[str], out=None) -> int:
    ap = argparse.ArgumentParser(prog="fazhi bench-data")
    ap.add_argument("--scale", choices=["county", "city", "province"], default="county")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    module = _bench_module("datagen")
    if module is None:
        return 2
    module.generate(args.scale, seed=args.seed, out=out)
    return 0


def bench(argv: list[str], out=None) -> int:
    module = _bench_module("run")
    if module is None:
        return 2
    _collectstatic()  # pages are rendered with the production static storage and its manifest
    return module.main(argv, out=out)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # These hand their whole argument list on, options included.
    if argv and argv[0] == "manage":
        return manage(argv[1:])
    if argv and argv[0] == "plan":
        return plan(argv[1:])
    if argv and argv[0] == "rubric":
        return rubric(argv[1:])
    if argv and argv[0] == "bench-data":
        return bench_data(argv[1:])
    if argv and argv[0] == "bench":
        return bench(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return demo(args)
    if args.command == "serve":
        return serve(args)
    if args.command == "worker":
        return worker(args)
    _setup()
    _migrate(verbosity=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
