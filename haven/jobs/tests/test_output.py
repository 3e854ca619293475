"""An export's output lies encrypted on disk, and any tampering or truncation is refused."""

import uuid

import pytest

from haven.jobs.output import CHUNK_BYTES, EncryptedWriter, OutputError, output_path, read_chunks

pytestmark = pytest.mark.django_db


def _write(job_id: uuid.UUID, text: str) -> None:
    with EncryptedWriter(job_id) as out:
        out.write(text)


def test_what_is_written_reads_back_and_is_not_on_disk_in_clear():
    job_id = uuid.uuid4()
    text = "Amina Example, born 2001 " * (CHUNK_BYTES // 10)
    _write(job_id, text)
    assert b"Amina" not in output_path(job_id).read_bytes()
    assert b"".join(read_chunks(job_id)).decode() == text
    assert oct(output_path(job_id).stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("cut", [1, 40, CHUNK_BYTES + 10])
def test_a_file_cut_short_is_refused(cut):
    job_id = uuid.uuid4()
    _write(job_id, "x" * (3 * CHUNK_BYTES))
    path = output_path(job_id)
    path.write_bytes(path.read_bytes()[:-cut])
    with pytest.raises(OutputError):
        b"".join(read_chunks(job_id))


def test_an_altered_byte_is_refused():
    job_id = uuid.uuid4()
    _write(job_id, "y" * 1000)
    path = output_path(job_id)
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(OutputError, match="altered"):
        b"".join(read_chunks(job_id))


def test_another_jobs_file_does_not_read_as_this_one():
    first, second = uuid.uuid4(), uuid.uuid4()
    _write(first, "first")
    _write(second, "second")
    output_path(second).write_bytes(output_path(first).read_bytes())
    with pytest.raises(OutputError):
        b"".join(read_chunks(second))


def test_an_error_while_writing_leaves_no_file():
    job_id = uuid.uuid4()
    with pytest.raises(RuntimeError), EncryptedWriter(job_id) as out:
        out.write("partial")
        raise RuntimeError("boom")
    assert not output_path(job_id).exists()
    with pytest.raises(OutputError, match="no longer kept"):
        list(read_chunks(job_id))
