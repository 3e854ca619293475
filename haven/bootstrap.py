"""Create what `haven init` needs before Django can start: the data directory and the secrets.

Runs without Django because Django's settings cannot load until the secret key exists.
"""

import os
import secrets
from pathlib import Path

from haven.envconfig import env_path


def data_dir() -> Path:
    return env_path("HAVEN_DATA_DIR", Path.cwd() / "var")


def secret_key_file() -> Path:
    return env_path("HAVEN_SECRET_KEY_FILE", data_dir() / "secret_key")


def encryption_keys_file() -> Path:
    return env_path("HAVEN_ENCRYPTION_KEYS_FILE", data_dir() / "keys.json")


def write_private_file(path: Path, text: str) -> None:
    """Write a file only its owner can read, refusing to replace an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def refuse_new_keys_beside_old_data(directory: Path) -> None:
    """New keys over an existing database would leave its encrypted fields unreadable.
    (For PostgreSQL, `haven init` checks the stored data against the keys after migrating.)"""
    database = directory / "haven.sqlite3"
    if "HAVEN_DATABASE_URL" not in os.environ and database.exists():
        raise SystemExit(
            f"haven: {database} exists but the encryption keys file {encryption_keys_file()} "
            "does not. Restore the keys file from your backup; new keys could not read the data."
        )


def prepare_data_dir() -> list[str]:
    """Create the data directory, secret key and encryption keys when missing; say what was made."""
    from haven.crypto.keys import new_keyring_json

    made = []
    directory = data_dir()
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700)
        made.append(f"data directory {directory}")
    if "HAVEN_SECRET_KEY" not in os.environ and not secret_key_file().exists():
        write_private_file(secret_key_file(), secrets.token_urlsafe(50))
        made.append(f"secret key {secret_key_file()}")
    if not encryption_keys_file().exists():
        refuse_new_keys_beside_old_data(directory)
        write_private_file(encryption_keys_file(), new_keyring_json())
        made.append(f"encryption keys {encryption_keys_file()}")
    for line in made:
        print(f"created {line}")
    return made
