"""Backup and restore with evidence (issue 16 item 3; docs/operations.md "Backups").

A backup is a folder: the database (a SQLite copy made through SQLite's online
backup API, or a PostgreSQL custom-format `pg_dump`), the content-addressed files
under `MEDIA_ROOT/blobs`, and `manifest.json` — each file's SHA-256 and size, the
record chain's length and head hash, the number of stored files. A restore refuses
a folder whose files do not match their manifest, puts the database and files in
place, then proves the result: the whole record chain re-verified, its head equal to
the manifest's, every stored file present with its SHA-256. The proof is written
beside the backup as `restore-<time>.json`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone

from ecobureau.core import records
from ecobureau.core.models import Record

from .models import Blob

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_FILE = "media-blobs.tar.gz"
_CHECK_ALIAS = "restore_check"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class Database:
    """Where a database lives, as DATABASE_URL or settings name it."""

    engine: str  # "sqlite" or "postgresql"
    name: str  # the SQLite file path, or the PostgreSQL database name
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, config: dict[str, Any]) -> Database:
        engine = config["ENGINE"].rsplit(".", 1)[-1]
        if engine == "sqlite3":
            return cls("sqlite", str(config["NAME"]))
        if engine == "postgresql":
            return cls(
                "postgresql",
                str(config["NAME"]),
                str(config.get("HOST") or ""),
                str(config.get("PORT") or ""),
                str(config.get("USER") or ""),
                str(config.get("PASSWORD") or ""),
            )
        raise BackupError(f"不支持的数据库类型：{config['ENGINE']}")

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls.from_settings(dict(dj_database_url.parse(url)))

    def django_config(self) -> dict[str, Any]:
        if self.engine == "sqlite":
            return {"ENGINE": "django.db.backends.sqlite3", "NAME": self.name}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": self.name,
            "HOST": self.host,
            "PORT": self.port,
            "USER": self.user,
            "PASSWORD": self.password,
        }

    def pg_args(self) -> list[str]:
        args = []
        for flag, value in (("-h", self.host), ("-p", self.port), ("-U", self.user)):
            if value:
                args += [flag, value]
        return args

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


# --- Backup -----------------------------------------------------------------------


def backup(dest: Path, *, media_root: Path, using: str = "default") -> dict[str, Any]:
    """Write a backup folder `dest` (which must not exist) and return its manifest."""
    if dest.exists():
        raise BackupError(f"备份目录已存在：{dest}")
    dest.mkdir(parents=True)
    database = Database.from_settings(connections[using].settings_dict)
    db_file = _dump(database, dest, using)
    _pack_blobs(media_root, dest / MEDIA_FILE)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": database.engine,
        "database_file": db_file.name,
        "files": {
            path.name: _file_facts(path) for path in (db_file, dest / MEDIA_FILE)
        },
        "record": chain_state(using),
        "blobs": Blob.objects.using(using).count(),
        "migrations": _applied_migrations(using),
    }
    (dest / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest


def prune(into: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` complete backups (folders with a manifest)
    directly under `into`; folders without one are left for a person to look at."""
    complete = sorted(
        (folder for folder in into.iterdir() if (folder / MANIFEST).is_file()),
        key=lambda folder: folder.name,
    )
    doomed = complete[:-keep] if keep > 0 else []
    for folder in doomed:
        shutil.rmtree(folder)
    return doomed


def _dump(database: Database, dest: Path, using: str) -> Path:
    if database.engine == "sqlite":
        target = dest / SQLITE_FILE
        # The online backup API copies a consistent snapshot, WAL included, while
        # other processes keep writing; copying the file would not.
        connection = connections[using]
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    target = dest / PG_FILE
    _run(
        [
            "pg_dump",
            "-Fc",
            "--no-owner",
            "-f",
            str(target),
            *database.pg_args(),
            database.name,
        ],
        database,
        "pg_dump",
    )
    return target


def _pack_blobs(media_root: Path, target: Path) -> None:
    blobs = media_root / "blobs"
    with tarfile.open(target, "w:gz") as archive:
        if not blobs.is_dir():
            return
        for path in sorted(blobs.rglob("*")):
            relative = path.relative_to(media_root)
            # blobs/tmp holds partial uploads of killed requests (operations.md).
            if path.is_file() and relative.parts[1] != "tmp":
                archive.add(path, arcname=str(relative))


def chain_state(using: str = "default") -> dict[str, Any]:
    head = Record.objects.using(using).order_by("-seq").values("seq", "hash").first()
    return {
        "entries": Record.objects.using(using).count(),
        "head_seq": head["seq"] if head else 0,
        "head_hash": head["hash"] if head else records.GENESIS_HASH,
    }


def _applied_migrations(using: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in (
        MigrationRecorder(connections[using])
        .migration_qs.order_by("app", "name")
        .values_list("app", "name")
    ):
        latest[app] = name
    return latest


# --- Restore ----------------------------------------------------------------------


def restore(
    source: Path, *, target: Database, media_root: Path, force: bool = False
) -> dict[str, Any]:
    """Restore `source` into `target` and MEDIA_ROOT, then verify; return the report.

    The report's "ok" is False when the restored record chain or files do not
    match the manifest; the database stays restored so that it can be examined.
    """
    manifest = read_manifest(source)
    if manifest["engine"] != target.engine:
        raise BackupError(
            f"备份来自{manifest['engine']}数据库，不能恢复到{target.engine}数据库。"
        )
    database_file = source / manifest["database_file"]
    if target.engine == "sqlite":
        _restore_sqlite(database_file, Path(target.name), force=force)
    else:
        _restore_postgresql(database_file, target, force=force)
    _unpack_blobs(source / MEDIA_FILE, media_root)
    report = verify_restored(target, media_root, manifest)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    (source / f"restore-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return report


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} 中没有 {MANIFEST}，不是本系统的备份。")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持。")
    for name, facts in manifest["files"].items():
        file = source / name
        if not file.is_file():
            raise BackupError(f"备份文件缺失：{name}")
        if _file_facts(file) != facts:
            raise BackupError(f"备份文件 {name} 的摘要与清单不符，已拒绝恢复。")
    return manifest


def _restore_sqlite(backup_file: Path, target: Path, *, force: bool) -> None:
    if target.exists() and not force:
        raise BackupError(f"目标数据库 {target} 已存在；确认覆盖请加 --force。")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restoring")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(backup_file)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    # A stale -wal beside the new file would be replayed into it (operations.md).
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(partial, target)


def _restore_postgresql(backup_file: Path, target: Database, *, force: bool) -> None:
    if _pg_has_tables(target) and not force:
        raise BackupError(f"目标数据库 {target.name} 不是空库；确认覆盖请加 --force。")
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            *target.pg_args(),
            *("-d", target.name, str(backup_file)),
        ],
        target,
        "pg_restore",
    )


def _pg_has_tables(target: Database) -> bool:
    sql = "select count(*) from pg_tables where schemaname = 'public'"
    result = _run(
        [
            "psql",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            *target.pg_args(),
            "-c",
            sql,
            target.name,
        ],
        target,
        "psql",
    )
    return int(result.strip() or 0) > 0


def _unpack_blobs(archive_path: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive.getmembers():
            name = Path(member.name)
            if name.is_absolute() or ".." in name.parts or name.parts[0] != "blobs":
                raise BackupError(f"备份中的文件路径不安全：{member.name}")
            # Stored content never changes under its name, so a file already in
            # place is kept (and checked with the rest afterwards).
            if not (media_root / name).exists():
                # "data" refuses links, devices and anything outside media_root.
                archive.extract(member, media_root, filter="data")


def verify_restored(
    target: Database, media_root: Path, manifest: dict[str, Any]
) -> dict[str, Any]:
    """The evidence that a restore is whole: chain, head, files."""
    with _connected(target) as alias:
        checked, fault = records.verify(using=alias)
        state = chain_state(alias)
        blobs = list(Blob.objects.using(alias).values_list("sha256", flat=True))
    missing, altered = _check_blobs(blobs, media_root)
    expected = manifest["record"]
    chain_ok = fault is None and state == expected
    files_ok = not missing and not altered and len(blobs) == manifest["blobs"]
    return {
        "restored_at": timezone.now().isoformat(),
        "backup_created_at": manifest["created_at"],
        "record": {
            "verified": checked,
            "fault": None
            if fault is None
            else {"seq": fault.seq, "reason": fault.reason},
            "expected": expected,
            "found": state,
            "ok": chain_ok,
        },
        "blobs": {
            "expected": manifest["blobs"],
            "found": len(blobs),
            "missing": missing,
            "altered": altered,
            "ok": files_ok,
        },
        "ok": chain_ok and files_ok,
    }


def _check_blobs(digests: list[str], media_root: Path) -> tuple[list[str], list[str]]:
    missing, altered = [], []
    for digest in digests:
        path = media_root / "blobs" / digest[:2] / digest[2:4] / digest
        if not path.is_file():
            missing.append(digest)
        elif _sha256(path) != digest:
            altered.append(digest)
    return missing, altered


@contextmanager
def _connected(target: Database) -> Iterator[str]:
    """A temporary connection alias for the restored database.

    The wrapper is registered as a connection but not as a configured database, so
    nothing else (the test harness, the system checks) treats it as one of ours."""
    configured = connections.configure_settings(
        {
            "default": connections["default"].settings_dict,
            _CHECK_ALIAS: target.django_config(),
        }
    )[_CHECK_ALIAS]
    wrapper = load_backend(configured["ENGINE"]).DatabaseWrapper(
        configured, _CHECK_ALIAS
    )
    connections[_CHECK_ALIAS] = wrapper
    try:
        yield _CHECK_ALIAS
    finally:
        wrapper.close()
        del connections[_CHECK_ALIAS]


# --- Helpers ----------------------------------------------------------------------


def _file_facts(path: Path) -> dict[str, Any]:
    return {"sha256": _sha256(path), "size": path.stat().st_size}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _run(command: list[str], database: Database, tool: str) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"找不到 {tool}；PostgreSQL 备份需要安装 PostgreSQL 客户端工具。"
        )
    # The command is one of three PostgreSQL tools with arguments from settings.
    result = subprocess.run(  # noqa: S603
        command, env=database.pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} 失败：{result.stderr.strip()[:500]}")
    return result.stdout
