"""Test data factories (factory_boy). Services are used where invariants matter."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from fazhi.campaigns.choices import CampaignStatus
from fazhi.campaigns.models import Assignment, Campaign, Phase, Task
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Grant, Person, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.INSTITUTION
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Fazhi-test-1")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"人员{n}")


def person_with_role(role: str, unit: Unit, username: str | None = None) -> Person:
    person = PersonFactory(unit=unit, **({"user__username": username} if username else {}))
    Grant.objects.create(person=person, role=role, unit=unit)
    return person


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"法治建设活动{n}")
    issuer = factory.SubFactory(UnitFactory, kind=UnitKind.ADMIN_DEPT)
    year = 2026
    start_date = dt.date(2026, 1, 1)
    end_date = dt.date(2027, 12, 31)
    status = CampaignStatus.ACTIVE


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"阶段{n}")
    start = dt.date(2026, 1, 1)
    end = dt.date(2027, 12, 31)
    opens = ["progress"]


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    campaign = factory.SubFactory(CampaignFactory)
    label = factory.Sequence(lambda n: f"{n}、")
    heading = factory.Sequence(lambda n: f"任务{n}")
    order = factory.Sequence(lambda n: n)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)
    due_date = dt.date(2026, 12, 31)


ROLES = Role
