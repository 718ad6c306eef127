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
)
