"""Backup → wipe → restore gives back the same rows and files (issue 12 item 10)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from renda.core import backup as bk
from renda.core.models import HolidayOverride, Notification
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "a.jpg").write_bytes(b"\xff\xd8photo-bytes")
    (settings.MEDIA_ROOT / "reply.pdf").write_bytes(b"%PDF-1.7 reply")
    return Path(settings.MEDIA_ROOT)


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): bk._sha256(p) for p in root.rglob("*") if p.is_file()}


def test_backup_wipe_restore_round_trip_gives_identical_row_counts_and_file_hashes(tmp_path, media):
    # given some records and uploaded files
    user = f.UserFactory(username="bk_user")
    Notification.objects.create(recipient=user, text="备份前的通知")
    HolidayOverride.objects.create(date="2027-01-01", is_workday=False, name="元旦")
    before_counts, before_files = bk.row_counts(), _files(media)
    # when backed up …
    out = io.StringIO()
    call_command("backup", "--out", str(tmp_path / "backups"), stdout=out)
    [archive] = (tmp_path / "backups").glob("renda-backup-*.tar.gz")
    assert "备份完成" in out.getvalue()
    # … then wiped (rows changed, files removed and added)
    Notification.objects.all().delete()
    f.UserFactory(username="after_backup")
    (media / "reply.pdf").unlink()
    (media / "stray.txt").write_text("not in the backup")
    # … and restored
    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    # then rows and files are exactly those of the backup
    assert "恢复完成" in out.getvalue()
    assert bk.row_counts() == before_counts
    assert _files(media) == before_files
    assert Notification.objects.get().text == "备份前的通知"


def test_restore_refuses_an_altered_archive_and_changes_nothing(tmp_path, media):
    # given a backup whose database file was altered after it was written
    f.UserFactory(username="bk_user")
    result = bk.backup(tmp_path)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(result.path) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("media/photos"):
                data = data + b"x"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    counts = bk.row_counts()
    # when restored / then it is refused naming the file, and nothing changed
    with pytest.raises(CommandError, match="哈希不符"):
        call_command("restore", str(tampered), "--yes")
    assert bk.row_counts() == counts
    assert (media / "reply.pdf").exists()


def test_restore_needs_confirmation_and_an_existing_file(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.tar.gz"))
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "x.tar.gz"), "--yes")


def test_manifest_lists_counts_migrations_and_hashes(tmp_path, media):
    result = bk.backup(tmp_path)
    with tarfile.open(result.path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["row_counts"]["organization.user"] == bk.row_counts()["organization.user"]
    assert "core.0002_audit_append_only_function" in manifest["migrations"]
    assert set(manifest["files"]) == {manifest["database_file"], "media/photos/a.jpg", "media/reply.pdf"}
