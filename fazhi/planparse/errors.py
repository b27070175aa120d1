"""The one exception the plan parser raises."""


class PlanParseError(ValueError):
    """Input that cannot be turned into a plan; ``str(exc)`` is a Chinese message
    taken from :mod:`fazhi.planparse.messages`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
