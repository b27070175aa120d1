import datetime as dt

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fazhi.notices.tasks import run_ladders


class Command(BaseCommand):
    help = _("按督办规则发出、升级和解除督办单，并发送截止提醒（每天运行一次）。")

    def add_arguments(self, parser):
        parser.add_argument("--day", type=dt.date.fromisoformat, default=None, help=_("按哪一天计算（默认今天），格式 2026-10-10"))

    def handle(self, *args, day=None, **options):
        result = run_ladders.enqueue(day.isoformat() if day else None)
        self.stdout.write(_("督办任务已提交：{id}").format(id=result.id))
