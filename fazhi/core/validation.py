"""Model validation without a query for what is already known to exist.

`full_clean` checks every foreign key by asking the database whether the row it points at exists.
The services assign related objects they have just read or written (`unit=unit`), so that
question was asked again for every key of every write: a third of the queries of loading the
demo. A key whose related object is cached on the instance, was read from or saved to the
database, and still has the key's value is taken as existing; a raw id, an unsaved object, a
deleted one (its pk is cleared) and a key with `limit_choices_to` are checked as before. The
database's own foreign-key constraint still refuses a row deleted in between."""

from __future__ import annotations

from django.db.models import Field, ForeignKey

_checked_by_query = ForeignKey.validate


def _validate(self: ForeignKey, value, model_instance) -> None:
    if value is not None and not self.remote_field.parent_link and not self.get_limit_choices_to() \
            and self.is_cached(model_instance):
        related = self.get_cached_value(model_instance)
        if related is not None and not related._state.adding and getattr(related, self.target_field.attname) == value:
            Field.validate(self, value, model_instance)  # choices, null and blank, as ForeignKey's own first step
            return
    _checked_by_query(self, value, model_instance)


def install() -> None:
    ForeignKey.validate = _validate
