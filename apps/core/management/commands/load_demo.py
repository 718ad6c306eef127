import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.core.demo import load_demo

SUPERUSER = "admin"


class Command(BaseCommand):
    help = (
        "Create or refresh the demo content in English and Russian (idempotent) and a local "
        "superuser 'admin' whose password comes from DJANGO_SUPERUSER_PASSWORD or is generated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-superuser",
            action="store_true",
            help="Do not create or touch the superuser and the demo users.",
        )

    def handle(self, *args, no_superuser=False, **options):
        counts = load_demo()
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))
        if not no_superuser:
            self._ensure_superuser()
            call_command("create_demo_users", stdout=self.stdout)

    def _ensure_superuser(self):
        User = get_user_model()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        user = User.objects.filter(username=SUPERUSER).first()
        if user is not None and not password:
            self.stdout.write(
                f"Admin: log in at /admin/ as '{SUPERUSER}' with the password printed when it "
                f"was created (reset it with: python manage.py changepassword {SUPERUSER}, or "
                "set DJANGO_SUPERUSER_PASSWORD and run load_demo again)."
            )
            return
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser(SUPERUSER, "admin@example.org", password)
        else:
            user.set_password(password)
            user.is_staff = user.is_superuser = user.is_active = True
            user.save()
        shown = password if generated else "(from DJANGO_SUPERUSER_PASSWORD)"
        self.stdout.write(
            self.style.WARNING(f"Admin: log in at /admin/ as '{SUPERUSER}' with password {shown}")
        )
