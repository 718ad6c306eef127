"""The two roles of the admin, as groups (their names are part of the contract).

Communications officers create, change, publish, unpublish and delete all content.
Translators see all content and change only its Russian fields: the group gives them *view*
and *change* on the translated models, and the admin (``apps.editorial.admin``) narrows
*change* to the ``*_ru`` fields and refuses any other change on the server.
"""

OFFICERS = "Communications officers"
TRANSLATORS = "Translators"

# (app label, model name) of the content models.
CONTENT_MODELS = [
    ("core", "country"),
    ("core", "topic"),
    ("contacts", "office"),
    ("contacts", "contact"),
    ("blos", "border"),
    ("blos", "borderliaisonoffice"),
    ("programmes", "programme"),
    ("news", "newsitem"),
]

# Custom permissions (declared in the models' Meta) that only officers hold.
OFFICER_EXTRA = [
    ("news", "publish_newsitem"),
]


def officer_codenames() -> list[tuple[str, str]]:
    perms = [
        (app, f"{action}_{model}")
        for app, model in CONTENT_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    return perms + OFFICER_EXTRA


def translator_codenames() -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}") for app, model in CONTENT_MODELS for action in ("change", "view")
    ]


def _group_names(user) -> frozenset[str]:
    """The user's group names, read once per user object (i.e. once per request)."""
    if not hasattr(user, "_bordercoop_group_names"):
        names = user.groups.values_list("name", flat=True) if user.is_authenticated else []
        user._bordercoop_group_names = frozenset(names)
    return user._bordercoop_group_names


def is_officer(user) -> bool:
    return user.is_active and (user.is_superuser or OFFICERS in _group_names(user))


def is_translator_only(user) -> bool:
    """A translator who is not also an officer or a superuser: limited to Russian fields."""
    if not user.is_active or user.is_superuser:
        return False
    names = _group_names(user)
    return TRANSLATORS in names and OFFICERS not in names


def ensure_groups() -> dict:
    """The two role groups with their permissions, created if missing (the roles migration
    creates them; this puts them back after a database was emptied)."""
    from django.contrib.auth.models import Group, Permission

    def permissions(pairs):
        return [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in pairs
        ]

    groups = {}
    for name, pairs in ((OFFICERS, officer_codenames()), (TRANSLATORS, translator_codenames())):
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(permissions(pairs))
        groups[name] = group
    return groups
