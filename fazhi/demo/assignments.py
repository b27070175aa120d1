"""Assignments of the two task lists to the units, at every status and every colour.

Deadlines are counted from today on the statutory calendar, so that red (overdue), amber
(due within 3 working days) and green exist whenever the demo is loaded. The history of
each assignment is written through the services, as the liaison and the office would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.campaigns.choices import AssignmentStatus, Colour
from fazhi.campaigns.colours import AMBER_WORKING_DAYS
from fazhi.campaigns.models import Assignment, Campaign, Evidence, Task
from fazhi.campaigns.services import assignment_start, assignments_create, progress_report_review, progress_report_submit
from fazhi.core.workdays import WorkCalendar
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit

from .files import pdf_bytes, png_bytes
from .people import liaison_for
from .units import DemoUnits

S = AssignmentStatus
# The share of each status in the demo, as one cycle.
STATUS_CYCLE = [S.DONE, S.IN_PROGRESS, S.PENDING_REVIEW, S.NOT_STARTED, S.RETURNED, S.DONE, S.PENDING_REVIEW, S.IN_PROGRESS]
COLOUR_CYCLE = [Colour.RED, Colour.AMBER, Colour.GREEN]

REPORT_TEXTS = [
    "已召开专题会议研究部署“{heading}”，制定了工作方案，明确了责任科室和责任人，相关制度已印发执行。",
    "围绕“{heading}”开展自查，建立了工作台账，查找问题{n}项，已整改完毕，附会议纪要和台账。",
    "“{heading}”各项要求已逐项落实，相关制度、记录和照片资料已归档，现报送佐证材料。",
]
RETURN_REASONS = [
    "佐证材料不全，请补充领导小组会议纪要和签到表后重新报送。",
    "工作台账未按要求建立，缺少责任人和完成时限，请完善后重新报送。",
    "报送内容与任务要求不对应，请对照任务清单逐项说明落实情况。",
]
ACCEPT_COMMENT = "材料齐全，同意。"


@dataclass
class Deadlines:
    """One deadline per colour, all inside the campaign."""

    by_colour: dict[str, dt.date] = field(default_factory=dict)

    @classmethod
    def around(cls, today: dt.date, campaign: Campaign, cal: WorkCalendar) -> "Deadlines":
        red = max(campaign.start_date, cal.add_working_days(today, -3))
        if red >= today:
            red = today - dt.timedelta(days=1)
        amber = cal.add_working_days(today, AMBER_WORKING_DAYS - 1)
        # schedule_for leaves at least 5 working days after today, past the amber window.
        green = min(campaign.end_date, cal.add_working_days(today, 15))
        return cls({Colour.RED: red, Colour.AMBER: amber, Colour.GREEN: green})


def _files(serial: int, heading: str, with_pdf: bool) -> list:
    files = [SimpleUploadedFile(f"{heading[:12]}工作照片.png", png_bytes(serial), content_type="image/png")]
    if with_pdf:
        files.append(SimpleUploadedFile(f"{heading[:12]}会议纪要.pdf", pdf_bytes(serial), content_type="application/pdf"))
    return files


class History:
    """Writes what happened to one assignment, up to the status it is meant to show."""

    def __init__(self, office, units: DemoUnits, users: dict):
        self.office, self.units, self.users = office, units, users
        self.serial = count(Evidence.objects.count() + 1)
        self.reports = 0

    def _submit(self, liaison, assignment: Assignment, progress: int, with_pdf: bool, k: int):
        heading = assignment.task.heading
        text = REPORT_TEXTS[k % len(REPORT_TEXTS)].format(heading=heading, n=k % 4 + 2)
        self.reports += 1
        return progress_report_submit(actor=liaison, assignment=assignment, text=text, progress=progress,
                                      files=_files(next(self.serial), heading, with_pdf))

    def write(self, assignment: Assignment, status: str, k: int) -> None:
        liaison = liaison_for(self.units, self.users, assignment.unit)
        if status == S.NOT_STARTED:
            return
        if status == S.IN_PROGRESS:
            if k % 2:
                report = self._submit(liaison, assignment, 60, False, k)
                progress_report_review(actor=self.office, report=report, accept=True, comment="进度属实，请按期完成。")
            else:
                assignment_start(actor=liaison, assignment=assignment)
            return
        if status == S.RETURNED:
            report = self._submit(liaison, assignment, 80, False, k)
            progress_report_review(actor=self.office, report=report, accept=False,
                                   comment=RETURN_REASONS[k % len(RETURN_REASONS)])
            return
        report = self._submit(liaison, assignment, 100, True, k)
        if status == S.DONE:
            progress_report_review(actor=self.office, report=report, accept=True, comment=ACCEPT_COMMENT)


@dataclass
class AssignmentSummary:
    created: int = 0
    reports: int = 0


def assignments_create_demo(*, office, units: DemoUnits, users: dict, campaign: Campaign,
                            tasks_by_kind: dict[str, list[Task]], today: dt.date, cal: WorkCalendar) -> AssignmentSummary:
    """行政部门 list to the six county bureaus; 机构 list to every institution. Pairs that
    already exist are left as they are, so a second load adds nothing."""
    deadlines = Deadlines.around(today, campaign, cal)
    history = History(office, units, users)
    summary = AssignmentSummary()
    targets: dict[str, list[Unit]] = {
        UnitKind.ADMIN_DEPT: list(units.counties.values()),
        UnitKind.INSTITUTION: units.institutions,
    }
    for kind, tasks in tasks_by_kind.items():
        for t_index, task in enumerate(tasks):
            by_due: dict[dt.date, list[tuple[int, Unit]]] = {}
            for u_index, unit in enumerate(targets[kind]):
                colour = COLOUR_CYCLE[(2 * u_index + t_index) % len(COLOUR_CYCLE)]
                by_due.setdefault(deadlines.by_colour[colour], []).append((u_index, unit))
            for due, pairs in by_due.items():
                created, _skipped = assignments_create(actor=office, task=task, units=[u for _, u in pairs], due_date=due)
                index_of = {unit.pk: u_index for u_index, unit in pairs}
                for assignment in created:
                    k = index_of[assignment.unit_id] + t_index
                    history.write(assignment, STATUS_CYCLE[k % len(STATUS_CYCLE)], k)
                summary.created += len(created)
    summary.reports = history.reports
    return summary
