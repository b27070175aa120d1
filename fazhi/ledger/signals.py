"""Signals other apps connect to without this app knowing them.

problem_closed: sent after the transaction that closed a problem has committed, with
`problem`, `source_type`, `source_id` and `reply` (the close-out note). The public portal
connects to it to tell a submitter the result of their opinion or complaint.
"""

from django.dispatch import Signal

problem_closed = Signal()
