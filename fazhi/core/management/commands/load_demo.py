from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from fazhi.demo import load_all


class Command(BaseCommand):
    help = _("载入演示数据（晋城市卫生计生委 · 卫生计生法治建设规范年，以及各模块在此基础上的演示数据）；重复执行不会重复创建。")

    def handle(self, *args, **options):
        load_all(stdout=self.stdout)
