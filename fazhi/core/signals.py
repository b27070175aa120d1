"""Core announces its writes and the audit app records them: core imports no app above it.

`write_done` is sent inside the writing service's transaction, so a failure to record
rolls the write back. Arguments: actor, action, obj, before, after (a dict, or a model
instance to be recorded field by field), unit (the unit to file the row under, or None).
"""

from django.dispatch import Signal

write_done = Signal()
