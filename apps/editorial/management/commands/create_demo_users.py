import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from apps.editorial import roles

DEMO_USERS = [
    ("officer", roles.OFFICERS, "officer@example.org"),
    ("translator", roles.TRANSLATORS, "translator@example.org"),
]


class Command(BaseCommand):
    help = (
        "Create one demo user of each role (Communications officers, Translators) with a "
        "generated password, printed once. Existing users are left as they are."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        groups = roles.ensure_groups()
        for username, group_name, email in DEMO_USERS:
            group = groups[group_name]
            if User.objects.filter(username=username).exists():
                self.stdout.write(
                    f"{group_name}: '{username}' exists; password unchanged "
                    f"(python manage.py changepassword {username})."
                )
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username, email, password, is_staff=True)
            user.groups.add(group)
            self.stdout.write(
                self.style.WARNING(
                    f"{group_name}: log in at /admin/ as '{username}' with password {password}"
                )
            )
