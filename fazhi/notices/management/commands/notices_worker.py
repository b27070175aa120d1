"""`fazhi worker`: the background worker of one host.

It runs the queued tasks of the database backend (django-tasks-db's worker) and, once a day,
the ladders of every app (reminders and supervision notices). Several hosts may each run one:
a day's ladders run once (a unique row per day), and each message reaches each person once (a
unique key per person), so nothing is sent twice.
"""

from __future__ import annotations

import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from fazhi.notices.ladder import run_day


class Command(BaseCommand):
    help = "运行后台任务：发送消息，并每天运行一次提醒和督办。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="检查每日督办的间隔（秒）")
        parser.add_argument("--once", action="store_true", help="运行一次今天的督办和排队中的任务后退出")

    def handle(self, *args, interval: float, once: bool, **options):
        if once:
            run_day()
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
            return
        stop = threading.Event()

        def daily():
            while not stop.is_set():
                try:
                    run_day()
                except Exception:  # a failed day is retried at the next interval, not the end of the worker
                    self.stderr.write("督办运行失败，稍后重试。")
                stop.wait(interval)

        thread = threading.Thread(target=daily, name="fazhi-ladders", daemon=True)
        thread.start()
        try:
            call_command("db_worker", "--interval", "1", verbosity=1)
        finally:
            stop.set()
            time.sleep(0)
