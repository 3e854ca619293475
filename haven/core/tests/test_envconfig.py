from pathlib import Path

import pytest

from haven.envconfig import (
    ConfigError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_secret,
)


@pytest.mark.parametrize(
    "raw, expected", [("1", True), ("TRUE", True), ("off", False), ("no", False)]
)
def test_it_reads_booleans_in_common_spellings(raw, expected):
    assert env_bool("HAVEN_DEBUG", False, env={"HAVEN_DEBUG": raw}) is expected


def test_it_refuses_a_boolean_it_cannot_read_and_names_the_variable():
    with pytest.raises(ConfigError, match="HAVEN_DEBUG"):
        env_bool("HAVEN_DEBUG", False, env={"HAVEN_DEBUG": "maybe"})


def test_debug_is_off_when_unset():
    assert env_bool("HAVEN_DEBUG", False, env={}) is False


def test_it_refuses_a_number_that_is_not_whole_or_too_small():
    with pytest.raises(ConfigError, match="HAVEN_X must be a whole number"):
        env_int("HAVEN_X", 1, env={"HAVEN_X": "ten"})
    with pytest.raises(ConfigError, match="HAVEN_X must be at least 60"):
        env_int("HAVEN_X", 100, minimum=60, env={"HAVEN_X": "5"})


def test_it_refuses_a_list_with_empty_items():
    with pytest.raises(ConfigError, match="HAVEN_ALLOWED_HOSTS"):
        env_list("HAVEN_ALLOWED_HOSTS", [], env={"HAVEN_ALLOWED_HOSTS": "a,,b"})
    assert env_list("H", [], env={"H": "a, b"}) == ["a", "b"]


def test_it_reads_a_secret_from_the_variable_or_its_file(tmp_path: Path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-file\n")
    assert env_secret("S", "S_FILE", tmp_path / "none", env={"S": "direct"}) == "direct"
    assert (
        env_secret("S", "S_FILE", tmp_path / "none", env={"S_FILE": str(secret_file)})
        == "from-file"
    )
    assert env_secret("S", "S_FILE", tmp_path / "none", env={}) is None


def test_it_refuses_a_secret_file_that_is_named_but_missing_or_empty(tmp_path: Path):
    with pytest.raises(ConfigError, match="S_FILE points at"):
        env_secret("S", "S_FILE", tmp_path / "x", env={"S_FILE": str(tmp_path / "missing")})
    (tmp_path / "empty").write_text("")
    with pytest.raises(ConfigError, match="S_FILE: the file .* is empty"):
        env_secret("S", "S_FILE", tmp_path / "x", env={"S_FILE": str(tmp_path / "empty")})


def test_it_refuses_a_value_outside_its_choices():
    with pytest.raises(ConfigError, match="HAVEN_LOG_LEVEL must be one of"):
        env_choice("HAVEN_LOG_LEVEL", "INFO", ["INFO", "DEBUG"], env={"HAVEN_LOG_LEVEL": "LOUD"})


def test_an_empty_path_is_refused():
    with pytest.raises(ConfigError, match="HAVEN_DATA_DIR is set but empty"):
        env_path("HAVEN_DATA_DIR", Path("/tmp"), env={"HAVEN_DATA_DIR": " "})
