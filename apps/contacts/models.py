from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import Publishable, PublishableQuerySet
from apps.core.ordering import ReadersText
from apps.editorial.models import Versioned
from apps.translations.models import TranslationTracked


class Office(TranslationTracked, Versioned, Publishable):
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    country = models.ForeignKey(
        "core.Country", on_delete=models.PROTECT, related_name="offices", verbose_name=_("country")
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = [ReadersText("name").asc()]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:list") + f"#office-{self.pk}"


class ContactQuerySet(PublishableQuerySet):
    def published(self):
        """A contact is public when it and its office are published."""
        return self.filter(is_published=True, office__is_published=True)

    def press(self):
        return self.filter(is_press_contact=True)


class Contact(TranslationTracked, Versioned, Publishable):
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("office")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_press_contact = models.BooleanField(
        _("press contact"),
        default=False,
        help_text=_("Press contacts are listed on the contacts page and under news items."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("ordering"), default=0, help_text=_("Lower numbers come first within an office.")
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = [ReadersText("office__name").asc(), "sort_order", ReadersText("full_name").asc()]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("contacts:list") + f"#contact-{self.pk}"
