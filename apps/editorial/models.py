from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A version number, raised by every save, for optimistic locking in the admin.

    The admin form carries the number the editor opened; saving checks it against the stored
    one in the same transaction (the row locked), so a change made meanwhile by someone else is
    never silently overwritten.
    """

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
