"""Splitting Responsibility cells into owners."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.domain.plan import OwnerKind
from commissioning.reading.owners import OwnerDirectory, split_owners

PERSON, TEAM, ORG, ROLE, UNKNOWN = (
    OwnerKind.PERSON,
    OwnerKind.TEAM,
    OwnerKind.ORGANISATION,
    OwnerKind.ROLE,
    OwnerKind.UNKNOWN,
)

DIRECTORY = OwnerDirectory(
    people=frozenset({"John Bennett", "Sue Lightup", "Mary Ann de Souza"}),
    teams=frozenset({"Health, Wellbeing and Access Team", "Commissioning Teams"}),
    organisations=frozenset({"Facilities & Asset Management", "BHCC"}),
    roles=frozenset({"Head of Housing"}),
)


def owners(text: str | None, directory: OwnerDirectory | None = None) -> list[tuple]:
    """The (name, kind, resolved) of each owner split_owners finds."""
    return [(o.name, o.kind, o.resolved) for o in split_owners(text, directory=directory)]


THREE_PEOPLE = [
    ("John Bennett", PERSON, False),
    ("Sue Lightup", PERSON, False),
    ("Dwayne Johnson", PERSON, False),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("John Bennett Sue Lightup Dwayne Johnson", THREE_PEOPLE, id="seed-people"),
        pytest.param(
            "John Bennett Sue Lightup Dwayne Johnson Commissioning Teams",
            [*THREE_PEOPLE, ("Commissioning Teams", TEAM, True)],
            id="seed-people-then-team",
        ),
        pytest.param("Commissioning Teams", [("Commissioning Teams", TEAM, True)], id="seed-team"),
        pytest.param(
            "Corporate Manager\n(Human Resources)",
            [("Corporate Manager (Human Resources)", ROLE, True)],
            id="wrapped-parenthesis-continues",
        ),
        pytest.param(
            "Corporate Manager (Human Resources)\nHealth Wellbeing and Access Team Leader\n"
            "Facilities & Asset Management",
            [
                ("Corporate Manager (Human Resources)", ROLE, True),
                ("Health Wellbeing and Access Team Leader", ROLE, True),
                ("Facilities & Asset Management", UNKNOWN, False),
            ],
            id="des-sample-without-directory",
        ),
        pytest.param(
            "Health Wellbeing and\nAccess Team Leader",
            [("Health Wellbeing and Access Team Leader", ROLE, True)],
            id="line-ending-in-and-continues",
        ),
        pytest.param(
            "Ruth Wallis, - Director of Public Health",
            [("Ruth Wallis", PERSON, False), ("Director of Public Health", ROLE, True)],
            id="person-comma-dash-title",
        ),
        pytest.param(
            "Ruth Wallis - Director of Public Health",
            [("Ruth Wallis", PERSON, False), ("Director of Public Health", ROLE, True)],
            id="person-dash-title",
        ),
        pytest.param(
            "Ruth Wallis Director of Public Health",
            [("Ruth Wallis", PERSON, False), ("Director of Public Health", ROLE, True)],
            id="person-run-into-title",
        ),
        pytest.param(
            "Sue Lightup Programme Manager",
            [("Sue Lightup", PERSON, False), ("Programme Manager", ROLE, True)],
            id="person-run-into-role",
        ),
        pytest.param(
            "John Smith HR",
            [("John Smith", PERSON, False), ("HR", TEAM, True)],
            id="person-run-into-team-acronym",
        ),
        pytest.param(
            "DoF, NED-WT; CEO / DPH + HoS",
            [(r, ROLE, True) for r in ("DoF", "NED-WT", "CEO", "DPH", "HoS")],
            id="role-acronyms",
        ),
        pytest.param("BHCC", [("BHCC", ORG, True)], id="council-acronym"),
        pytest.param("Team Leader", [("Team Leader", ROLE, True)], id="team-leader-is-role"),
        pytest.param("Head of Housing", [("Head of Housing", ROLE, True)], id="head-of"),
        pytest.param(
            "People Operations Manager",
            [("People Operations Manager", ROLE, True)],
            id="role-title",
        ),
        pytest.param(
            "Head of Housing and Director of Public Health",
            [("Head of Housing", ROLE, True), ("Director of Public Health", ROLE, True)],
            id="and-between-two-roles",
        ),
        pytest.param(
            "Chair of Health and Wellbeing Board",
            [("Chair of Health and Wellbeing Board", ROLE, True)],
            id="and-inside-of-phrase",
        ),
        pytest.param(
            "John Bennett and Sue Lightup",
            [("John Bennett", PERSON, False), ("Sue Lightup", PERSON, False)],
            id="and-between-people",
        ),
        pytest.param(
            "Brighton and Hove City Council",
            [("Brighton and Hove City Council", ORG, True)],
            id="and-inside-organisation",
        ),
        pytest.param(
            "Kent County Council",
            [("Kent County Council", ORG, True)],
            id="first-name-place-not-person",
        ),
        pytest.param(
            "Grace Eyre Foundation",
            [("Grace Eyre Foundation", ORG, True)],
            id="organisation-named-after-person",
        ),
        pytest.param(
            "Sussex Partnership NHS Foundation Trust",
            [("Sussex Partnership NHS Foundation Trust", ORG, True)],
            id="nhs-trust",
        ),
        pytest.param(
            "• Mark Meehan\n• Leslie Morson / Jo Bloggs",
            [
                ("Mark Meehan", PERSON, False),
                ("Leslie Morson", PERSON, False),
                ("Jo Bloggs", PERSON, False),
            ],
            id="bullets-and-slash",
        ),
        pytest.param(
            "Dr. Jane O'Neil-Smith",
            [("Dr. Jane O'Neil-Smith", PERSON, False)],
            id="honorific-apostrophe-hyphen",
        ),
        pytest.param("Cllr Smith", [("Cllr Smith", PERSON, False)], id="honorific-surname"),
        pytest.param("J B", [("J B", UNKNOWN, False)], id="initials-unknown"),
        pytest.param("Smith", [("Smith", UNKNOWN, False)], id="surname-alone-unknown"),
        pytest.param("ABC xyz", [("ABC xyz", UNKNOWN, False)], id="nonsense-unknown"),
        pytest.param("TBC", [("TBC", UNKNOWN, False)], id="placeholder-unknown"),
        pytest.param(
            "Mark Meehan, Mark Meehan;HR",
            [("Mark Meehan", PERSON, False), ("HR", TEAM, True)],
            id="repeats-dropped",
        ),
        pytest.param("n/a", [], id="not-applicable"),
        pytest.param(" - ", [], id="dash"),
        pytest.param("", [], id="empty"),
        pytest.param(None, [], id="none"),
    ],
)
def test_split_owners_without_directory(text: str | None, expected: list[tuple]) -> None:
    assert owners(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "John Bennett Sue Lightup Dwayne Johnson Commissioning Teams",
            [
                ("John Bennett", PERSON, True),
                ("Sue Lightup", PERSON, True),
                ("Dwayne Johnson", PERSON, False),
                ("Commissioning Teams", TEAM, True),
            ],
            id="seed-known-people-and-team",
        ),
        pytest.param(
            "Facilities & Asset Management",
            [("Facilities & Asset Management", ORG, True)],
            id="known-organisation-with-ampersand",
        ),
        pytest.param(
            "Health, Wellbeing and Access Team, Facilities & Asset Management; BHCC",
            [
                ("Health, Wellbeing and Access Team", TEAM, True),
                ("Facilities & Asset Management", ORG, True),
                ("BHCC", ORG, True),
            ],
            id="known-names-with-separators-inside",
        ),
        pytest.param(
            "Mary Ann de Souza John Jones",
            [("Mary Ann de Souza", PERSON, True), ("John Jones", PERSON, False)],
            id="known-person-takes-precedence",
        ),
        pytest.param(
            "john  BENNETT",
            [("john BENNETT", PERSON, True)],
            id="known-case-and-space-insensitive",
        ),
        pytest.param(
            "Sue Lightup and John Bennett",
            [("Sue Lightup", PERSON, True), ("John Bennett", PERSON, True)],
            id="known-people-joined-by-and",
        ),
        pytest.param("J Bennett", [("J Bennett", UNKNOWN, False)], id="initial-not-merged"),
        pytest.param("John Bennet", [("John Bennet", PERSON, False)], id="typo-not-merged"),
        pytest.param("Bennett", [("Bennett", UNKNOWN, False)], id="surname-not-merged"),
    ],
)
def test_split_owners_with_directory(text: str, expected: list[tuple]) -> None:
    assert owners(text, DIRECTORY) == expected


def test_the_seed_responsibility_column() -> None:
    cells = [
        "John Bennett Sue Lightup Dwayne Johnson",
        "Commissioning Teams",
        "John Bennett Sue Lightup Dwayne Johnson Commissioning Teams",
    ]
    assert [owners(cell) for cell in cells] == [
        THREE_PEOPLE,
        [("Commissioning Teams", TEAM, True)],
        [*THREE_PEOPLE, ("Commissioning Teams", TEAM, True)],
    ]


def test_a_directory_is_compared_by_value() -> None:
    assert OwnerDirectory(people=frozenset({"A B"})) == OwnerDirectory(people=frozenset({"A B"}))


_CELL_TEXT = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from(
            [
                "John", "Bennett", "Sue", "and", "&", ",", "/", "\n", "(", ")", "-", " - ",
                "Team", "Council", "Manager", "of", "Head", "DoF", "Facilities", "J", "•",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)  # fmt: skip


@given(text=_CELL_TEXT)
def test_owner_names_come_from_the_text(text: str) -> None:
    for directory in (None, DIRECTORY):
        found = split_owners(text, directory=directory)
        assert len({owner.name for owner in found}) == len(found)
        for owner in found:
            assert owner.name and owner.name == owner.name.strip()
            assert all(word in text for word in owner.name.split())
            assert not (owner.kind is OwnerKind.UNKNOWN and owner.resolved)
