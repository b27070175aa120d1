"""Where other apps' findings enter the ledger: a shortfall found in an inspection becomes a
problem of the assessed unit, linked back to the assessment and the rubric item."""

from django.dispatch import receiver

from fazhi.assessment.signals import shortfall_found

from .choices import ProblemSource
from .services import problem_create_from


@receiver(shortfall_found, dispatch_uid="ledger.shortfall_to_problem")
def shortfall_to_problem(sender, *, actor, assessment, item, description, score=None, **kwargs):
    return problem_create_from(
        actor=actor,
        source_type="assessment.assessment",
        source_id=f"{assessment.pk}:{item.pk}",
        unit=assessment.unit,
        description=description,
        source=ProblemSource.INSPECTION,
    )
