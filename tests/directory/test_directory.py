"""The community directory: its format, the shipped example data, and interest matching."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.authoring.schemas import render, write
from assistant.directory import (
    Directory,
    DirectoryEntry,
    TagDef,
    check_directory,
    default_directory_path,
    directory_schema,
    lint_directory_file,
    load_directory,
    match,
    resolve_interests,
)
from assistant.directory.model import ALL_AREAS, KINDS, ONLINE, Area, Contact, Neighbourhood
from assistant.flows.problems import ContentError, Problem
from assistant.locations import schema_dir

SHIPPED = default_directory_path()
MODELINE = "# yaml-language-server: $schema=../schema/directory.schema.json"
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: [A-Z]\d{3} .+$")


@pytest.fixture(scope="module")
def shipped() -> Directory:
    return load_directory(SHIPPED)


# --- The shipped example directory -----------------------------------------------------


def test_shipped_directory_has_no_problems_at_all() -> None:
    directory, problems = check_directory(SHIPPED)
    assert directory is not None
    assert [str(p) for p in problems] == []


def test_shipped_directory_has_at_least_25_entries(shipped: Directory) -> None:
    assert len(shipped.entries) >= 25


def test_shipped_directory_is_marked_as_example_data_with_a_notice(shipped: Directory) -> None:
    assert shipped.example_data is True
    assert shipped.notice is not None
    assert "made-up" in shipped.notice


def test_shipped_directory_covers_every_kind_the_issue_asks_for(shipped: Directory) -> None:
    asked = {
        "arts",
        "music",
        "sport_and_walking",
        "gardening",
        "faith",
        "learning",
        "volunteering",
        "peer_support",
        "befriending",
        "gaming_and_online",
        "carers",
        "money_advice",
        "employment_support",
        "housing_advice",
        "community_transport",
    }
    assert asked <= {entry.kind for entry in shipped.entries}


def test_shipped_directory_has_a_hearing_voices_group(shipped: Directory) -> None:
    assert any("hearing_voices" in entry.tags for entry in shipped.entries)


def test_shipped_online_communities_have_area_online(shipped: Directory) -> None:
    online_only = [e for e in shipped.entries if e.kind == "gaming_and_online" and e.online]
    assert online_only
    assert all(e.area == ONLINE for e in online_only)


def test_shipped_directory_has_entries_with_and_without_bring_someone(
    shipped: Directory,
) -> None:
    assert {entry.bring_someone for entry in shipped.entries} == {True, False}


def test_every_shipped_yaml_file_starts_with_the_schema_modeline() -> None:
    files = sorted(SHIPPED.glob("*.yaml"))
    assert files
    wrong = [f.name for f in files if f.read_text("utf-8").splitlines()[0] != MODELINE]
    assert wrong == []


def test_shipped_phone_numbers_are_in_the_fictional_drama_range(shipped: Directory) -> None:
    phones = [e.contact.phone for e in shipped.entries if e.contact.phone]
    assert phones
    assert [p for p in phones if not re.fullmatch(r"01632 960\d{3}", p)] == []


def test_shipped_emails_and_web_addresses_are_on_example_org(shipped: Directory) -> None:
    emails = [e.contact.email for e in shipped.entries if e.contact.email]
    webs = [e.contact.web for e in shipped.entries if e.contact.web]
    assert [m for m in emails if not m.endswith("@example.org")] == []
    assert [w for w in webs if not w.startswith("https://example.org/")] == []


def test_shipped_descriptions_use_short_sentences(shipped: Directory) -> None:
    long = [
        (entry.id, sentence)
        for entry in shipped.entries
        for sentence in re.split(r"(?<=[.!?])\s+", entry.description)
        if len(sentence.split()) > 20
    ]
    assert long == []


def test_every_shipped_tag_is_found_by_its_own_label(shipped: Directory) -> None:
    missed = [t.id for t in shipped.tags if t.id not in resolve_interests(shipped.tags, [t.label])]
    assert missed == []


def test_every_shipped_tag_is_used_by_some_entry(shipped: Directory) -> None:
    used = {tag for entry in shipped.entries for tag in entry.tags}
    assert [t.id for t in shipped.tags if t.id not in used] == []


def test_shipped_tags_avoid_words_with_two_meanings_in_this_work(shipped: Directory) -> None:
    # "my social worker" must not read as an interest in social groups.
    assert resolve_interests(shipped.tags, ["my social worker said I should come"]) == {}


# --- The JSON Schema -------------------------------------------------------------------


SCHEMA_FILE = "directory.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads((schema_dir() / SCHEMA_FILE).read_text("utf-8"))
    assert committed == directory_schema(), "run: cpi-assistant schema"


def test_schema_offers_the_three_file_shapes() -> None:
    refs = {option["$ref"].rsplit("/", 1)[-1] for option in directory_schema()["anyOf"]}
    assert refs == {"DirectoryEntry", "AreaFile", "TagsFile"}


def test_schema_forbids_unknown_keys_in_an_entry() -> None:
    assert directory_schema()["$defs"]["DirectoryEntry"]["additionalProperties"] is False


def test_schema_lists_every_kind() -> None:
    kind = directory_schema()["$defs"]["DirectoryEntry"]["properties"]["kind"]
    assert sorted(kind["enum"]) == sorted(KINDS)


def test_the_schema_writer_writes_the_directory_schema(tmp_path: Path) -> None:
    assert SCHEMA_FILE in write(tmp_path)
    assert (tmp_path / SCHEMA_FILE).read_text("utf-8") == render(directory_schema())


# --- The author documentation ----------------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "directory-format.md"


def test_docs_example_entry_is_the_shipped_entry() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text("utf-8"), flags=re.S)
    (example,) = [b for b in blocks if "id: open_door_art_group" in b]
    shipped_file = SHIPPED / "open_door_art_group.yaml"
    assert yaml.safe_load(example) == yaml.safe_load(shipped_file.read_text("utf-8"))


def test_docs_list_the_shipped_tags(shipped: Directory) -> None:
    text = DOCS.read_text("utf-8")
    listed = text.split("The shipped tags are:", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"`([a-z_]+)`", listed) == [t.id for t in shipped.tags]


def test_docs_explain_every_problem_code() -> None:
    import assistant.directory.loader as loader

    source = Path(loader.__file__).read_text("utf-8")
    codes = set(re.findall(r'"(D\d{3})"', source))
    text = DOCS.read_text("utf-8")
    documented = set(re.findall(r"D\d{3}", text))
    for first, last in re.findall(r"(D\d{3})–(D\d{3})", text):
        documented |= {f"D{n:03d}" for n in range(int(first[1:]), int(last[1:]) + 1)}
    assert codes
    assert sorted(codes - documented) == []


# --- Loading and the problems it reports ------------------------------------------------

AREA = f"""{MODELINE}
example_data: true
notice: Made-up example data.
area:
  name: Testville
  neighbourhoods:
    - id: north
      name: North
    - id: south
      name: South
"""

TAGS = f"""{MODELINE}
tags:
  - id: arts
    label: Art and crafts
    synonyms: [painting, knitting]
  - id: music
    label: Music
    synonyms: [singing]
"""

ENTRY = f"""{MODELINE}
id: art_club
name: Art Club
kind: arts
description: People paint together.
tags: [arts]
area: north
when: Mondays, 10am
cost: Free
free: true
access: Step-free.
contact:
  phone: 01632 960001
bring_someone: true
"""


def _folder(tmp_path: Path, files: dict[str, str | None] | None = None) -> Path:
    """A small valid directory; ``files`` adds, replaces or (with None) removes files."""
    folder = tmp_path / "directory"
    folder.mkdir()
    wanted: dict[str, str | None] = {
        "_area.yaml": AREA,
        "_tags.yaml": TAGS,
        "art_club.yaml": ENTRY,
        **(files or {}),
    }
    for name, text in wanted.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _problems(folder: Path) -> list[Problem]:
    return check_directory(folder)[1]


def _codes(folder: Path) -> list[str]:
    return [p.code for p in _problems(folder)]


def test_a_small_valid_directory_loads(tmp_path: Path) -> None:
    directory = load_directory(_folder(tmp_path))
    assert [e.id for e in directory.entries] == ["art_club"]
    assert directory.area.name == "Testville"


def test_entries_are_sorted_by_id(tmp_path: Path) -> None:
    other = ENTRY.replace("art_club", "aardvark_club")
    directory = load_directory(_folder(tmp_path, {"aardvark_club.yaml": other}))
    assert [e.id for e in directory.entries] == ["aardvark_club", "art_club"]


def test_unknown_key_is_reported_at_its_line_with_a_suggestion(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("access:", "acess:")})
    (problem,) = [p for p in _problems(folder) if p.code == "D101"]
    assert (problem.line, problem.col) == (11, 1)
    assert "`acess`" in problem.message and "did you mean `access`" in problem.message


def test_unknown_key_inside_contact_suggests_a_contact_key(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("phone:", "phnoe:")})
    (problem,) = _problems(folder)
    assert problem.code == "D101"
    assert "did you mean `phone`" in problem.message


def test_missing_required_key_is_reported(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("bring_someone: true\n", "")})
    (problem,) = _problems(folder)
    assert problem.code == "D102"
    assert "`bring_someone`" in problem.message


def test_unknown_tag_is_reported_at_the_tag_with_a_suggestion(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("[arts]", "[arts, musik]")})
    (problem,) = _problems(folder)
    assert problem.code == "D201"
    assert (problem.line, problem.col) == (6, 14)
    assert "did you mean `music`" in problem.message


def test_unknown_area_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("area: north", "area: nroth")})
    (problem,) = _problems(folder)
    assert problem.code == "D202"
    assert problem.line == 7
    assert "did you mean `north`" in problem.message


@pytest.mark.parametrize("area", [ONLINE, ALL_AREAS])
def test_reserved_areas_need_no_listing(tmp_path: Path, area: str) -> None:
    text = ENTRY.replace("area: north", f"area: {area}").replace(
        "bring_someone", "online: true\nbring_someone"
    )
    assert _problems(_folder(tmp_path, {"art_club.yaml": text})) == []


def test_cross_file_checks_run_even_when_the_entry_has_other_errors(tmp_path: Path) -> None:
    text = ENTRY.replace("[arts]", "[artz]").replace("access:", "acess:")
    assert sorted(_codes(_folder(tmp_path, {"art_club.yaml": text}))) == [
        "D101",
        "D102",
        "D201",
    ]


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club_copy.yaml": ENTRY})
    assert "D203" in _codes(folder)


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": None, "painting.yaml": ENTRY})
    (problem,) = _problems(folder)
    assert problem.code == "D204"
    assert "painting.yaml" in problem.message


def test_kind_typo_suggests_the_kind_it_starts(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("kind: arts", "kind: gaming")})
    (problem,) = _problems(folder)
    assert problem.code == "D105"
    assert "did you mean `gaming_and_online`" in problem.message


def test_online_area_needs_online_true_and_points_at_the_area(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("area: north", "area: online")})
    (problem,) = _problems(folder)
    assert problem.code == "D107"
    assert problem.line == 7


def test_contact_needs_a_phone_email_or_web(tmp_path: Path) -> None:
    text = ENTRY.replace("  phone: 01632 960001", "  name: Sam")
    (problem,) = _problems(_folder(tmp_path, {"art_club.yaml": text}))
    assert problem.code == "D107"
    assert "at least one" in problem.message


def test_a_malformed_email_is_reported(tmp_path: Path) -> None:
    text = ENTRY.replace("  phone: 01632 960001", "  email: sam.example.org")
    (problem,) = _problems(_folder(tmp_path, {"art_club.yaml": text}))
    assert problem.code == "D106"
    assert "email" in problem.message


def test_a_web_address_must_start_with_http(tmp_path: Path) -> None:
    text = ENTRY.replace("  phone: 01632 960001", "  web: www.example.org")
    (problem,) = _problems(_folder(tmp_path, {"art_club.yaml": text}))
    assert problem.code == "D106"
    assert "https://" in problem.message


def test_a_checked_date_is_kept_as_written(tmp_path: Path) -> None:
    text = ENTRY + "checked: 2025-03-14\n"
    directory, problems = check_directory(_folder(tmp_path, {"art_club.yaml": text}))
    assert problems == []
    assert directory is not None and directory.entries[0].checked == "2025-03-14"


@pytest.mark.parametrize("given", ["14/03/2025", '"2025-02-30"'])
def test_a_checked_date_that_is_no_day_is_reported_at_its_line(tmp_path: Path, given: str) -> None:
    text = ENTRY + f"checked: {given}\n"
    (problem,) = _problems(_folder(tmp_path, {"art_club.yaml": text}))
    assert (problem.code, problem.line) == ("D107", 15)
    shown = given.strip('"')
    assert problem.message == f"`{shown}` is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14"


def test_an_entry_needs_at_least_one_tag(tmp_path: Path) -> None:
    text = ENTRY.replace("[arts]", "[]")
    assert _codes(_folder(tmp_path, {"art_club.yaml": text})) == ["D108"]


def test_example_data_without_a_notice_is_an_error(tmp_path: Path) -> None:
    text = AREA.replace("notice: Made-up example data.\n", "")
    assert _codes(_folder(tmp_path, {"_area.yaml": text})) == ["D107"]


def test_real_data_needs_no_notice(tmp_path: Path) -> None:
    text = AREA.replace("example_data: true", "example_data: false").replace(
        "notice: Made-up example data.\n", ""
    )
    directory = load_directory(_folder(tmp_path, {"_area.yaml": text}))
    assert directory.example_data is False


def test_a_reserved_area_name_cannot_be_a_neighbourhood(tmp_path: Path) -> None:
    text = AREA.replace("id: south", "id: online")
    assert _codes(_folder(tmp_path, {"_area.yaml": text})) == ["D209"]


def test_a_neighbourhood_listed_twice_is_an_error(tmp_path: Path) -> None:
    text = AREA.replace("id: south", "id: north")
    assert _codes(_folder(tmp_path, {"_area.yaml": text})) == ["D208"]


def test_a_tag_listed_twice_is_an_error(tmp_path: Path) -> None:
    text = TAGS.replace("id: music", "id: arts")
    assert "D206" in _codes(_folder(tmp_path, {"_tags.yaml": text}))


def test_a_repeated_synonym_is_only_a_warning(tmp_path: Path) -> None:
    text = TAGS.replace("[singing]", "[singing, Singing]")
    directory, problems = check_directory(_folder(tmp_path, {"_tags.yaml": text}))
    assert directory is not None
    assert [(p.code, p.severity) for p in problems] == [("D207", "warning")]


@pytest.mark.parametrize(("name", "code"), [("_area.yaml", "D041"), ("_tags.yaml", "D042")])
def test_a_missing_special_file_is_reported(tmp_path: Path, name: str, code: str) -> None:
    assert code in _codes(_folder(tmp_path, {name: None}))


def test_a_folder_without_entries_is_reported(tmp_path: Path) -> None:
    assert _codes(_folder(tmp_path, {"art_club.yaml": None})) == ["D043"]


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    assert _codes(tmp_path / "nowhere") == ["D040"]


def test_an_empty_entry_file_is_reported(tmp_path: Path) -> None:
    assert _codes(_folder(tmp_path, {"art_club.yaml": MODELINE + "\n"})) == ["D030"]


def test_an_entry_file_that_is_a_list_is_reported(tmp_path: Path) -> None:
    assert _codes(_folder(tmp_path, {"art_club.yaml": "- one\n- two\n"})) == ["D031"]


def test_yaml_syntax_errors_are_reported_with_a_line(tmp_path: Path) -> None:
    text = ENTRY.replace("name: Art Club", "name: [Art Club")
    (problem,) = _problems(_folder(tmp_path, {"art_club.yaml": text}))
    assert problem.line > 1
    assert "YAML" in problem.message


def test_load_directory_raises_with_problems_as_file_line_col_code_message(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("[arts]", "[artz]")})
    with pytest.raises(ContentError) as caught:
        load_directory(folder)
    lines = str(caught.value).splitlines()
    assert lines
    assert all(PROBLEM_LINE.match(line) for line in lines)
    assert "art_club.yaml:6:" in lines[0]


def test_warnings_do_not_stop_loading(tmp_path: Path) -> None:
    text = TAGS.replace("[singing]", "[singing, singing]")
    assert load_directory(_folder(tmp_path, {"_tags.yaml": text})).entries


def test_files_starting_with_underscore_are_not_entries(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    shutil.copy(folder / "_tags.yaml", folder / "_notes.yaml")
    assert [e.id for e in load_directory(folder).entries] == ["art_club"]


def test_lint_hook_reports_only_that_files_problems_under_the_given_name(
    tmp_path: Path,
) -> None:
    folder = _folder(
        tmp_path,
        {
            "art_club.yaml": ENTRY.replace("[arts]", "[artz]"),
            "choir.yaml": ENTRY.replace("art_club", "choir").replace("access:", "acess:"),
        },
    )
    found = lint_directory_file(folder / "art_club.yaml", "shown/art_club.yaml")
    assert [(p.file, p.code) for p in found] == [("shown/art_club.yaml", "D201")]


def test_lint_hook_sees_a_fix_made_since_the_last_check(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"art_club.yaml": ENTRY.replace("[arts]", "[artz]")})
    assert lint_directory_file(folder / "art_club.yaml", "a.yaml")
    (folder / "art_club.yaml").write_text(ENTRY + "\n", encoding="utf-8")
    assert lint_directory_file(folder / "art_club.yaml", "a.yaml") == []


def test_lint_hook_reports_folder_problems_with_any_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"_area.yaml": None})
    found = lint_directory_file(folder / "art_club.yaml", "art_club.yaml")
    assert [p.code for p in found] == ["D041"]


def test_a_tag_with_a_line_break_is_reported_on_one_line(tmp_path: Path) -> None:
    # Found by the property below: the bad value was printed raw, splitting the problem.
    folder = _folder(tmp_path)
    (folder / "art_club.yaml").write_text(yaml.safe_dump({"tags": ["\n"]}), encoding="utf-8")
    problems = check_directory(folder)[1]
    assert problems and all(PROBLEM_LINE.match(str(p)) for p in problems)


FIELDS = [*DirectoryEntry.model_fields, "acess", "contact"]
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*FIELDS, "phone", "x"]), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=8))
def test_any_entry_data_gives_a_directory_or_located_problems(data: dict) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        target = _folder(folder)
        (target / "art_club.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        directory, problems = check_directory(target)
        assert directory is not None or problems
        assert all(PROBLEM_LINE.match(str(p)) and p.line >= 1 for p in problems)
    finally:
        shutil.rmtree(folder)


# --- Matching ------------------------------------------------------------------------

VOCAB = (
    TagDef(id="arts", label="Art and crafts", synonyms=["painting", "knitting", "craft"]),
    TagDef(id="music", label="Music", synonyms=["singing", "choir"]),
    TagDef(id="sport", label="Sport", synonyms=["football", "table tennis"]),
    TagDef(id="walking", label="Walking", synonyms=["walk", "hiking"]),
    TagDef(id="meeting_people", label="Meeting people", synonyms=["make friends", "lonely"]),
    TagDef(id="hearing_voices", label="Hearing voices", synonyms=["hear voices"]),
    TagDef(id="gaming", label="Games", synonyms=["board games", "chess"]),
    TagDef(id="men", label="Men's groups", synonyms=["men's shed"]),
)
TAG_IDS = [t.id for t in VOCAB]
AREA_MODEL = Area(
    name="Testville",
    neighbourhoods=[Neighbourhood(id="north", name="North"), Neighbourhood(id="south", name="S")],
)


def entry(
    entry_id: str,
    tags: list[str],
    *,
    area: str = "north",
    online: bool = False,
    bring_someone: bool = True,
    name: str | None = None,
    description: str = "A group.",
) -> DirectoryEntry:
    return DirectoryEntry(
        id=entry_id,
        name=name or entry_id.replace("_", " ").title(),
        kind="other",
        description=description,
        tags=tags,
        area=area,
        when="Mondays",
        cost="Free",
        free=True,
        access="Step-free.",
        contact=Contact(phone="01632 960000"),
        bring_someone=bring_someone,
        online=online or area == ONLINE,
    )


def directory_of(*entries: DirectoryEntry) -> Directory:
    return Directory(area=AREA_MODEL, tags=VOCAB, entries=tuple(entries))


def ids(matches: list) -> list[str]:
    return [m.entry.id for m in matches]


def test_a_tag_id_finds_entries_with_that_tag() -> None:
    d = directory_of(entry("art", ["arts"]), entry("choir", ["music"]))
    assert ids(match(d, ["arts"])) == ["art"]


def test_free_text_finds_tags_through_synonyms() -> None:
    d = directory_of(entry("art", ["arts"]), entry("choir", ["music"]))
    assert ids(match(d, ["I like painting"])) == ["art"]


def test_free_text_finds_tags_through_their_label() -> None:
    assert resolve_interests(VOCAB, ["anything with music in it"]) == {
        "music": ["anything with music in it"]
    }


def test_free_text_matching_ignores_case_and_plurals() -> None:
    assert list(resolve_interests(VOCAB, ["I go on WALKS", "Board Game"])) == [
        "walking",
        "gaming",
    ]


def test_free_text_matches_whole_words_only() -> None:
    assert resolve_interests(VOCAB, ["my heart is in the chessboard"]) == {}


def test_multi_word_synonyms_match_as_a_phrase() -> None:
    assert "sport" in resolve_interests(VOCAB, ["I play table tennis"])
    assert "sport" not in resolve_interests(VOCAB, ["a table and a tennis ball"])


def test_a_curly_apostrophe_matches_a_straight_one() -> None:
    assert "men" in resolve_interests(VOCAB, ["the men’s shed"])


def test_one_interest_can_point_to_several_tags() -> None:
    assert list(resolve_interests(VOCAB, ["singing and painting"])) == ["arts", "music"]


def test_resolved_tags_come_in_vocabulary_order_with_their_sources() -> None:
    assert resolve_interests(VOCAB, ["music", "chess", "choir"]) == {
        "music": ["music", "choir"],
        "gaming": ["chess"],
    }


def test_no_interests_match_nothing() -> None:
    assert match(directory_of(entry("art", ["arts"])), []) == []


def test_interests_outside_the_vocabulary_match_nothing() -> None:
    assert match(directory_of(entry("art", ["arts"])), ["astronomy"]) == []


def test_a_match_says_which_tags_and_which_interests_led_to_it() -> None:
    d = directory_of(entry("art_choir", ["music", "arts", "walking"]))
    (found,) = match(d, ["painting", "choir", "arts"])
    assert found.tags == ("music", "arts")
    assert found.interests == ("choir", "painting", "arts")
    assert found.score == 2


def test_more_shared_tags_rank_first() -> None:
    d = directory_of(entry("a_one", ["arts"]), entry("b_two", ["arts", "music"]))
    assert ids(match(d, ["arts", "music"])) == ["b_two", "a_one"]


def test_the_persons_own_words_in_the_description_rank_first() -> None:
    d = directory_of(
        entry("a_swim", ["sport"], description="Quiet swimming."),
        entry("b_football", ["sport"], description="Friendly football for everyone."),
    )
    (first, second) = match(d, ["football"])
    assert first.entry.id == "b_football"
    assert first.mentioned == ("football",)
    assert second.mentioned == ()


def test_a_rarer_shared_tag_ranks_before_a_common_one() -> None:
    d = directory_of(
        entry("a_social", ["meeting_people"]),
        entry("b_social", ["meeting_people"]),
        entry("c_voices", ["hearing_voices"]),
    )
    assert ids(match(d, ["hearing_voices", "meeting_people"]))[0] == "c_voices"


def test_a_focused_entry_ranks_before_a_general_one() -> None:
    d = directory_of(entry("a_general", ["arts", "walking"]), entry("b_focused", ["arts"]))
    # walking is shared by nobody else, so rarity is equal for the shared tag `arts`.
    assert ids(match(d, ["arts"])) == ["b_focused", "a_general"]


def test_full_ties_are_ordered_by_name_then_id() -> None:
    d = directory_of(
        entry("z_id", ["arts"], name="Apple"),
        entry("a_id", ["arts"], name="banana"),
        entry("m_id", ["arts"], name="Apple"),
    )
    assert ids(match(d, ["arts"])) == ["m_id", "z_id", "a_id"]


def test_area_keeps_that_area_the_whole_area_and_online_entries() -> None:
    d = directory_of(
        entry("here", ["arts"], area="north"),
        entry("there", ["arts"], area="south"),
        entry("everywhere", ["arts"], area=ALL_AREAS),
        entry("web", ["arts"], area=ONLINE),
        entry("there_and_online", ["arts"], area="south", online=True),
    )
    assert sorted(ids(match(d, ["arts"], area="north"))) == [
        "everywhere",
        "here",
        "there_and_online",
        "web",
    ]


def test_online_ok_false_leaves_out_online_only_entries() -> None:
    d = directory_of(
        entry("here", ["arts"]),
        entry("web", ["arts"], area=ONLINE),
        entry("here_and_online", ["arts"], online=True),
    )
    assert sorted(ids(match(d, ["arts"], online_ok=False))) == ["here", "here_and_online"]


def test_online_ok_false_with_an_area_drops_entries_elsewhere_even_if_online() -> None:
    d = directory_of(entry("there_and_online", ["arts"], area="south", online=True))
    assert match(d, ["arts"], area="north", online_ok=False) == []


@pytest.mark.parametrize("wanted", [True, False])
def test_bring_someone_filters_when_given(wanted: bool) -> None:
    d = directory_of(
        entry("yes", ["arts"], bring_someone=True), entry("no", ["arts"], bring_someone=False)
    )
    assert ids(match(d, ["arts"], bring_someone=wanted)) == ["yes" if wanted else "no"]


def test_bring_someone_none_does_not_filter() -> None:
    d = directory_of(
        entry("yes", ["arts"], bring_someone=True), entry("no", ["arts"], bring_someone=False)
    )
    assert len(match(d, ["arts"])) == 2


def test_limit_keeps_the_best_matches() -> None:
    d = directory_of(entry("a_one", ["arts"]), entry("b_two", ["arts", "music"]))
    assert ids(match(d, ["arts", "music"], limit=1)) == ["b_two"]


def test_limit_zero_gives_nothing() -> None:
    assert match(directory_of(entry("art", ["arts"])), ["arts"], limit=0) == []


def test_a_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError):
        match(directory_of(entry("art", ["arts"])), ["arts"], limit=-1)


def test_shipped_directory_puts_the_hearing_voices_group_first(shipped: Directory) -> None:
    found = match(shipped, ["I'd like to meet people who hear voices"])
    assert found[0].entry.id == "brackenford_hearing_voices_group"


def test_shipped_directory_finds_online_gaming_from_plain_words(shipped: Directory) -> None:
    found = match(shipped, ["I play video games at home"], area="riverside")
    assert "level_up_online_gaming" in ids(found)


# --- Matching properties ----------------------------------------------------------------

AREAS = ["north", "south", ALL_AREAS, ONLINE]


@st.composite
def entries(draw: st.DrawFn) -> list[DirectoryEntry]:
    count = draw(st.integers(min_value=0, max_value=12))
    made = []
    for n in range(count):
        area = draw(st.sampled_from(AREAS))
        made.append(
            entry(
                f"e{n}",
                draw(st.lists(st.sampled_from(TAG_IDS), min_size=1, max_size=4, unique=True)),
                area=area,
                online=area == ONLINE or draw(st.booleans()),
                bring_someone=draw(st.booleans()),
                name=draw(st.sampled_from(["Alpha", "Beta", "Gamma"])),
            )
        )
    return made


interest_lists = st.lists(
    st.sampled_from([*TAG_IDS, "I like painting", "football and chess", "lonely", "astronomy"]),
    max_size=5,
)


@settings(max_examples=100, deadline=None)
@given(entries(), interest_lists)
def test_every_match_shares_a_tag_the_interests_point_to(
    made: list[DirectoryEntry], interests: list[str]
) -> None:
    wanted = resolve_interests(VOCAB, interests)
    for found in match(directory_of(*made), interests):
        assert found.tags
        assert set(found.tags) <= set(found.entry.tags) & set(wanted)


@settings(max_examples=100, deadline=None)
@given(entries(), interest_lists)
def test_no_entry_sharing_a_tag_is_left_out(
    made: list[DirectoryEntry], interests: list[str]
) -> None:
    wanted = set(resolve_interests(VOCAB, interests))
    expected = {e.id for e in made if wanted & set(e.tags)}
    assert set(ids(match(directory_of(*made), interests))) == expected


@settings(max_examples=100, deadline=None)
@given(entries(), interest_lists)
def test_scores_never_rise_down_the_list(made: list[DirectoryEntry], interests: list[str]) -> None:
    scores = [m.score for m in match(directory_of(*made), interests)]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=100, deadline=None)
@given(entries(), interest_lists, st.randoms(use_true_random=False))
def test_order_does_not_depend_on_entry_or_interest_order(
    made: list[DirectoryEntry], interests: list[str], rnd
) -> None:
    before = ids(match(directory_of(*made), interests))
    shuffled_entries, shuffled_interests = list(made), list(interests)
    rnd.shuffle(shuffled_entries)
    rnd.shuffle(shuffled_interests)
    assert ids(match(directory_of(*shuffled_entries), shuffled_interests)) == before


@settings(max_examples=100, deadline=None)
@given(entries(), interest_lists, st.integers(min_value=0, max_value=15))
def test_limit_gives_a_prefix_of_the_full_list(
    made: list[DirectoryEntry], interests: list[str], limit: int
) -> None:
    d = directory_of(*made)
    assert ids(match(d, interests, limit=limit)) == ids(match(d, interests))[:limit]


@settings(max_examples=100, deadline=None)
@given(entries(), interest_lists, st.sampled_from(["north", "south"]), st.booleans())
def test_area_and_online_filters_only_remove_entries_out_of_reach(
    made: list[DirectoryEntry], interests: list[str], area: str, online_ok: bool
) -> None:
    d = directory_of(*made)
    kept = match(d, interests, area=area, online_ok=online_ok)
    for found in kept:
        e = found.entry
        assert e.area in (area, ALL_AREAS) or (online_ok and e.online)
        assert online_ok or e.area != ONLINE
    everything = ids(match(d, interests))
    assert [i for i in everything if i in set(ids(kept))] == ids(kept)
