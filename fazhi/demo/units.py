"""The unit tree of the demo: 晋城市卫生计生委, its offices, the six county-level bureaus and
the six directly affiliated units that seed 002 names, with a few institutions and windows
under each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fazhi.audit.services import audit_record, snapshot
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from fazhi.org.services import unit_create

COMMISSION = "晋城市卫生和计划生育委员会"
COMMISSION_SHORT = "市卫生计生委"
POLICY_OFFICE = "政策法规科"  # the leading group's office (领导小组办公室)
GENERAL_OFFICE = "办公室"

OFFICES = [GENERAL_OFFICE, POLICY_OFFICE, "行政审批科", "医政科", "疾控科", "基层卫生科", "妇幼健康服务科"]

# County-level bureaus in the order the city lists them; the short name is the county.
COUNTIES = ["城区", "沁水县", "阳城县", "陵川县", "泽州县", "高平市"]
LIAISON_COUNTY = "泽州县"
OTHER_COUNTY = "高平市"

# (name, short name, its window): the directly affiliated units of seed 002.
DIRECT_UNITS = [
    ("晋城市人民医院", "市人民医院", "门诊服务中心窗口"),
    ("晋城市疾病预防控制中心", "市疾控中心", "预防接种服务窗口"),
    ("晋城市卫生监督所", "市卫生监督所", "卫生许可受理窗口"),
    ("晋城市妇幼保健院", "市妇幼保健院", "孕产妇保健服务窗口"),
    ("晋城市急救中心", "市急救中心", "120调度服务窗口"),
    ("晋城市中心血站", "市中心血站", "无偿献血服务窗口"),
]

# Under every county bureau: (suffix, kind); the county name goes in front.
COUNTY_UNITS = [
    ("人民医院", UnitKind.INSTITUTION),
    ("疾病预防控制中心", UnitKind.INSTITUTION),
    ("卫生监督所", UnitKind.INSTITUTION),
    ("政务大厅卫计窗口", UnitKind.WINDOW),
]
COUNTY_HOSPITAL_WINDOW = "门诊服务窗口"


def county_bureau_name(county: str) -> str:
    return f"{county}卫生计生局"


@dataclass
class DemoUnits:
    """The units the rest of the demo refers to by role, not by name lookups."""

    commission: Unit
    offices: dict[str, Unit] = field(default_factory=dict)
    counties: dict[str, Unit] = field(default_factory=dict)
    direct: list[Unit] = field(default_factory=list)
    institutions: list[Unit] = field(default_factory=list)
    windows: list[Unit] = field(default_factory=list)

    @property
    def policy_office(self) -> Unit:
        return self.offices[POLICY_OFFICE]


def commission_get_or_bootstrap() -> Unit:
    """The top of the tree. Only an administrator may create a top unit; the demo has no
    administrator account, so this one row is written as the installer ("system"), like
    the first account of any installation, with its audit row."""
    unit = Unit.objects.filter(parent__isnull=True, name=COMMISSION).first()
    if unit is None:
        unit = Unit(name=COMMISSION, short_name=COMMISSION_SHORT, kind=UnitKind.ADMIN_DEPT)
        unit.full_clean(exclude=["path"])
        unit.save()
        audit_record(actor=None, action="unit.create", obj=unit, after=snapshot(unit), unit=unit)
    return unit


def policy_office_get_or_bootstrap(commission: Unit) -> Unit:
    """The office account sits in 政策法规科, so that one unit, too, predates any actor."""
    unit = Unit.objects.filter(parent=commission, name=POLICY_OFFICE).first()
    if unit is None:
        unit = Unit(name=POLICY_OFFICE, kind=UnitKind.OFFICE, parent=commission, order=OFFICES.index(POLICY_OFFICE) + 1)
        unit.full_clean(exclude=["path"])
        unit.save()
        audit_record(actor=None, action="unit.create", obj=unit, after=snapshot(unit), unit=unit)
    return unit


def _unit(actor, parent: Unit, name: str, kind: str, short_name: str = "", order: int = 0) -> Unit:
    existing = Unit.objects.filter(parent=parent, name=name).first()
    if existing is not None:
        return existing
    return unit_create(actor=actor, name=name, kind=kind, parent=parent, short_name=short_name, order=order)


def offices_create(actor, commission: Unit) -> dict[str, Unit]:
    return {name: _unit(actor, commission, name, UnitKind.OFFICE, order=i) for i, name in enumerate(OFFICES, start=1)}


def units_create(actor, commission: Unit, offices: dict[str, Unit]) -> DemoUnits:
    """Everything below the commission except its offices (which the office account needs first)."""
    units = DemoUnits(commission=commission, offices=offices)
    # The commission's own window in the city government service hall.
    units.windows.append(_unit(actor, commission, "市政务大厅卫计窗口", UnitKind.WINDOW, order=10))
    for i, county in enumerate(COUNTIES, start=20):
        bureau = _unit(actor, commission, county_bureau_name(county), UnitKind.ADMIN_DEPT, short_name=county, order=i)
        units.counties[county] = bureau
        for j, (suffix, kind) in enumerate(COUNTY_UNITS, start=1):
            unit = _unit(actor, bureau, f"{county}{suffix}", kind, order=j)
            (units.institutions if kind == UnitKind.INSTITUTION else units.windows).append(unit)
            if suffix == "人民医院":
                units.windows.append(_unit(actor, unit, f"{county}人民医院{COUNTY_HOSPITAL_WINDOW}", UnitKind.WINDOW))
    for i, (name, short, window) in enumerate(DIRECT_UNITS, start=40):
        unit = _unit(actor, commission, name, UnitKind.INSTITUTION, short_name=short, order=i)
        units.direct.append(unit)
        units.institutions.append(unit)
        units.windows.append(_unit(actor, unit, f"{short}{window}", UnitKind.WINDOW))
    return units
