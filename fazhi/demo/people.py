"""Demo accounts, one per role, and the liaisons of the other units (who cannot log in)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from fazhi.audit.services import audit_record, snapshot
from fazhi.org.choices import Role
from fazhi.org.models import Grant, Person, Unit
from fazhi.org.services import grant_create, person_create

from .units import COUNTIES, GENERAL_OFFICE, LIAISON_COUNTY, POLICY_OFFICE, DemoUnits

# Below the password rule on purpose: a demo password that anyone can type from the README.
DEMO_PASSWORD = "fazhi-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    name: str
    title: str
    where: str  # "commission", an office name, or a county


DEMO_ACCOUNTS = [
    DemoAccount("office", Role.OFFICE, "张丽", "政策法规科科长", POLICY_OFFICE),
    DemoAccount("leader", Role.LEADER, "李志强", "副主任", "commission"),
    DemoAccount("liaison", Role.LIAISON, "赵敏", "法治建设联络员", LIAISON_COUNTY),
    DemoAccount("inspector", Role.INSPECTOR, "陈刚", "督导组成员", "commission"),
    DemoAccount("reviewer", Role.REVIEWER, "刘洋", "法制审核员", POLICY_OFFICE),
    DemoAccount("intake", Role.INTAKE, "孙燕", "信访投诉受理员", GENERAL_OFFICE),
]

# Liaisons of the other county bureaus and of the directly affiliated units: the authors of
# the demo's progress reports. Their passwords are unusable; only the accounts above log in.
COUNTY_LIAISONS = {"城区": ("lly-chengqu", "王芳"), "沁水县": ("lly-qinshui", "郭军"), "阳城县": ("lly-yangcheng", "杨帆"),
                   "陵川县": ("lly-lingchuan", "秦雪"), "高平市": ("lly-gaoping", "牛磊")}
DIRECT_LIAISONS = ["lly-rmyy", "lly-jkzx", "lly-jds", "lly-fybjy", "lly-jjzx", "lly-zxxz"]
DIRECT_LIAISON_NAMES = ["周静", "吴昊", "郑伟", "冯婷", "褚亮", "卫红"]


class PasswordHash:
    """One hash for all demo accounts, made only if an account is created: hashing costs half
    a second each, and the password is public anyway."""

    def __init__(self):
        self._value = None

    def __call__(self) -> str:
        if self._value is None:
            self._value = make_password(DEMO_PASSWORD)
        return self._value


def _account_unit(units: DemoUnits, where: str) -> Unit:
    if where == "commission":
        return units.commission
    if where in units.offices:
        return units.offices[where]
    return units.counties[where]


def _grant_unit(units: DemoUnits, account: DemoAccount) -> Unit:
    # Everyone but the liaison works for the whole system: their grant sits on the commission.
    return units.counties[account.where] if account.role == Role.LIAISON else units.commission


def office_bootstrap(commission: Unit, policy_office: Unit, hashed: PasswordHash):
    """The office account, written as the installer: before it exists nobody may create people.
    Returns its user, which is then the actor of every other write of the demo."""
    User = get_user_model()
    account = DEMO_ACCOUNTS[0]
    user = User.objects.filter(username=account.username).first()
    if user is None:
        user = User(username=account.username, password=hashed())
        user.full_clean()
        user.save()
        person = Person(user=user, unit=policy_office, name=account.name, title=account.title)
        person.full_clean()
        person.save()
        audit_record(actor=None, action="person.create", obj=person, after=snapshot(person), unit=policy_office)
    person = user.person
    if not Grant.objects.filter(person=person, role=Role.OFFICE, unit=commission).exists():
        grant = Grant(person=person, role=Role.OFFICE, unit=commission)
        grant.full_clean()
        grant.save()
        audit_record(actor=None, action="grant.create", obj=grant, after=snapshot(grant), unit=commission)
    return user


def _person(actor, unit: Unit, username: str, name: str, title: str = "", hashed: PasswordHash | None = None):
    User = get_user_model()
    user = User.objects.filter(username=username).select_related("person").first()
    if user is not None:
        return user.person
    person = person_create(actor=actor, unit=unit, username=username, name=name, title=title)
    if hashed:
        person.user.password = hashed()
        person.user.save(update_fields=["password"])
    return person


def _grant(actor, person: Person, role: str, unit: Unit) -> None:
    if not Grant.objects.filter(person=person, role=role, unit=unit).exists():
        grant_create(actor=actor, person=person, role=role, unit=unit)


SECOND_DRAFTER = ("zhoumin", "周敏", "政策法规科科员")


def people_create(actor, units: DemoUnits, hashed: PasswordHash) -> dict[str, object]:
    """The demo accounts (by username → user) and the liaisons of every reporting unit."""
    users = {}
    for account in DEMO_ACCOUNTS:
        person = _person(actor, _account_unit(units, account.where), account.username, account.name,
                         account.title, hashed=hashed)
        _grant(actor, person, account.role, _grant_unit(units, account))
        users[account.username] = person.user
    # A second member of the office, without a login: documents are drafted by one member and
    # checked (核稿) by another (fazhi.reports.demo).
    username, name, title = SECOND_DRAFTER
    person = _person(actor, _account_unit(units, POLICY_OFFICE), username, name, title)
    _grant(actor, person, Role.OFFICE, units.commission)
    users[username] = person.user
    for county in COUNTIES:
        if county == LIAISON_COUNTY:
            continue
        username, name = COUNTY_LIAISONS[county]
        person = _person(actor, units.counties[county], username, name, "法治建设联络员")
        _grant(actor, person, Role.LIAISON, units.counties[county])
        users[username] = person.user
    for unit, username, name in zip(units.direct, DIRECT_LIAISONS, DIRECT_LIAISON_NAMES):
        person = _person(actor, unit, username, name, "法治建设联络员")
        _grant(actor, person, Role.LIAISON, unit)
        users[username] = person.user
    return users


def liaison_for(units: DemoUnits, users: dict, unit: Unit):
    """The liaison whose grant covers the unit."""
    for county, bureau in units.counties.items():
        if unit.is_within(bureau):
            return users["liaison" if county == LIAISON_COUNTY else COUNTY_LIAISONS[county][0]]
    for direct, username in zip(units.direct, DIRECT_LIAISONS):
        if unit.is_within(direct):
            return users[username]
    raise LookupError(unit.name)
