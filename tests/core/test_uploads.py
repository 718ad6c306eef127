"""Image uploads through the admin: real images are stored; anything that only claims to be one
(by its name), a broken image, an image over the size limit or in a format the site does not
serve is refused with an error on the image field, and nothing is stored."""

import io
import random
import re
import struct
import zlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation
from PIL import Image

from apps.core.validators import KB, MB, file_size, validate_image_upload
from apps.news.models import NewsItem
from tests.admin_helpers import admin_url
from tests.editorial.conftest import change_form_data
from tests.factories import NewsItemFactory
from tests.page_helpers import png_bytes

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "This file is not an image (JPEG, PNG, WebP or GIF)."
# Django's own ImageField (the form's) says this first for anything Pillow cannot read.
DJANGO_INVALID_IMAGE = (
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
)
REFUSED_AS_NOT_AN_IMAGE = {NOT_AN_IMAGE, DJANGO_INVALID_IMAGE, "The submitted file is empty."}


def image_bytes(image_format: str, size=(40, 30), noise=False, **options) -> bytes:
    image = Image.new("RGB", size, (30, 90, 160))
    if noise:  # incompressible: the file is about as big as its pixels
        rng = random.Random(0)
        image.putdata(
            [
                (rng.randrange(256), rng.randrange(256), rng.randrange(256))
                for _ in range(size[0] * size[1])
            ]
        )
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def png_with_size(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    data = bytearray(png_bytes())
    # The IHDR chunk follows the 8-byte signature: length, type, data (13 bytes), CRC.
    ihdr = bytearray(data[12:29])
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def item(media_root):
    return NewsItemFactory(slug="roundtable")


def post_image(client, item, file):
    """POST the item's change form back as the browser would, with ``file`` chosen."""
    url = admin_url(NewsItem, "change", item.pk)
    data = change_form_data(client.get(url))
    data.update(image=file, image_alt_en="A photograph", image_alt_ru="Фотография")
    return client.post(url, data)


def image_errors(response) -> list[ValidationError]:
    assert response.status_code == 200, "expected the form to be redisplayed, not saved"
    form = response.context["adminform"].form
    errors = form.errors.as_data()
    assert set(errors) == {"image"}, form.errors
    return errors["image"]


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def assert_nothing_saved(item, media_root):
    stored = NewsItem.objects.get(pk=item.pk)
    assert not stored.image
    assert stored.version == item.version
    assert stored_files(media_root) == []


# --- Real images ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "image_format", "content_type"),
    [
        ("photo.png", "PNG", "image/png"),
        ("photo.jpg", "JPEG", "image/jpeg"),
        ("photo.jpeg", "JPEG", "image/jpeg"),
        ("photo.webp", "WEBP", "image/webp"),
        ("photo.gif", "GIF", "image/gif"),
    ],
)
def test_a_real_image_uploaded_in_the_admin_is_stored(
    superuser_client, item, media_root, name, image_format, content_type
):
    content = image_bytes(image_format)

    response = post_image(superuser_client, item, upload(name, content, content_type))

    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.image.name.startswith("news/")
    [stored] = stored_files(media_root)
    assert stored.read_bytes() == content
    with Image.open(stored) as image:
        assert image.format == image_format
        assert image.size == (40, 30)


def test_an_uploaded_images_address_cannot_be_guessed_from_its_name(
    superuser_client, item, media_root
):
    """An item scheduled for later (under embargo): its image is served from the media
    folder as soon as it is uploaded, before the item is public."""
    content = image_bytes("PNG")
    names = []
    for _ in range(2):
        post_image(superuser_client, item, upload("minister-visit.png", content, "image/png"))
        item.refresh_from_db()
        names.append(item.image.name)

    year = timezone.now().year
    for name in names:
        assert re.fullmatch(rf"news/{year}/[A-Za-z0-9_-]{{16}}/minister-visit\.png", name), name
    assert names[0] != names[1]


def test_an_image_at_the_size_limit_is_accepted(superuser_client, item, media_root, settings):
    content = image_bytes("PNG", size=(64, 64), noise=True)
    settings.MAX_IMAGE_UPLOAD_BYTES = len(content)

    response = post_image(superuser_client, item, upload("photo.png", content, "image/png"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert len(stored_files(media_root)) == 1


# --- Files that are not images --------------------------------------------------------------

NOT_IMAGES = [
    pytest.param(
        "notes.jpg", b"Minutes of the meeting, not a photograph.\n", "image/jpeg", id="text-as-jpg"
    ),
    pytest.param(
        "page.png",
        b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
        "image/png",
        id="html-as-png",
    ),
    pytest.param(
        "drawing.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(document.domain)</script></svg>",
        "image/png",
        id="svg-as-png",
    ),
    pytest.param("empty.png", b"", "image/png", id="empty-file"),
    pytest.param("truncated.png", png_bytes(40, 30)[:60], "image/png", id="truncated-png"),
    pytest.param(
        "corrupt.png",
        png_bytes(40, 30)[:40] + b"\x00" * 40 + png_bytes(40, 30)[80:],
        "image/png",
        id="corrupt-png",
    ),
    pytest.param(
        "half.jpg",
        image_bytes("JPEG", size=(200, 200), noise=True)[:600],
        "image/jpeg",
        id="truncated-jpeg",
    ),
    pytest.param("huge.png", png_with_size(30_000, 30_000), "image/png", id="decompression-bomb"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), NOT_IMAGES)
def test_a_file_that_is_not_a_readable_image_is_refused(
    superuser_client, item, media_root, name, content, content_type
):
    response = post_image(superuser_client, item, upload(name, content, content_type))

    [error] = image_errors(response)
    assert error.messages[0] in REFUSED_AS_NOT_AN_IMAGE
    assert_nothing_saved(item, media_root)
    # The officer reads why, under the field.
    shown = response.content.decode()
    assert any(message in shown for message in REFUSED_AS_NOT_AN_IMAGE)


@pytest.mark.parametrize(("name", "content", "content_type"), NOT_IMAGES)
def test_the_validator_itself_refuses_what_is_not_an_image(name, content, content_type):
    """The model's own check (run by full_clean in code, too) says why in the site's words."""
    with pytest.raises(ValidationError) as refused:
        validate_image_upload(upload(name, content, content_type))

    assert refused.value.code == "not_an_image"
    assert refused.value.messages == [NOT_AN_IMAGE]


@pytest.mark.parametrize("name", ["photo.html", "photo.svg", "photo.php", "photo"])
def test_a_real_image_with_a_name_that_is_not_an_image_name_is_refused(
    superuser_client, item, media_root, name
):
    """Stored files keep their extension: a name the web server would serve as a page or a
    script is refused even when the content is a genuine image."""
    response = post_image(superuser_client, item, upload(name, png_bytes(), "image/png"))

    [error] = image_errors(response)
    assert error.code == "invalid_extension"
    assert_nothing_saved(item, media_root)


@pytest.mark.parametrize("name", ["scan.pdf", "scan.eps", "scan.ps", "scan.tiff", "scan.bmp"])
def test_an_image_named_as_another_kind_of_file_pillow_knows_is_refused(
    superuser_client, item, media_root, name
):
    """Pillow can write PDF and PostScript, so Django's own check allows those names; the
    web server would serve a GIF with a script appended, named .pdf, as a PDF."""
    gif = image_bytes("GIF") + b"<script>alert(1)</script>"
    response = post_image(superuser_client, item, upload(name, gif, "image/gif"))

    [error] = image_errors(response)
    assert error.code == "invalid_extension"
    assert f"not .{name.rsplit('.', 1)[1]}" in error.message
    assert_nothing_saved(item, media_root)


# --- Size and format ------------------------------------------------------------------------


def test_an_image_over_the_size_limit_is_refused(superuser_client, item, media_root, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 10 * 1024
    content = image_bytes("PNG", size=(80, 80), noise=True)
    assert len(content) > 10 * 1024

    response = post_image(superuser_client, item, upload("photo.png", content, "image/png"))

    [error] = image_errors(response)
    assert error.code == "too_large"
    assert error.messages[0].startswith("The image is ")
    assert "the limit is" in error.messages[0]
    assert_nothing_saved(item, media_root)


def test_the_size_message_gives_sizes_in_megabytes(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 5 * 1024 * 1024
    content = b"\x00" * (6 * 1024 * 1024 + 300 * 1024)

    with pytest.raises(ValidationError) as refused:
        validate_image_upload(upload("photo.png", content, "image/png"))

    assert refused.value.code == "too_large"
    assert refused.value.messages == ["The image is 6.3 MB; the limit is 5 MB."]


@pytest.mark.parametrize(
    ("limit", "size", "message"),
    [
        (500 * KB, 600 * KB, "The image is 600 KB; the limit is 500 KB."),
        (1536 * KB, 2 * MB, "The image is 2 MB; the limit is 1.5 MB."),
        # Just over the limit: the size is rounded up, never shown as the limit itself.
        (5 * MB, 5 * MB + 1, "The image is 5.1 MB; the limit is 5 MB."),
        (100 * KB, 100 * KB + 1, "The image is 101 KB; the limit is 100 KB."),
        (800, 801, "The image is 801 bytes; the limit is 800 bytes."),
    ],
)
def test_the_size_message_names_the_configured_limit(settings, limit, size, message):
    settings.MAX_IMAGE_UPLOAD_BYTES = limit

    with pytest.raises(ValidationError) as refused:
        validate_image_upload(upload("photo.png", b"\x00" * size, "image/png"))

    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("size", "english", "russian"),
    [
        (5 * MB, "5 MB", "5 МБ"),
        (1536 * KB, "1.5 MB", "1,5 МБ"),
        (500 * KB, "500 KB", "500 КБ"),
        (1 * KB, "1 KB", "1 КБ"),
        (1, "1 byte", "1 байт"),
        (300, "300 bytes", "300 байт"),
    ],
)
def test_file_sizes_are_written_in_the_readers_language(size, english, russian):
    with translation.override("en"):
        assert file_size(size) == english
    with translation.override("ru"):
        assert file_size(size) == russian


@pytest.mark.parametrize(
    ("limit", "shown"),
    [(5 * MB, "up to 5 MB."), (10 * MB, "up to 10 MB."), (500 * KB, "up to 500 KB.")],
)
def test_the_image_field_help_text_names_the_configured_limit(
    superuser_client, item, settings, limit, shown
):
    settings.MAX_IMAGE_UPLOAD_BYTES = limit

    help_text = NewsItem._meta.get_field("image").help_text
    page = superuser_client.get(admin_url(NewsItem, "change", item.pk)).content.decode()

    assert str(help_text) == f"JPEG, PNG, WebP or GIF, {shown}"
    assert f"JPEG, PNG, WebP or GIF, {shown}" in page


def test_another_limit_is_no_model_change_to_migrate(settings):
    """Migrations record the help text's class, not its words: a server with another
    MAX_IMAGE_UPLOAD_MB has nothing to migrate."""
    settings.MAX_IMAGE_UPLOAD_BYTES = 500 * KB
    out = StringIO()

    call_command("makemigrations", "news", "--check", "--dry-run", stdout=out, stderr=StringIO())

    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize(
    ("name", "image_format", "content_type"),
    [
        ("scan.bmp", "BMP", "image/bmp"),
        ("scan.tiff", "TIFF", "image/tiff"),
        ("scan.tif", "TIFF", "image/tiff"),
        ("icon.ico", "ICO", "image/x-icon"),
    ],
)
def test_a_real_image_in_an_unsupported_format_is_refused(
    superuser_client, item, media_root, name, image_format, content_type
):
    response = post_image(
        superuser_client, item, upload(name, image_bytes(image_format), content_type)
    )

    [error] = image_errors(response)
    assert error.code == "format"
    assert error.messages == [f"Images must be JPEG, PNG, WebP or GIF, not {image_format}."]
    assert_nothing_saved(item, media_root)


def test_a_png_named_jpg_is_accepted_as_the_image_it_is(superuser_client, item, media_root):
    """The content decides, not the name."""
    response = post_image(superuser_client, item, upload("photo.jpg", png_bytes(), "image/jpeg"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    [stored] = stored_files(media_root)
    with Image.open(stored) as image:
        assert image.format == "PNG"


def test_a_refused_upload_is_refused_in_russian_for_a_russian_officer(
    superuser_client, item, media_root
):
    url = admin_url(NewsItem, "change", item.pk)
    data = change_form_data(superuser_client.get(url))
    data.update(
        image=upload("scan.bmp", image_bytes("BMP"), "image/bmp"),
        image_alt_en="A photograph",
        image_alt_ru="Фотография",
    )

    response = superuser_client.post(url, data, HTTP_ACCEPT_LANGUAGE="ru")

    [error] = image_errors(response)
    assert error.code == "format"
    assert "BMP" in error.messages[0]
    assert "Images must be" not in error.messages[0]
    assert_nothing_saved(item, media_root)
