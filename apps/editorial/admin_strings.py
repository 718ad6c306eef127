"""Strings of Django's admin and django-reversion that the project translates itself.

Their Russian catalogues put a model's name, in the nominative, into a sentence that needs
another case: "Выберите граница для изменения", "Добавить программа", "Восстановить удаленный
новости". The project's catalogue (``LOCALE_PATHS``) comes first, so the Russian given to these
messages in ``locale/ru/LC_MESSAGES/django.po`` replaces theirs; they are listed here only so
that ``makemessages`` keeps them there. Never called.
"""

from django.utils.translation import gettext_noop

ADMIN_STRINGS = (
    # Page titles of the admin's lists and forms (``%s``: the model's name, singular).
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    # The list's "Add" button and the form's breadcrumb (the model's name, singular).
    gettext_noop("Add %(name)s"),
    # django-reversion's link and page (the model's name, plural), and its revert page's
    # breadcrumb (singular).
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    # Django's messages after a save or a deletion, its confirmations, and the change
    # messages of the history (the model's name, singular or plural).
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All '
        "of the following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting "
        "related objects, but your account doesn't have permission to delete the "
        "following types of objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the "
        "following objects and their related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types "
        "of objects:"
    ),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    # django-reversion's revert and recover pages: its Russian quotes the button with
    # straight quotes ("Сохранить").
    gettext_noop("Press the save button below to revert to this version of the object."),
    gettext_noop("Press the save button below to recover this version of the object."),
)
