"""Demo content, in English and Russian, from the facts of the Tashkent roundtable release.

``load_demo`` writes it idempotently: every object is found by its natural key (ISO code or
slug) and brought back to the state below, so running it twice changes nothing.

The release counts the Border Liaison Offices per border but names no crossing point. The demo
says so in each office's "crossing point" and gives coordinates that are only plausible places
near each border, marked as approximate, rather than inventing names as fact.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.models import Contact, Office
from apps.core.models import Country, Topic
from apps.news.models import NewsItem
from apps.programmes.models import Programme

TASHKENT = ZoneInfo("Asia/Tashkent")

COUNTRIES = [
    ("KZ", "Kazakhstan", "Казахстан"),
    ("KG", "Kyrgyzstan", "Кыргызстан"),
    ("TJ", "Tajikistan", "Таджикистан"),
    ("TM", "Turkmenistan", "Туркменистан"),
    ("UZ", "Uzbekistan", "Узбекистан"),
    ("AF", "Afghanistan", "Афганистан"),
]

TOPICS = [
    ("drug-trafficking", "Drug trafficking", "Незаконный оборот наркотиков"),
    ("trafficking-in-persons", "Trafficking in persons", "Торговля людьми"),
    ("smuggling-of-migrants", "Smuggling of migrants", "Незаконный ввоз мигрантов"),
    (
        "small-arms-and-light-weapons",
        "Small arms and light weapons",
        "Стрелковое оружие и лёгкие вооружения",
    ),
    ("illicit-financial-flows", "Illicit financial flows", "Незаконные финансовые потоки"),
    ("terrorism", "Terrorism", "Терроризм"),
    ("corruption", "Corruption", "Коррупция"),
    ("border-management", "Border management", "Управление границами"),
]

ESTABLISHED = BorderLiaisonOffice.Status.ESTABLISHED
BEING_ESTABLISHED = BorderLiaisonOffice.Status.BEING_ESTABLISHED


@dataclass(frozen=True)
class BorderSpec:
    a: str
    b: str
    # (status, host country, latitude, longitude) for each office on this border
    offices: tuple[tuple[str, str, str, str], ...]


# The release: 19 established — Kazakh-Kyrgyz 2, Uzbek-Tajik 6, Kyrgyz-Tajik 4, Kyrgyz-Uzbek 2,
# Uzbek-Afghan 1, Tajik-Afghan 2, Kazakh-Uzbek 2 — and 6 being established on the Kazakh-Kyrgyz,
# Tajik-Uzbek and Turkmen-Uzbek borders (two on each). Coordinates are approximate: plausible
# points near each border, inside the host country's outline on the site's map.
BORDERS = [
    BorderSpec(
        "KZ",
        "KG",
        (
            (ESTABLISHED, "KZ", "43.07", "74.71"),
            (ESTABLISHED, "KG", "42.74", "71.42"),
            (BEING_ESTABLISHED, "KZ", "42.96", "73.50"),
            (BEING_ESTABLISHED, "KG", "42.65", "78.90"),
        ),
    ),
    BorderSpec(
        "UZ",
        "TJ",
        (
            (ESTABLISHED, "UZ", "40.30", "69.22"),
            (ESTABLISHED, "TJ", "40.36", "69.90"),
            (ESTABLISHED, "UZ", "40.45", "70.44"),
            (ESTABLISHED, "TJ", "39.50", "67.55"),
            (ESTABLISHED, "UZ", "38.53", "68.03"),
            (ESTABLISHED, "TJ", "37.67", "68.01"),
            (BEING_ESTABLISHED, "TJ", "39.10", "67.75"),
            (BEING_ESTABLISHED, "UZ", "38.90", "68.10"),
        ),
    ),
    BorderSpec(
        "KG",
        "TJ",
        (
            (ESTABLISHED, "KG", "39.98", "70.78"),
            (ESTABLISHED, "TJ", "40.08", "70.58"),
            (ESTABLISHED, "KG", "39.45", "72.85"),
            (ESTABLISHED, "TJ", "39.51", "69.82"),
        ),
    ),
    BorderSpec(
        "KG",
        "UZ",
        (
            (ESTABLISHED, "KG", "40.58", "72.77"),
            (ESTABLISHED, "UZ", "40.95", "72.05"),
        ),
    ),
    BorderSpec("UZ", "AF", ((ESTABLISHED, "UZ", "37.26", "67.28"),)),
    BorderSpec(
        "TJ",
        "AF",
        (
            (ESTABLISHED, "TJ", "37.32", "68.81"),
            (ESTABLISHED, "TJ", "36.75", "71.65"),
        ),
    ),
    BorderSpec(
        "KZ",
        "UZ",
        (
            (ESTABLISHED, "KZ", "41.52", "69.30"),
            (ESTABLISHED, "UZ", "40.97", "68.71"),
        ),
    ),
    BorderSpec(
        "TM",
        "UZ",
        (
            (BEING_ESTABLISHED, "TM", "39.15", "63.60"),
            (BEING_ESTABLISHED, "UZ", "41.97", "60.05"),
        ),
    ),
]

# "on the Kazakh side" / "с казахстанской стороны"
SIDES = {
    "KZ": ("Kazakh", "казахстанской"),
    "KG": ("Kyrgyz", "кыргызской"),
    "TJ": ("Tajik", "таджикской"),
    "TM": ("Turkmen", "туркменской"),
    "UZ": ("Uzbek", "узбекской"),
    "AF": ("Afghan", "афганской"),
}

CROSSING_POINT_UNNAMED = {
    "en": "Not named in the source release",
    "ru": "В исходном пресс-релизе не назван",
}

PROGRAMME = {
    "slug": "programme-for-central-asia-2015-2021",
    "title_en": "Programme for Central Asia 2015-2021",
    "title_ru": "Программа для Центральной Азии на 2015–2021 годы",
    "short_name_en": "Programme for Central Asia",
    "short_name_ru": "Программа для Центральной Азии",
    "summary_en": (
        "The regional programme through which the organisation worked with the Central Asian "
        "states from 2015 to 2021 on drugs, organized crime, corruption and terrorism."
    ),
    "summary_ru": (
        "Региональная программа, в рамках которой организация в 2015–2021 годах работала с "
        "государствами Центральной Азии по вопросам наркотиков, организованной преступности, "
        "коррупции и терроризма."
    ),
    "body_en": (
        "<p>Strengthening cross-border and regional cooperation was an integral part of the "
        "programme, and remains a key element of the next programme cycle.</p>"
    ),
    "body_ru": (
        "<p>Укрепление трансграничного и регионального сотрудничества было неотъемлемой частью "
        "программы и остаётся ключевым элементом следующего программного цикла.</p>"
    ),
    "start_year": 2015,
    "end_year": 2021,
    "sort_order": 0,
}

COMPONENT = {
    "slug": "cross-border-cooperation-component",
    "title_en": "Cross-Border Cooperation Component",
    "title_ru": "Компонент по трансграничному сотрудничеству",
    "short_name_en": "Cross-Border Cooperation",
    "short_name_ru": "Трансграничное сотрудничество",
    "summary_en": (
        "Builds the capacity of border crossing points and regional cross-border cooperation by "
        "promoting Border Liaison Offices and information networks for border agencies."
    ),
    "summary_ru": (
        "Укрепление потенциала пунктов пропуска и регионального трансграничного сотрудничества "
        "путём продвижения концепции пограничных офисов связи и развития информационных сетей "
        "пограничных ведомств."
    ),
    "body_en": (
        "<p>The component promotes the Border Liaison Office concept: offices at remote and "
        "potentially vulnerable crossing points where the border, customs and drug control "
        "agencies of neighbouring states work together and exchange information.</p>"
    ),
    "body_ru": (
        "<p>Компонент продвигает концепцию пограничных офисов связи — офисов на отдалённых и "
        "потенциально уязвимых пунктах пропуска, где пограничные, таможенные и "
        "антинаркотические ведомства соседних государств работают вместе и обмениваются "
        "информацией.</p>"
    ),
    "start_year": 2015,
    "end_year": 2021,
    "sort_order": 0,
}

OFFICE = {
    "name_en": "Regional Office for Central Asia",
    "name_ru": "Региональное представительство для Центральной Азии",
    "city_en": "Dushanbe",
    "city_ru": "Душанбе",
}

CONTACT = {
    "full_name_en": "Nurangez Abdulhamidova",
    "full_name_ru": "Нурангез Абдулхамидова",
    "position_en": "Communication and External Relations Officer",
    "position_ru": "Специалист по коммуникациям и внешним связям",
    "email": "nurangez.abdulhamidova@un.org",
}

ROUNDTABLE = {
    "slug": "tashkent-border-management-roundtable",
    "title_en": "Central Asian border services meet in Tashkent on integrated border management",
    "title_ru": (
        "Пограничные службы Центральной Азии обсудили в Ташкенте комплексное управление границами"
    ),
    "dateline_en": "Tashkent, Uzbekistan",
    "dateline_ru": "Ташкент, Узбекистан",
    "summary_en": (
        "The Executive Director joined a roundtable of the region's border services in "
        "Tashkent on integrated border management and security along new trade and transit "
        "corridors."
    ),
    "summary_ru": (
        "Директор-исполнитель приняла участие в прошедшем в Ташкенте круглом столе "
        "пограничных служб региона, посвящённом комплексному управлению границами и "
        "обеспечению безопасности новых торговых и транзитных коридоров."
    ),
    "body_en": """
<p>During her visit to Uzbekistan on 23 November, the Executive Director took part in a
roundtable in Tashkent with representatives of the border services of the Central Asian states.
The organisation held the meeting together with the Border Troops of the State Security Service
of Uzbekistan to advance integrated border management and security around the region's new
trade and transit corridors.</p>
<p>Senior officials of border and drug control agencies and of foreign ministries from across
the region attended. The Executive Director thanked the Central Asian governments for their
openness in working with the organisation on drugs, transnational organized crime, corruption
and terrorism, and stressed that as the region becomes more connected, border cooperation must
grow with it, so that criminal groups cannot exploit the new infrastructure and networks.</p>
<p>The Commander of the Border Troops said that close international cooperation is key to
meeting new security challenges, and that a platform for open dialogue contributes to security
in the region.</p>
<p>The participants discussed recommendations for future programmes on integrated border
management, cross-border cooperation and capacity-building in border areas, including in light
of recent developments in Afghanistan. On this basis the Regional Office for Central Asia will
draft an integrated border management strategy covering trafficking in drugs and in small arms
and light weapons, trafficking in persons, smuggling of migrants, illicit financial flows and the
movement of foreign terrorist fighters.</p>
<p>The roundtable was run by the Cross-Border Cooperation Component of the Programme for Central
Asia. To date the programme has supported 19 Border Liaison Offices at remote and potentially
vulnerable crossing points on the Kazakh-Kyrgyz (2), Uzbek-Tajik (6), Kyrgyz-Tajik (4),
Kyrgyz-Uzbek (2), Uzbek-Afghan (1), Tajik-Afghan (2) and Kazakh-Uzbek (2) borders. Six more are
being established on the Kazakh-Kyrgyz, Tajik-Uzbek and Turkmen-Uzbek borders.</p>
""",
    "body_ru": """
<p>23\u00a0ноября в ходе визита в Узбекистан Директор-исполнитель приняла участие в круглом
столе представителей пограничных служб государств Центральной Азии, который прошёл в Ташкенте.
Организация провела встречу совместно с Пограничными войсками Службы государственной
безопасности Республики Узбекистан, чтобы содействовать развитию комплексного управления
границами и обеспечению безопасности новых торговых и транзитных коридоров региона.</p>
<p>На встрече присутствовали высокопоставленные представители пограничных и
антинаркотических ведомств, а также министерств иностранных дел стран региона.
Директор-исполнитель поблагодарила правительства государств Центральной Азии за открытость в
сотрудничестве с организацией в противодействии наркотикам, транснациональной организованной
преступности, коррупции и терроризму. Она подчеркнула, что по мере усиления взаимосвязанности
региона должно расширяться и пограничное сотрудничество, чтобы преступные группы не могли
использовать новую инфраструктуру и сети.</p>
<p>Командующий Пограничными войсками отметил, что тесное международное сотрудничество — ключ
к противодействию новым вызовам в сфере безопасности, а площадка для открытого диалога
способствует укреплению безопасности в регионе.</p>
<p>Участники обсудили рекомендации для будущих программ по комплексному управлению границами,
трансграничному сотрудничеству и укреплению потенциала в приграничных районах, в том числе с
учётом последних событий в Афганистане. На этой основе Региональное представительство для
Центральной Азии подготовит стратегию комплексного управления границами, охватывающую
незаконный оборот наркотиков, стрелкового оружия и лёгких вооружений, торговлю людьми,
незаконный ввоз мигрантов, незаконные финансовые потоки и передвижение иностранных
боевиков-террористов.</p>
<p>Круглый стол организован Компонентом по трансграничному сотрудничеству Программы для
Центральной Азии. На сегодняшний день при содействии программы создано 19 пограничных офисов
связи на отдалённых и потенциально уязвимых пунктах пропуска на казахстанско-кыргызской (2),
узбекско-таджикской (6), кыргызско-таджикской (4), кыргызско-узбекской (2), узбекско-афганской
(1), таджикско-афганской (2) и казахстанско-узбекской (2) границах. Ещё шесть офисов
создаются на казахстанско-кыргызской, таджикско-узбекской и туркменско-узбекской границах.</p>
""",
    "published_at": dt.datetime(2021, 11, 23, 12, 0, tzinfo=TASHKENT),
}

DRAFT = {
    "slug": "draft-example",
    "title_en": "Draft: training for Border Liaison Office staff (not yet published)",
    "title_ru": "Черновик: обучение сотрудников пограничных офисов связи (ещё не опубликовано)",
    "dateline_en": "Dushanbe, Tajikistan",
    "dateline_ru": "Душанбе, Таджикистан",
    "summary_en": "A draft news item. It must never appear on the public site.",
    "summary_ru": "Черновик новости. Он никогда не должен появляться на сайте.",
    "body_en": "<p>This draft shows how officers prepare an item before publishing it.</p>",
    "body_ru": "<p>Этот черновик показывает, как сотрудники готовят новость перед публикацией.</p>",
}

SCHEDULED = {
    "slug": "scheduled-example",
    "title_en": "Scheduled: Border Liaison Office network annual meeting",
    "title_ru": "Запланировано: ежегодная встреча сети пограничных офисов связи",
    "dateline_en": "Almaty, Kazakhstan",
    "dateline_ru": "Алматы, Казахстан",
    "summary_en": "A news item scheduled a year ahead. It appears by itself at its time.",
    "summary_ru": (
        "Новость, публикация которой запланирована на год вперёд. Она появится на сайте "
        "автоматически в назначенное время."
    ),
    "body_en": "<p>This item is published but scheduled for the future.</p>",
    "body_ru": "<p>Статус этой новости — «опубликовано», но дата публикации ещё не наступила.</p>",
}


def _save(model, lookup: dict, values: dict, create_only: dict | None = None):
    # The demo's Russian versions are complete and published.
    values = {**values, "russian_ready": True}
    obj, _created = model.objects.update_or_create(
        **lookup, defaults=values, create_defaults={**values, **(create_only or {})}
    )
    return obj


def load_demo() -> dict[str, int]:
    """Create or refresh the demo content, in one transaction and one revision (so that every
    demo object has a history to revert to or recover from); returns how many objects of each
    kind exist."""
    with transaction.atomic(), reversion.create_revision():
        # In English, shown in each reader's language by the history's template.
        reversion.set_comment(gettext_noop("Demo content loaded."))
        return _load()


def _load() -> dict[str, int]:
    countries = {
        iso: _save(Country, {"iso_code": iso}, {"name_en": en, "name_ru": ru})
        for iso, en, ru in COUNTRIES
    }
    topics = [
        _save(Topic, {"slug": slug}, {"name_en": en, "name_ru": ru}) for slug, en, ru in TOPICS
    ]

    programme = _save(
        Programme, {"slug": PROGRAMME["slug"]}, {**PROGRAMME, "parent": None, "is_published": True}
    )
    programme.topics.set(topics)
    component = _save(
        Programme,
        {"slug": COMPONENT["slug"]},
        {**COMPONENT, "parent": programme, "is_published": True},
    )
    component.topics.set([t for t in topics if t.slug in {"border-management", "drug-trafficking"}])

    office = _save(
        Office,
        {"name_en": OFFICE["name_en"]},
        {**OFFICE, "country": countries["TJ"], "is_published": True},
    )
    contact = _save(
        Contact,
        {"email": CONTACT["email"]},
        {**CONTACT, "office": office, "is_press_contact": True, "is_published": True},
    )

    blos = []
    for spec in BORDERS:
        a, b = countries[spec.a], countries[spec.b]
        slug = f"{a.name_en}-{b.name_en}".lower()
        border = _save(
            Border,
            {"slug": slug},
            {
                "country_a": a,
                "country_b": b,
                "name_en": f"{a.name_en}–{b.name_en}",
                "name_ru": f"{a.name_ru}–{b.name_ru}",
            },
        )
        # The only office on its border is not "one of" them.
        if len(spec.offices) == 1:
            which = {"en": "The only office", "ru": "Единственный офис", "ru_ending": "ый"}
        else:
            which = {"en": "One of the offices", "ru": "Один из офисов", "ru_ending": "ых"}
        for number, (status, host, lat, lon) in enumerate(spec.offices, start=1):
            blos.append(
                _save(
                    BorderLiaisonOffice,
                    {"slug": f"{slug}-{number}"},
                    {
                        "name_en": f"Border Liaison Office {border.name_en} No. {number}",
                        "name_ru": f"Пограничный офис связи {border.name_ru} №\u00a0{number}",
                        "crossing_point_en": CROSSING_POINT_UNNAMED["en"],
                        "crossing_point_ru": CROSSING_POINT_UNNAMED["ru"],
                        "description_en": (
                            f"<p>{which['en']} the release counts on the {border.name_en} "
                            f"border, on the {SIDES[host][0]} side. The release does "
                            "not name the crossing point; the map position is approximate.</p>"
                        ),
                        "description_ru": (
                            f"<p>{which['ru']} на границе {border.name_ru}, учтённ"
                            f"{which['ru_ending']} в пресс-релизе; расположен с "
                            f"{SIDES[host][1]} стороны. Пункт пропуска в пресс-релизе не "
                            "назван, положение на карте указано приблизительно.</p>"
                        ),
                        "border": border,
                        "host_country": countries[host],
                        "status": status,
                        "established_on": None,
                        "latitude": Decimal(lat),
                        "longitude": Decimal(lon),
                        "programme": component,
                        "contact": contact,
                        "is_published": True,
                    },
                )
            )

    roundtable = _save(
        NewsItem,
        {"slug": ROUNDTABLE["slug"]},
        {**ROUNDTABLE, "status": NewsItem.Status.PUBLISHED},
    )
    roundtable.countries.set(countries.values())
    roundtable.topics.set(topics)
    roundtable.programmes.set([programme, component])
    roundtable.blos.set(blos)
    roundtable.contacts.set([contact])

    draft = _save(
        NewsItem,
        {"slug": DRAFT["slug"]},
        {**DRAFT, "status": NewsItem.Status.DRAFT, "published_at": None},
    )
    draft.countries.set([countries["TJ"]])
    scheduled = _save(
        NewsItem,
        {"slug": SCHEDULED["slug"]},
        {**SCHEDULED, "status": NewsItem.Status.PUBLISHED},
        create_only={"published_at": timezone.now() + dt.timedelta(days=365)},
    )
    scheduled.countries.set([countries["KZ"]])

    return {
        "countries": Country.objects.count(),
        "topics": Topic.objects.count(),
        "borders": Border.objects.count(),
        "blos": BorderLiaisonOffice.objects.count(),
        "programmes": Programme.objects.count(),
        "offices": Office.objects.count(),
        "contacts": Contact.objects.count(),
        "news items": NewsItem.objects.count(),
    }
