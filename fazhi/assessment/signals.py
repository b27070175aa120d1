"""The hook through which a shortfall found in an inspection becomes a problem (问题台账).

The problem ledger lives in another app that depends on this one, never the other way
round: it connects a receiver to `shortfall_found` and creates its Problem there. Receivers
run inside the transaction of the service that raised the shortfall, so that the problem
and the audit row are written together or not at all.
"""

from django.dispatch import Signal

# Sent with: actor, assessment, item, score (the inspector's ItemScore or None), description.
shortfall_found = Signal()


def raise_problem_hook(*, actor, assessment, item, description: str, score=None) -> list:
    """Announce a shortfall; returns what the receivers returned (e.g. the problems they created)."""
    responses = shortfall_found.send(sender=assessment.__class__, actor=actor, assessment=assessment, item=item,
                                     score=score, description=description)
    return [value for _receiver, value in responses]
