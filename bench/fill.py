"""Fill a PostgreSQL database with benchmark data: 10,000 news items (English and Russian),
500 Border Liaison Offices and 50 programmes, on top of the demo content.

    DJANGO_SETTINGS_MODULE=bordercoop.settings .venv/bin/python bench/fill.py

Starts from nothing: drops and re-creates the database ``bordercoop_bench`` (psql on
127.0.0.1 as postgres; override with BENCH_DB), migrates, runs ``load_demo``, then fills with
bulk_create. bulk_create bypasses save(), so the derived fields (translation tracking, version)
are set here. Prints the time of each phase; writes a few item slugs to bench/out/slugs.txt.
"""

import datetime as dt
import hashlib
import os
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
DB = os.environ.get("BENCH_DB", "bordercoop_bench")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bordercoop.settings")

N_NEWS = int(os.environ.get("BENCH_NEWS", "10000"))
N_BLOS = int(os.environ.get("BENCH_BLOS", "500"))
N_PROGRAMMES = int(os.environ.get("BENCH_PROGRAMMES", "50"))

t_start = time.monotonic()


def psql(sql: str) -> None:
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-qX",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ],
        check=True,
    )


psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
psql(f"CREATE DATABASE {DB}")
t_db = time.monotonic()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from django.utils.text import slugify  # noqa: E402

call_command("migrate", "--no-input", verbosity=0)
t_migrate = time.monotonic()
with open(os.devnull, "w") as devnull:
    call_command("load_demo", stdout=devnull)
t_demo = time.monotonic()

from apps.blos.models import Border, BorderLiaisonOffice  # noqa: E402
from apps.contacts.models import Contact  # noqa: E402
from apps.core.demo import BORDERS, SIDES  # noqa: E402
from apps.core.models import Country, Topic  # noqa: E402
from apps.news.models import NewsItem  # noqa: E402
from apps.programmes.models import Programme  # noqa: E402

rnd = random.Random(20240601)
NOW = timezone.now()
FP = hashlib.sha256(b"bench").hexdigest()  # any 64-hex string, equal on both sides
TRACKING = {
    "english_fingerprint": FP,
    "russian_source_fingerprint": FP,
    "english_changed_at": NOW,
    "russian_status": "up_to_date",
    "russian_ready": True,
    "version": 1,
}

# English / Russian (nominative, genitive, prepositional) country names and cities.
COUNTRY_TEXT = {
    "KZ": ("Kazakhstan", "Казахстан", "Казахстана", "Казахстане", "Almaty", "Алматы"),
    "KG": ("Kyrgyzstan", "Кыргызстан", "Кыргызстана", "Кыргызстане", "Bishkek", "Бишкек"),
    "TJ": ("Tajikistan", "Таджикистан", "Таджикистана", "Таджикистане", "Dushanbe", "Душанбе"),
    "TM": ("Turkmenistan", "Туркменистан", "Туркменистана", "Туркменистане", "Ashgabat", "Ашхабад"),
    "UZ": ("Uzbekistan", "Узбекистан", "Узбекистана", "Узбекистане", "Tashkent", "Ташкент"),
    "AF": ("Afghanistan", "Афганистан", "Афганистана", "Афганистане", "Kabul", "Кабул"),
}
# topic slug -> (English phrase, Russian phrase in genitive, Russian phrase in prepositional)
TOPIC_TEXT = {
    "drug-trafficking": (
        "drug trafficking",
        "незаконного оборота наркотиков",
        "незаконном обороте наркотиков",
    ),
    "trafficking-in-persons": ("trafficking in persons", "торговли людьми", "торговле людьми"),
    "smuggling-of-migrants": (
        "smuggling of migrants",
        "незаконного ввоза мигрантов",
        "незаконном ввозе мигрантов",
    ),
    "small-arms-and-light-weapons": (
        "small arms trafficking",
        "незаконного оборота оружия",
        "незаконном обороте оружия",
    ),
    "illicit-financial-flows": (
        "illicit financial flows",
        "незаконных финансовых потоков",
        "незаконных финансовых потоках",
    ),
    "terrorism": ("terrorism", "терроризма", "терроризме"),
    "corruption": ("corruption", "коррупции", "коррупции"),
    "border-management": ("border management", "управления границами", "управлении границами"),
}
EVENTS = [
    ("training course", "учебный курс", "учебном курсе"),
    ("roundtable", "круглый стол", "круглом столе"),
    ("working meeting", "рабочая встреча", "рабочей встрече"),
    ("joint exercise", "совместные учения", "совместных учениях"),
    ("regional conference", "региональная конференция", "региональной конференции"),
    ("study visit", "ознакомительный визит", "ознакомительном визите"),
]
TITLES = [
    (
        "{Country} hosts {event} on {topic} at the border",
        "{CountryNom} принимает {eventNom} по вопросам {topicGen} на границе",
    ),
    (
        "Border officers from {Country} and {Other} train together on {topic}",
        "Пограничники {countryGen} и {otherGen} вместе обучаются противодействию {topicDat}",
    ),
    (
        "New Border Liaison Office opens on the {Country}–{Other} border",
        "На границе {countryGen} и {otherGen} открылся новый пограничный офис связи",
    ),
    (
        "{event_cap} in {city} reviews cross-border cooperation against {topic}",
        "В {cityPrep} на {eventPrep} обсудили трансграничное сотрудничество в борьбе против "
        "{topicGen}",
    ),
]
PARAS = [
    (
        "<p>The {event} took place in {city} on {date} and brought together border guards, customs "
        "officers and drug control agents from {Country} and {Other}. Participants discussed "
        "{topic} along the common border and the exchange of information between the two "
        "countries' Border Liaison Offices.</p>",
        "<p>{dateRu} в {cityPrep} прошёл {eventNom}, в котором приняли участие пограничники, "
        "таможенники и сотрудники антинаркотических ведомств {countryGen} и {otherGen}. "
        "Участники обсудили вопросы {topicGen} на общей границе и обмен информацией между "
        "пограничными офисами связи двух стран.</p>",
    ),
    (
        "<p>Officers practised risk profiling, the search of vehicles and cargo, and the "
        "detection of forged documents at crossing points on the border of {Country}. The "
        "programme supports {n} offices at remote and vulnerable border crossings.</p>",
        "<p>Сотрудники отработали профилирование рисков, досмотр транспортных средств и грузов и "
        "выявление поддельных документов на пунктах пропуска на границе {countryGen}. Программа "
        "поддерживает {n} офисов на отдалённых и уязвимых участках границы.</p>",
    ),
    (
        "<p>“Borders connect our countries, and cooperation across them is the best answer to "
        "{topic},” said the head of the border service of {Country}. Seizures reported by the "
        "offices rose by {pct} per cent compared with the previous year.</p>",
        "<p>«Границы связывают наши страны, и сотрудничество через границу — лучший ответ на "
        "угрозы {topicGen}», — сказал руководитель пограничной службы {countryGen}. По данным "
        "офисов, число изъятий выросло на {pct} процентов по сравнению с прошлым годом.</p>",
    ),
    (
        "<p>The meeting agreed on joint patrols, regular contacts between the border agencies "
        "and a common training plan for {year}. The next meeting will be held in {otherCity}.</p>",
        "<p>Участники договорились о совместном патрулировании, регулярных контактах между "
        "пограничными ведомствами и общем плане обучения на {year} год. Следующая встреча "
        "пройдёт в городе {otherCityRu}.</p>",
    ),
]
TOPIC_DAT = {
    "drug-trafficking": "незаконному обороту наркотиков",
    "trafficking-in-persons": "торговле людьми",
    "smuggling-of-migrants": "незаконному ввозу мигрантов",
    "small-arms-and-light-weapons": "незаконному обороту оружия",
    "illicit-financial-flows": "незаконным финансовым потокам",
    "terrorism": "терроризму",
    "corruption": "коррупции",
    "border-management": "нарушениям режима границы",
}
MONTHS_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
CITY_PREP = {
    "Алматы": "Алматы",
    "Бишкек": "Бишкеке",
    "Душанбе": "Душанбе",
    "Ашхабад": "Ашхабаде",
    "Ташкент": "Ташкенте",
    "Кабул": "Кабуле",
}


def bulk(model, objs, batch=1000):
    return model.objects.bulk_create(objs, batch_size=batch)


with translation.override("en"), transaction.atomic():
    countries = {c.iso_code: c for c in Country.objects.all()}
    topics = list(Topic.objects.all())
    borders = list(Border.objects.select_related("country_a", "country_b"))
    contacts = list(Contact.objects.all())
    t0 = time.monotonic()

    # --- programmes: 10 top-level, 40 components ---
    progs = []
    for i in range(N_PROGRAMMES):
        top = i < N_PROGRAMMES // 5
        iso = rnd.choice(list(COUNTRY_TEXT))
        c = COUNTRY_TEXT[iso]
        slug_t = rnd.choice(list(TOPIC_TEXT))
        t_en, t_gen, _t_prep = TOPIC_TEXT[slug_t]
        start = rnd.randint(2008, 2024)
        kind_en, kind_ru = ("Programme", "Программа") if top else ("Component", "Компонент")
        progs.append(
            Programme(
                slug=f"bench-{'programme' if top else 'component'}-{i}",
                title_en=f"{kind_en} on {t_en} in {c[0]} {start}-{start + 5}",
                title_ru=f"{kind_ru} по противодействию {TOPIC_DAT[slug_t]} в {c[3]} "
                f"{start}–{start + 5}",
                short_name_en=f"{kind_en} {i}: {t_en}"[:80],
                short_name_ru=f"{kind_ru} {i}: {t_gen}"[:80],
                summary_en=f"Supports the agencies of {c[0]} against {t_en} at the border.",
                summary_ru=f"Поддерживает ведомства {c[2]} в борьбе против {t_gen} на границе.",
                body_en=f"<p>The {kind_en.lower()} works with border services of {c[0]}.</p>",
                body_ru=f"<p>{kind_ru} работает с пограничными службами {c[2]}.</p>",
                start_year=start,
                end_year=start + 5,
                sort_order=i + 1,
                is_published=True,
                **TRACKING,
            )
        )
    parents = bulk(Programme, progs[: N_PROGRAMMES // 5])
    for p in progs[N_PROGRAMMES // 5 :]:
        p.parent = rnd.choice(parents)
    bulk(Programme, progs[N_PROGRAMMES // 5 :])
    programmes = list(Programme.objects.all())
    PT = Programme.topics.through
    bulk(PT, [PT(programme_id=p.pk, topic_id=t.pk) for p in progs for t in rnd.sample(topics, 2)])
    t_prog = time.monotonic()

    # --- BLOs: on the demo borders, host one of the two countries, near a demo office ---
    anchors = {}
    by_slug = {b.slug: b for b in borders}
    for spec in BORDERS:
        a, b = countries[spec.a], countries[spec.b]
        border = by_slug[f"{a.name_en}-{b.name_en}".lower()]
        anchors[border.pk] = (
            border,
            [(host, float(lat), float(lon)) for _s, host, lat, lon in spec.offices],
        )
    statuses = [s for s, _ in BorderLiaisonOffice.Status.choices]
    blos = []
    for i in range(N_BLOS):
        border, offices = anchors[rnd.choice(list(anchors))]
        host, lat, lon = rnd.choice(offices)
        lat = min(43.5, max(36.5, lat + rnd.uniform(-0.25, 0.25)))
        lon = min(80.0, max(59.5, lon + rnd.uniform(-0.25, 0.25)))
        side_en, side_ru = SIDES[host]
        blos.append(
            BorderLiaisonOffice(
                slug=f"bench-blo-{border.slug}-{i}",
                name_en=f"Border Liaison Office {border.name_en} B-{i}",
                name_ru=f"Пограничный офис связи {border.name_ru} Б-{i}",
                crossing_point_en=f"Crossing point {i} ({side_en} side)",
                crossing_point_ru=f"Пункт пропуска {i} ({side_ru} сторона)",
                description_en=f"<p>A benchmark office on the {border.name_en} border.</p>",
                description_ru=f"<p>Офис для нагрузочного теста на границе {border.name_ru}.</p>",
                border=border,
                host_country=countries[host],
                status=rnd.choice(statuses),
                established_on=dt.date(rnd.randint(2005, 2024), rnd.randint(1, 12), 1),
                latitude=Decimal(f"{lat:.5f}"),
                longitude=Decimal(f"{lon:.5f}"),
                programme=rnd.choice(programmes),
                contact=rnd.choice(contacts),
                is_published=rnd.random() < 0.95,
                **TRACKING,
            )
        )
    bulk(BorderLiaisonOffice, blos)
    all_blos = list(BorderLiaisonOffice.objects.all())
    t_blos = time.monotonic()

    # --- news ---
    isos = list(COUNTRY_TEXT)
    topic_by_slug = {t.slug: t for t in topics}
    items, links = [], []
    for i in range(N_NEWS):
        iso, other = rnd.sample(isos, 2)
        c, o = COUNTRY_TEXT[iso], COUNTRY_TEXT[other]
        tslug = rnd.choice(list(TOPIC_TEXT))
        t_en, t_gen, _t_prep = TOPIC_TEXT[tslug]
        ev_en, ev_nom, ev_prep = rnd.choice(EVENTS)
        when = NOW - dt.timedelta(days=rnd.uniform(1, 8 * 365), minutes=rnd.randint(0, 1440))
        loc = when.astimezone(dt.timezone(dt.timedelta(hours=5)))
        f = {
            "Country": c[0],
            "Other": o[0],
            "CountryNom": c[1],
            "countryGen": c[2],
            "otherGen": o[2],
            "topic": t_en,
            "topicGen": t_gen,
            "topicDat": TOPIC_DAT[tslug],
            "event": ev_en,
            "event_cap": ev_en.capitalize(),
            "eventNom": ev_nom,
            "eventPrep": ev_prep,
            "city": c[4],
            "cityPrep": CITY_PREP[c[5]],
            "otherCity": o[4],
            "otherCityRu": o[5],
            "date": loc.strftime("%d %B %Y"),
            "dateRu": f"{loc.day}\u00a0{MONTHS_RU[loc.month - 1]} {loc.year}\u00a0года",
            "n": rnd.randint(5, 60),
            "pct": rnd.randint(3, 40),
            "year": loc.year + 1,
        }
        ten, tru = rnd.choice(TITLES)
        paras = [PARAS[0], *rnd.sample(PARAS[1:], 2)]
        title_en = ten.format(**f)
        items.append(
            NewsItem(
                slug=f"{slugify(title_en)[:100]}-{i}",
                title_en=title_en,
                title_ru=tru.format(**f),
                dateline_en=f"{c[4]}, {c[0]}",
                dateline_ru=f"{c[5]}, {c[1]}",
                summary_en=f"A {ev_en} in {c[4]} on {t_en} with the border services of {c[0]} "
                f"and {o[0]}.",
                summary_ru=f"В {CITY_PREP[c[5]]} прошёл {ev_nom} по вопросам {t_gen} с участием "
                f"пограничных служб {c[2]} и {o[2]}.",
                body_en="\n".join(p[0].format(**f) for p in paras),
                body_ru="\n".join(p[1].format(**f) for p in paras),
                status=NewsItem.Status.PUBLISHED,
                published_at=when,
                **TRACKING,
            )
        )
        links.append((iso, other, tslug))
    bulk(NewsItem, items)
    t_news = time.monotonic()

    through = {
        name: getattr(NewsItem, name).through
        for name in ("countries", "topics", "programmes", "blos", "contacts")
    }
    rows = {name: [] for name in through}
    for item, (iso, other, tslug) in zip(items, links, strict=True):
        T = through
        rows["countries"] += [
            T["countries"](newsitem_id=item.pk, country_id=countries[iso].pk),
            T["countries"](newsitem_id=item.pk, country_id=countries[other].pk),
        ]
        rows["topics"].append(T["topics"](newsitem_id=item.pk, topic_id=topic_by_slug[tslug].pk))
        rows["programmes"].append(
            T["programmes"](newsitem_id=item.pk, programme_id=rnd.choice(programmes).pk)
        )
        rows["blos"] += [
            T["blos"](newsitem_id=item.pk, borderliaisonoffice_id=b.pk)
            for b in rnd.sample(all_blos, rnd.randint(0, 3))
        ]
        rows["contacts"].append(
            T["contacts"](newsitem_id=item.pk, contact_id=rnd.choice(contacts).pk)
        )
    for name, objs in rows.items():
        bulk(through[name], objs, batch=5000)
    t_links = time.monotonic()

with connection.cursor() as cur:
    # A live database is vacuumed by autovacuum; a bulk-loaded one must be vacuumed before the
    # planner can use index-only scans (the visibility map is empty until then).
    cur.execute("VACUUM ANALYZE")
t_end = time.monotonic()

out = BASE / "bench" / "out"
out.mkdir(exist_ok=True)
(out / "slugs.txt").write_text("\n".join(items[k].slug for k in (0, 1234, 5000, 7777, 9999)) + "\n")
counts = {
    "news": NewsItem.objects.count(),
    "blos": BorderLiaisonOffice.objects.count(),
    "programmes": Programme.objects.count(),
    "news-country links": through["countries"].objects.count(),
    "news-blo links": through["blos"].objects.count(),
}
fill_s = t_end - t0
(out / "fill_time.txt").write_text(
    f"drop/create {t_db - t_start:.1f}s, migrate {t_migrate - t_db:.1f}s, load_demo "
    f"{t_demo - t_migrate:.1f}s, fill {fill_s:.1f}s (programmes {t_prog - t0:.1f}s, BLOs "
    f"{t_blos - t_prog:.1f}s, news {t_news - t_blos:.1f}s, M2M links {t_links - t_news:.1f}s, "
    f"VACUUM ANALYZE {t_end - t_links:.1f}s); total {t_end - t_start:.1f}s; rows: {counts}\n"
)
print((out / "fill_time.txt").read_text(), end="")
