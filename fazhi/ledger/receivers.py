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


try:  # the portal is an optional neighbour: the ledger works without it
    from fazhi.intake.signals import submission_to_problem
except ImportError:  # pragma: no cover
    submission_to_problem = None

if submission_to_problem is not None:

    @receiver(submission_to_problem, dispatch_uid="ledger.submission_to_problem")
    def submission_to_ledger(sender, *, submission, actor, **kwargs):
        """A public opinion or complaint the office turned into a problem. Only the text
        travels: the reporter's identity stays in the portal."""
        source = ProblemSource.OPINION if submission.kind in ("opinion", "suggestion") else ProblemSource.COMPLAINT
        return problem_create_from(
            actor=actor,
            source_type="intake.submission",
            source_id=submission.pk,
            unit=submission.assigned_unit or submission.unit or submission.received_by,
            description=submission.text,
            source=source,
        )
