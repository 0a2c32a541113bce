"""A pack's own topic with a mistake is left out of meetings when nothing needs it: the rest
of the content runs, and the topic is named with its file and line. Anything else broken
(a topic that replaces a shipped one, a topic another one runs, the agency details) still
stops meetings, as validate's errors do."""

from __future__ import annotations

from pathlib import Path

import pytest
from layering_support import write_pack

from assistant.authoring.content import left_out_words, load_content_for_meetings
from assistant.flows.problems import ContentError

BROKEN = """\
id: our_welcome
title: About our service
description: What our service offers.
nodes:
  - id: hello
    kind: say
    text: "Hello {{ person.name | upper }"
  - id: done
    kind: end
"""
CALLER = """\
id: our_start
title: Our start
description: Where our meetings start.
nodes:
  - id: welcome
    kind: call
    topic: our_welcome
  - id: done
    kind: end
"""


def test_a_broken_topic_of_the_packs_own_is_left_out(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/our_welcome.yaml": BROKEN})
    content, left_out = load_content_for_meetings(pack=pack)
    assert "our_welcome" not in content.topics
    assert "concern_detail" in content.topics  # the shipped topics run
    ((file, title, errors),) = left_out
    assert file.endswith("pack/flows/our_welcome.yaml") and title == "About our service"
    assert (errors[0].line, errors[0].code) == (7, "E210")


def test_home_words_name_the_topic_its_file_and_what_to_run(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/our_welcome.yaml": BROKEN})
    words = left_out_words(load_content_for_meetings(pack=pack)[1])
    assert words is not None and "\n" not in words
    assert "“About our service”" in words and "our_welcome.yaml line 7" in words
    assert "left out of meetings" in words and "cpi-assistant validate" in words


def test_a_topic_another_one_runs_is_not_left_out(tmp_path: Path) -> None:
    files = {"flows/our_welcome.yaml": BROKEN, "flows/our_start.yaml": CALLER}
    pack = write_pack(tmp_path / "pack", files)
    with pytest.raises(ContentError) as caught:
        load_content_for_meetings(pack=pack)
    assert any(p.file.endswith("our_welcome.yaml") for p in caught.value.problems)


def test_a_broken_copy_of_a_shipped_topic_is_not_swapped_for_the_shipped_one(
    tmp_path: Path,
) -> None:
    broken = BROKEN.replace("id: our_welcome", "id: concern_detail")
    pack = write_pack(tmp_path / "pack", {"flows/concern_detail.yaml": broken})
    with pytest.raises(ContentError):
        load_content_for_meetings(pack=pack)


def test_broken_agency_details_still_stop_meetings(tmp_path: Path) -> None:
    files = {"flows/our_welcome.yaml": BROKEN, "agency.yaml": "organisation: [\n"}
    pack = write_pack(tmp_path / "pack", files)
    with pytest.raises(ContentError) as caught:
        load_content_for_meetings(pack=pack)
    assert any(p.file.endswith("agency.yaml") for p in caught.value.problems)
