"""A job's output file, encrypted at rest: an export of a thousand cases must not lie in clear
on the server's disk. The file is a header naming the key id, then chunks sealed with AES-GCM
under the primary data-encryption key; each chunk's associated data binds the job id, its index
and whether it is the last, so a chunk swapped, reordered, dropped or cut off fails to read.

Outputs are short-lived (`HAVEN_JOB_OUTPUT_HOURS`): a key rotation that retires the key of an
output still on disk makes that output unreadable, which is the safe failure.
"""

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from haven.crypto.keys import current_keyring

MAGIC = b"HAVENJOB1 "
CHUNK_BYTES = 1 << 20
NONCE_BYTES = 12
LENGTH = struct.Struct(">I")


class OutputError(ValueError):
    """The output file is missing, altered, cut short, or its key is gone."""


def output_path(job_id: object) -> Path:
    return Path(settings.DATA_DIR) / "jobs" / f"{job_id}.bin"


def _aad(job_id: object, index: int, last: bool) -> bytes:
    return f"jobs.output:{job_id}:{index}:{int(last)}".encode()


class EncryptedWriter:
    """Text in, sealed chunks out; `close()` seals the last chunk. Use as a context manager."""

    def __init__(self, job_id: object) -> None:
        self.job_id = job_id
        self.path = output_path(job_id)
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        keyring = current_keyring()
        self._aead = AESGCM(keyring.encryption[keyring.primary])
        self._buffer = bytearray()
        self._index = 0
        self._file: BinaryIO = open(self.path, "wb")  # noqa: SIM115 - closed in close()
        os.chmod(self.path, 0o600)
        self._file.write(MAGIC + keyring.primary.encode("ascii") + b"\n")

    def write(self, text: str) -> None:
        self._buffer += text.encode("utf-8")
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = os.urandom(NONCE_BYTES)
        sealed = nonce + self._aead.encrypt(nonce, plain, _aad(self.job_id, self._index, last))
        self._file.write(LENGTH.pack(len(sealed)) + sealed)
        self._index += 1

    def close(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._file.close()

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> "EncryptedWriter":
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is None:
            self.close()
        else:
            self.discard()


def read_chunks(job_id: object) -> Iterator[bytes]:
    """The plaintext, chunk by chunk; raises OutputError on any alteration or truncation."""
    path = output_path(job_id)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        raise OutputError("the output of this job is no longer kept") from None
    with handle:
        aead = _aead_for(handle.readline())
        yield from _chunks(handle, aead, job_id)


def _aead_for(header: bytes) -> AESGCM:
    if not header.startswith(MAGIC):
        raise OutputError("the output file is not a Haven job output")
    key = current_keyring().encryption.get(header[len(MAGIC) :].strip().decode("ascii"))
    if key is None:
        raise OutputError("the key of this output has been rotated away")
    return AESGCM(key)


def _chunks(handle: BinaryIO, aead: AESGCM, job_id: object) -> Iterator[bytes]:
    index, last = 0, False
    while not last:
        size = handle.read(LENGTH.size)
        if len(size) < LENGTH.size:
            raise OutputError("the output file is cut short")
        sealed = handle.read(LENGTH.unpack(size)[0])
        last = handle.peek(1) == b"" if hasattr(handle, "peek") else False
        try:
            yield aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _aad(job_id, index, last)
            )
        except InvalidTag:
            raise OutputError("the output file was altered") from None
        index += 1
