"""Database triggers for the one BLO invariant a CHECK constraint cannot state.

A BLO's host country must be one of its border's two countries. The rule spans two tables, so
it is enforced by triggers: on the BLO (insert, or a change of border or host country) and on
the border (a change of its countries that would strand a BLO). clean() gives the same rule a
message on the field; these triggers make sure no other path stores a contradiction.
"""

from django.db import migrations

from apps.blos.migrations import _triggers


class Migration(migrations.Migration):
    dependencies = [("blos", "0001_initial")]

    operations = [migrations.RunPython(_triggers.create, _triggers.drop, elidable=False)]
