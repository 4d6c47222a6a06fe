"""Backup and restore (issue 16 item 3): a restore is proved by the record chain and
the stored files, and a damaged backup is refused or reported, never silently used."""

import hashlib
import json
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from ecobureau.casework import backup
from ecobureau.casework.models import Blob
from ecobureau.core import records

pytestmark = pytest.mark.django_db(transaction=True)


def _write_records(n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            records.append(
                action="test.backup", target=("tests.case", i), data={"i": i}
            )


def _store_blob(media_root: Path, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    path = media_root / "blobs" / digest[:2] / digest[2:4] / digest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    Blob.objects.create(sha256=digest, size=len(content), content_type="text/plain")
    return digest


@pytest.fixture
def restore_target(tmp_path: Path):
    """An empty database of the suite's engine to restore into."""
    current = backup.Database.from_settings(connection.settings_dict)
    if current.engine == "sqlite":
        yield backup.Database("sqlite", str(tmp_path / "restored.sqlite3"))
        return
    target = backup.Database(
        "postgresql",
        f"{current.name}_restored",
        current.host,
        current.port,
        current.user,
        current.password,
    )
    admin = [*current.pg_args(), "-d", "postgres"]
    drop = ["psql", *admin, "-c", f'drop database if exists "{target.name}"']
    subprocess.run(drop, env=current.pg_env(), check=True, capture_output=True)
    create = ["psql", *admin, "-c", f'create database "{target.name}"']
    subprocess.run(create, env=current.pg_env(), check=True, capture_output=True)
    yield target
    subprocess.run(drop, env=current.pg_env(), check=True, capture_output=True)


def test_restore_reproduces_the_chain_and_the_files(tmp_path, restore_target, settings):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    _write_records(5)
    digests = {_store_blob(media, f"附件{i}".encode()) for i in range(3)}
    (media / "blobs" / "tmp").mkdir()
    (media / "blobs" / "tmp" / "partial-upload").write_bytes(b"half")

    manifest = backup.backup(tmp_path / "bk", media_root=media)
    assert manifest["record"]["entries"] == records.verify()[0] >= 5
    assert manifest["blobs"] == 3
    with tarfile.open(tmp_path / "bk" / backup.MEDIA_FILE) as archive:
        assert not any("tmp" in name for name in archive.getnames())

    restored_media = tmp_path / "restored-media"
    report = backup.restore(
        tmp_path / "bk", target=restore_target, media_root=restored_media
    )

    assert report["ok"], report
    assert report["record"]["found"] == manifest["record"]
    assert report["record"]["verified"] == manifest["record"]["entries"]
    assert report["blobs"]["found"] == 3
    for digest in digests:
        stored = restored_media / "blobs" / digest[:2] / digest[2:4] / digest
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    evidence = list((tmp_path / "bk").glob("restore-*.json"))
    assert len(evidence) == 1
    assert json.loads(evidence[0].read_text(encoding="utf-8"))["ok"] is True


def test_a_backup_file_that_changed_after_the_backup_is_refused(
    tmp_path, restore_target
):
    _write_records(2)
    backup.backup(tmp_path / "bk", media_root=tmp_path / "media")
    database_file = next(
        p for p in (tmp_path / "bk").iterdir() if p.name.startswith("database.")
    )
    with database_file.open("ab") as handle:
        handle.write(b"\0")

    with pytest.raises(backup.BackupError, match="摘要与清单不符"):
        backup.restore(
            tmp_path / "bk", target=restore_target, media_root=tmp_path / "m"
        )


def test_a_file_missing_from_the_backup_fails_the_restore_report(
    tmp_path, restore_target
):
    """A consistent-looking backup (manifest rewritten) still fails the evidence
    check when a stored file is not in it."""
    media = tmp_path / "media"
    _write_records(1)
    kept = _store_blob(media, b"kept")
    lost = _store_blob(media, b"lost")
    folder = tmp_path / "bk"
    backup.backup(folder, media_root=media)
    lost_name = f"blobs/{lost[:2]}/{lost[2:4]}/{lost}"
    with tarfile.open(folder / backup.MEDIA_FILE, "w:gz") as archive:
        archive.add(
            media / "blobs" / kept[:2] / kept[2:4] / kept,
            arcname=f"blobs/{kept[:2]}/{kept[2:4]}/{kept}",
        )
    manifest = json.loads((folder / backup.MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][backup.MEDIA_FILE] = backup._file_facts(
        folder / backup.MEDIA_FILE
    )
    (folder / backup.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    report = backup.restore(folder, target=restore_target, media_root=tmp_path / "m")

    assert report["ok"] is False
    assert report["record"]["ok"] is True
    assert report["blobs"]["missing"] == [lost]
    assert lost_name not in str(report["blobs"]["altered"])


def test_an_archive_member_outside_blobs_is_refused(tmp_path):
    archive_path = tmp_path / "media.tar.gz"
    evil = tmp_path / "evil"
    evil.write_text("x")
    with tarfile.open(archive_path, "w:gz") as archive:
        archive.add(evil, arcname="../outside")
    with pytest.raises(backup.BackupError, match="路径不安全"):
        backup._unpack_blobs(archive_path, tmp_path / "media")
    assert not (tmp_path / "outside").exists()


def test_restore_refuses_to_replace_an_existing_database_without_force(tmp_path):
    _write_records(1)
    backup.backup(tmp_path / "bk", media_root=tmp_path / "media")
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"")
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite target is checked here; PostgreSQL's empty check above")
    with pytest.raises(CommandError, match="--force"):
        call_command(
            "restore",
            str(tmp_path / "bk"),
            database_url=f"sqlite:///{existing}",
            media_root=str(tmp_path / "m"),
        )


def test_keep_deletes_only_older_complete_backups(tmp_path):
    into = tmp_path / "backups"
    for name in ("20261101T000000Z", "20261102T000000Z", "20261103T000000Z"):
        (into / name).mkdir(parents=True)
        (into / name / backup.MANIFEST).write_text("{}")
    (into / "20261031T000000Z-partial").mkdir()

    removed = backup.prune(into, keep=2)

    assert [folder.name for folder in removed] == ["20261101T000000Z"]
    assert sorted(p.name for p in into.iterdir()) == [
        "20261031T000000Z-partial",
        "20261102T000000Z",
        "20261103T000000Z",
    ]
