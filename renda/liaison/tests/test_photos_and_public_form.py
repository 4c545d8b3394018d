"""Opinion photos (checked with Pillow, stored under generated names, served by a login-protected view)
and the public web form (shared-cache rate limit, client address behind proxies, Post/Redirect/Get)."""

from __future__ import annotations

import re
import time
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import TimestampSigner
from django.test import Client
from django.urls import reverse
from PIL import Image

from renda.core.exceptions import ApplicationError
from renda.liaison import services
from renda.liaison.models import Opinion, OpinionEvent, OpinionPhoto
from renda.liaison.tests.factories import OpinionFactory, image_bytes
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db

FAKE_JPEG_HTML = b"\xff\xd8\xff<html><script>alert(document.cookie)</script></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


_image = image_bytes


def _record(operator: User, *photos: SimpleUploadedFile) -> Opinion:
    station = operator.liaison_station
    assert station is not None
    return services.opinion_record(
        congress=station.congress,
        station=station,
        title="路灯不亮",
        text="小区路灯坏了一个月，晚上出行不安全。",
        photos=list(photos),
        source=Opinion.Source.STATION,
        actor=operator,
    )


# --- checking ---------------------------------------------------------------------------------------
def test_a_fake_jpeg_with_html_after_the_signature_is_refused_in_chinese(client, operator_user):
    # given: the file QA stored as …/evil.html
    client.force_login(operator_user)
    evil = SimpleUploadedFile("evil.html", FAKE_JPEG_HTML, content_type="image/jpeg")
    # when
    resp = client.post(reverse("liaison:record"), {"title": "t", "text": "内容内容", "photos": [evil]})
    # then
    assert resp.status_code == 200 and "照片须为 JPEG 或 PNG 格式" in resp.content.decode()
    assert Opinion.objects.count() == 0 and OpinionPhoto.objects.count() == 0 and OpinionEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (FAKE_JPEG_HTML, "照片须为 JPEG 或 PNG 格式"),
        (_image("GIF"), "照片须为 JPEG 或 PNG 格式"),
        (_image("PNG", (40, 40))[:-30], "照片文件已损坏"),  # truncated
        (_image("JPEG", (64, 64))[:-100], "照片文件已损坏"),
    ],
    ids=["html-after-jpeg-signature", "gif", "truncated-png", "truncated-jpeg"],
)
def test_the_service_checks_photos_by_decoding_them(operator_user, content, message):
    # when / then
    with pytest.raises(services.InvalidPhoto, match=message):
        _record(operator_user, SimpleUploadedFile("x.jpg", content))
    assert Opinion.objects.count() == 0


def test_a_truncated_jpeg_is_refused_even_after_a_pdf_library_allowed_truncated_images(operator_user, monkeypatch):
    """WeasyPrint's import sets Pillow's ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the whole process (it
    did after any PDF was rendered, and the truncated-JPEG check then passed); the check decodes strictly
    anyway and leaves the process-wide flag as it found it."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(services.InvalidPhoto, match="照片文件已损坏"):
        _record(operator_user, SimpleUploadedFile("x.jpg", _image("JPEG", (64, 64))[:-100]))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True and Opinion.objects.count() == 0


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(operator_user, monkeypatch):
    # given: a ceiling of 100 pixels
    monkeypatch.setattr(services, "MAX_PHOTO_PIXELS", 100)
    # when / then
    with pytest.raises(services.InvalidPhoto, match="像素"):
        _record(operator_user, SimpleUploadedFile("big.png", _image("PNG", (20, 20))))


def test_invalid_photo_is_an_application_error():
    assert issubclass(services.InvalidPhoto, ApplicationError)


# --- storing ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg")])
def test_a_real_photo_is_stored_under_a_generated_name_with_its_detected_format(operator_user, fmt, ext):
    # given: a real image whose client name claims to be HTML, with a path in it
    content = _image(fmt)
    # when
    op = _record(operator_user, SimpleUploadedFile("../../evil.html", content, content_type="text/html"))
    # then: a random name under the opinion's folder, the detected format's extension, the same picture
    # (re-encoded without metadata: PNG pixel for pixel, JPEG at quality 90)
    photo = op.photos.get()
    assert re.fullmatch(rf"liaison/opinions/{op.pk}/[0-9a-f]{{32}}\.{ext}", photo.image.name)
    assert "evil" not in photo.image.name
    with photo.image.open("rb") as fh, Image.open(fh) as stored, Image.open(BytesIO(content)) as sent:
        assert (stored.format, stored.size) == (fmt, sent.size)
        if fmt == "PNG":
            assert stored.tobytes() == sent.convert("RGB").tobytes()


def test_two_photos_with_the_same_client_name_get_different_names(operator_user):
    op = _record(operator_user, SimpleUploadedFile("a.png", _image()), SimpleUploadedFile("a.png", _image()))
    names = [p.image.name for p in op.photos.order_by("pk")]
    assert len(set(names)) == 2


# --- serving ----------------------------------------------------------------------------------------
PNG_BYTES = _image()


@pytest.fixture
def opinion_with_photo(operator_user):
    return _record(operator_user, SimpleUploadedFile("ok.png", PNG_BYTES))


def test_detail_links_photos_to_the_protected_view_not_media_url(client, operator_user, opinion_with_photo):
    # given
    client.force_login(operator_user)
    # when
    page = client.get(reverse("liaison:opinion-detail", args=[opinion_with_photo.pk])).content.decode()
    # then
    assert reverse("liaison:opinion-photo", args=[opinion_with_photo.pk, 1]) in page
    assert "/media/" not in page


@pytest.mark.parametrize("who", ["operator", "staff"])
def test_a_viewer_who_may_see_the_opinion_gets_the_photo_inline(
    client, operator_user, staff_user, opinion_with_photo, who
):
    # given: the station's operator, or staff of the congress
    staff_user.congress = opinion_with_photo.congress
    staff_user.save()
    client.force_login(operator_user if who == "operator" else staff_user)
    # when
    resp = client.get(reverse("liaison:opinion-photo", args=[opinion_with_photo.pk, 1]))
    # then
    assert resp.status_code == 200
    assert resp["Content-Type"] == "image/png"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Content-Disposition"].startswith("inline")
    assert "private" in resp["Cache-Control"]
    assert b"".join(resp.streaming_content) == PNG_BYTES


def test_a_unit_officer_the_opinion_was_not_routed_to_gets_404(client, unit_user, opinion_with_photo):
    client.force_login(unit_user)
    resp = client.get(reverse("liaison:opinion-photo", args=[opinion_with_photo.pk, 1]))
    assert resp.status_code == 404


def test_a_deputy_of_another_station_and_a_citizen_get_404(client, deputy_user, citizen_user, opinion_with_photo):
    for user in (deputy_user, citizen_user):
        client.force_login(user)
        assert client.get(reverse("liaison:opinion-photo", args=[opinion_with_photo.pk, 1])).status_code == 404


def test_the_routed_unit_sees_the_photo(client, unit_user, opinion_with_photo):
    # given: the opinion is routed to the unit
    Opinion.objects.filter(pk=opinion_with_photo.pk).update(unit=unit_user.handling_unit, status=Status.ROUTED)
    unit_user.congress = opinion_with_photo.congress
    unit_user.save()
    client.force_login(unit_user)
    # when / then
    assert client.get(reverse("liaison:opinion-photo", args=[opinion_with_photo.pk, 1])).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page_without_the_photo(client, opinion_with_photo):
    resp = client.get(reverse("liaison:opinion-photo", args=[opinion_with_photo.pk, 1]))
    assert resp.status_code == 302 and reverse("login") in resp["Location"]
    assert not hasattr(resp, "streaming_content")


def test_a_missing_photo_number_is_404(client, operator_user, opinion_with_photo):
    client.force_login(operator_user)
    for n in (0, 2):
        assert client.get(f"/liaison/opinions/{opinion_with_photo.pk}/photos/{n}/").status_code == 404


def test_a_file_stored_by_an_older_version_under_the_clients_name_is_never_served(client, operator_user):
    # given: a legacy row whose file kept the client's name
    op = OpinionFactory(congress=operator_user.liaison_station.congress, station=operator_user.liaison_station)
    name = default_storage.save(f"liaison/opinions/{op.pk}/evil.html", ContentFile(FAKE_JPEG_HTML))
    OpinionPhoto.objects.create(opinion=op, image=name)
    client.force_login(operator_user)
    # when / then
    assert client.get(reverse("liaison:opinion-photo", args=[op.pk, 1])).status_code == 404


# --- public form: Post/Redirect/Get -------------------------------------------------------------------
def _public_post(client, remote: str = "198.51.100.1", xff: str | None = None, **extra):
    started = TimestampSigner(salt="liaison.public-form").sign(str(time.time() - 10))
    data = {"title": "公园路灯", "text": "公园夜间路灯不亮，存在安全隐患。", "started": started, "website": "", **extra}
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(reverse("liaison:public-form"), data, **meta)


def test_a_stored_public_opinion_redirects_to_the_done_page_which_shows_the_code_to_this_session(client):
    # given
    org.CongressFactory()
    # when
    resp = _public_post(client)
    done = client.get(resp["Location"])
    again = client.get(resp["Location"])  # a refresh
    # then: redirected; the code is shown, also after refreshing, and nothing is sent twice
    op = Opinion.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("liaison:public-done")
    assert done.status_code == 200 and op.tracking_code in done.content.decode()
    assert op.tracking_code in again.content.decode() and Opinion.objects.count() == 1
    assert "no-cache" in done["Cache-Control"] or "no-store" in done["Cache-Control"]


def test_the_done_page_shows_nothing_to_another_session(client):
    # given: one citizen submitted
    org.CongressFactory()
    _public_post(client)
    code = Opinion.objects.get().tracking_code
    # when: someone else opens the done page
    other = Client().get(reverse("liaison:public-done"))
    # then: back to the form, no code
    assert other.status_code == 302 and other["Location"] == reverse("liaison:public-form")
    assert code not in other.content.decode()


# --- public form: rate limit ------------------------------------------------------------------------
def test_exceeding_the_limit_answers_429_with_the_chinese_page(client, settings):
    # given
    settings.LIAISON_WEB_RATE = 1
    org.CongressFactory()
    # when
    first = _public_post(client)
    second = _public_post(client, text="另一条意见：公园厕所无人清扫。")
    # then
    assert first.status_code == 302
    assert second.status_code == 429 and "提交过于频繁，请一小时后再试" in second.content.decode()
    assert Opinion.objects.count() == 1


def test_refused_submissions_do_not_use_up_the_quota(client, settings):
    # given: a limit of 2
    settings.LIAISON_WEB_RATE = 2
    org.CongressFactory()
    # when: one stored, the same text again (duplicate), an invalid form, a bad photo, then a second opinion
    ok = _public_post(client)
    duplicate = _public_post(client)
    invalid = _public_post(client, title="")
    bad_photo = _public_post(client, text="第三条：路面坑洼。", photos=[SimpleUploadedFile("a.jpg", FAKE_JPEG_HTML)])
    second = _public_post(client, text="第二条：公交站没有遮雨棚。")
    third = _public_post(client, text="第四条：垃圾桶太少。")
    # then: the refusals gave their slots back; the third stored one is over the limit
    assert [r.status_code for r in (ok, duplicate, invalid, bad_photo, second, third)] == [302, 200, 200, 200, 302, 429]
    assert "同一反映人的相同内容意见已经登记过" in duplicate.content.decode()
    assert Opinion.objects.count() == 2


def test_forwarded_for_is_ignored_when_no_proxy_is_trusted(client, settings):
    # given: the default, 0 trusted proxies; a limit of 1
    settings.RENDA_TRUSTED_PROXIES = 0
    settings.LIAISON_WEB_RATE = 1
    org.CongressFactory()
    # when: the same peer claims two different addresses
    a = _public_post(client, remote="203.0.113.5", xff="1.1.1.1")
    b = _public_post(client, remote="203.0.113.5", xff="2.2.2.2", text="另一条：路口红绿灯时间太短。")
    # then: one limit for the peer
    assert (a.status_code, b.status_code) == (302, 429)


def test_forwarded_for_is_used_behind_a_trusted_proxy(client, settings):
    # given: one trusted proxy at 10.0.0.1; a limit of 1
    settings.RENDA_TRUSTED_PROXIES = 1
    settings.LIAISON_WEB_RATE = 1
    org.CongressFactory()
    # when: two citizens behind the proxy, then the first again (with a forged left entry)
    a = _public_post(client, remote="10.0.0.1", xff="198.51.100.7")
    b = _public_post(client, remote="10.0.0.1", xff="198.51.100.8", text="另一条：路口红绿灯时间太短。")
    a2 = _public_post(client, remote="10.0.0.1", xff="9.9.9.9, 198.51.100.7", text="第三条：人行道被占。")
    # then: each citizen has their own limit; the forged entry does not help
    assert (a.status_code, b.status_code, a2.status_code) == (302, 302, 429)


def test_a_stored_photo_has_no_exif_location_and_is_upright(operator_user):
    # given a phone JPEG, 4×2 pixels stored sideways (EXIF orientation 6 = rotate 90°), with a GPS position
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (28.0, 12.0, 0.0), 3: "E", 4: (112.0, 58.0, 0.0)}  # GPSInfo
    buf = BytesIO()
    Image.new("RGB", (4, 2), "blue").save(buf, "JPEG", exif=exif)
    assert Image.open(BytesIO(buf.getvalue())).getexif().get(0x8825)  # the upload does carry a position
    # when recorded
    op = _record(operator_user, SimpleUploadedFile("IMG_0001.jpg", buf.getvalue(), content_type="image/jpeg"))
    # then the stored file is a JPEG without any EXIF, turned upright (2×4)
    with op.photos.get().image.open("rb") as f, Image.open(f) as stored:
        assert stored.format == "JPEG" and stored.size == (2, 4)
        assert dict(stored.getexif()) == {}


def test_more_than_nine_photos_are_refused_by_the_form_and_the_service(client, operator_user):
    # given ten real photos
    photos = [SimpleUploadedFile(f"{i}.png", _image(), content_type="image/png") for i in range(10)]
    client.force_login(operator_user)
    # when posted on the station form, and passed to the service directly
    resp = client.post(reverse("liaison:record"), {"title": "路灯不亮", "text": "路灯坏了。", "photos": photos})
    with pytest.raises(services.InvalidPhoto, match="最多上传 9 张照片"):
        _record(operator_user, *photos)
    # then nothing is stored
    assert "最多上传 9 张照片（选择了 10 张）" in resp.content.decode() and Opinion.objects.count() == 0


def test_a_huge_photo_number_is_404_not_a_server_error(client, operator_user):
    op = _record(operator_user, SimpleUploadedFile("a.png", _image()))
    client.force_login(operator_user)
    assert client.get(f"/liaison/opinions/{op.pk}/photos/99999999999999999999999/").status_code == 404
    assert client.get(f"/liaison/opinions/{op.pk}/photos/10/").status_code == 404
    assert client.get(f"/liaison/opinions/{op.pk}/photos/1/").status_code == 200
