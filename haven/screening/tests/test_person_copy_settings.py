"""HAVEN_HOTLINE, the number printed on the person's copy: a typed setting refused when wrong."""

import pytest

from haven.envconfig import ConfigError, env_phone


@pytest.mark.parametrize("raw", ["116 006", "+44 800 0121 700", "0800-222 333", "(01) 234/567"])
def test_a_telephone_number_is_kept_as_written(raw):
    assert env_phone("HAVEN_HOTLINE", env={"HAVEN_HOTLINE": f" {raw} "}) == raw


def test_no_hotline_set_means_none_printed():
    assert env_phone("HAVEN_HOTLINE", env={}) == ""


@pytest.mark.parametrize("raw", ["", "call us", "116 006 or 112", "+", "0800 SAFE", "12"])
def test_anything_but_a_number_is_refused_naming_the_variable(raw):
    with pytest.raises(ConfigError, match="HAVEN_HOTLINE must be a telephone number"):
        env_phone("HAVEN_HOTLINE", env={"HAVEN_HOTLINE": raw})
