"""Split a Responsibility cell into owners: people, teams, organisations and roles.

Pure functions, no database. The names already known (from the database) come in as an
``OwnerDirectory``. Every owner's name is text from the cell (whitespace tidied); nothing is
invented, corrected or merged into a similar known name.

How a cell is read, in order:

1. Blank, "n/a", "none" or "-" → no owners.
2. Wrapped lines are joined back: a line starting with "(" or a lower-case word, or one
   after a line ending in "and", "&", "of", "for" or "the", continues the line before.
3. The cell is cut at commas, semicolons, "/", "+", line breaks, bullets and spaced dashes
   (" - "), never inside parentheses or inside a name the directory knows. So
   "Ruth Wallis - Director of Public Health" gives the person *and* the role as two owners:
   nothing is dropped and the loader can tie them together.
4. "and" and "&" are cut only where every side is an owner on its own (a known name, a
   person, an acronym, or a phrase whose head word is a team, organisation or role word,
   and not just that word alone). "Health Wellbeing and Access Team Leader" stays one role
   because "Health Wellbeing" is nothing on its own. After an "of"/"for" phrase only a
   person, a known name or a role word starts a new owner, so "Chair of Health and
   Wellbeing Board" stays whole while "Head of Housing and Director of Public Health" splits.
5. Each piece: a name the directory knows (case-insensitive) takes its kind, resolved.
   Otherwise a run of capitalised words is read as people if it can be wholly covered by
   people (a first name from ``gender-guesser`` then one or two surnames, or an honorific
   and surnames), optionally ending in one team, organisation or role phrase (not a lone
   keyword such as "Council" or "Manager"):
   "John Bennett Sue Lightup Dwayne Johnson Commissioning Teams" is three people and a team.
   Known names inside the run take precedence; two-word people and the shortest
   trailing phrase are preferred.
6. Otherwise the head word decides (the last word, or the word before "of"/"for"):
   a role word → role ("Team Leader" is a role), a team word → team; then any organisation
   word or acronym → organisation; a lone acronym is a role ("DoF", "CEO") unless it is a
   known team or organisation acronym ("HR", "BHCC"). "TBC" and anything else is unknown.

``resolved`` means nobody needs to look at it: the directory knows the name, or its kind is
clear from its words (teams, organisations, roles). A person the directory does not know is
never resolved, since a name alone does not say which person ("John Bennet" is not taken
for a known "John Bennett"); an unknown kind is never resolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from commissioning.domain.plan import OwnerKind, OwnerRef


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in text."""
    return frozenset(text.split())


ROLE_WORDS = _words(
    """head director manager officer lead leader chair chairman chairperson chief executive
    commissioner coordinator co-ordinator administrator adviser advisor secretary clerk
    consultant analyst member holder councillor champion sponsor owner assistant deputy
    president treasurer supervisor specialist practitioner worker planner accountant auditor
    engineer surveyor solicitor inspector nurse matron therapist controller registrar
    headteacher convenor convener vice-chair"""
)
TEAM_WORDS = _words(
    """team teams unit units group groups board boards forum forums partnership partnerships
    service services department departments directorate directorates committee committees
    panel panels office cabinet network division taskforce sub-group subgroup"""
)
ORGANISATION_WORDS = _words(
    """council nhs pct trust police fire constabulary jobcentre ccg foundation university
    college borough ltd limited plc cvs authority agency commission association society
    charity hospital academy school government ministry cic"""
)
TEAM_ACRONYMS = _words("HR IT ICT PMO SMT CMT DMT ELT SLT EMT JMT")
ORGANISATION_ACRONYMS = _words(
    """NHS PCT CCG CVS DWP DfE DfES DH DoH HMRC ICB ICS LEP CQC HSE HCA ALMO PCN NHSE CSU LSC
    RSL HA LA"""
)
HONORIFICS = _words("mr mrs ms miss mx dr prof professor cllr councillor sir dame rev revd")
# Capitalised words that are place or service words far more often than names.
NOT_NAMES = _words(
    """county city district royal national regional local metropolitan north south east west
    central greater new young of"""
)
PLACEHOLDERS = _words("tbc tba tbd all various")  # an owner still to be named
NO_OWNER = frozenset({"", "n/a", "na", "none", "nil", "-", "–", "—"})

_SEPARATORS = re.compile(r"[,;/+\n\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25a0\u25ba]|\s[-–—]+\s")
_AND = re.compile(r"\s+(?:and|&)\s+|&", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_OF = re.compile(r"\b(?:of|for)\b", re.IGNORECASE)
_EDGE = " \t-–—•·*▪◦‣●■►:.,;"


def _key(name: str) -> str:
    """The form names are compared in: whitespace-normalised and case-folded."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class OwnerDirectory:
    """Names already known (from the database), matched case-insensitively."""

    people: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()

    @cached_property
    def _index(self) -> dict[str, OwnerKind]:
        """Known names by key; a person wins over a team, organisation or role."""
        index: dict[str, OwnerKind] = {}
        for names, kind in (
            (self.roles, OwnerKind.ROLE),
            (self.organisations, OwnerKind.ORGANISATION),
            (self.teams, OwnerKind.TEAM),
            (self.people, OwnerKind.PERSON),
        ):
            index.update({_key(name): kind for name in names if name.strip()})
        return index

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        """A pattern finding any known name in text, longest first."""
        names = sorted({" ".join(n.split()) for n in self._index}, key=len, reverse=True)
        if not names:
            return None
        words = (r"\s+".join(re.escape(word) for word in name.split()) for name in names)
        return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE | re.UNICODE)

    @cached_property
    def longest(self) -> int:
        """How many words the longest known name has."""
        return max((len(name.split()) for name in self._index), default=0)

    def kind_of(self, name: str) -> OwnerKind | None:
        """The kind of a known name, or None if the directory does not know it."""
        return self._index.get(_key(name))

    def find(self, text: str) -> list[tuple[int, int]]:
        """Where known names occur in text."""
        return [m.span() for m in self._pattern.finditer(text)] if self._pattern else []

    @cached_property
    def _read(self) -> dict[str, tuple[tuple[str, OwnerKind, bool], ...]]:
        """Cells already read with this directory: the same cell often recurs in a plan."""
        return {}


_NOBODY = OwnerDirectory()
MEMO_SIZE = 50_000  # cells remembered per directory


def split_owners(text: str | None, *, directory: OwnerDirectory | None = None) -> list[OwnerRef]:
    """Read a Responsibility cell as a list of owners, in order of appearance."""
    if text is None or _tidy(text).casefold() in NO_OWNER:
        return []
    directory = directory or _NOBODY
    memo = directory._read
    found = memo.get(text)
    if found is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        found = tuple((o.name, o.kind, o.resolved) for o in _split(text, directory))
        memo[text] = found
    return [OwnerRef(name, kind, resolved) for name, kind, resolved in found]


def _split(text: str, directory: OwnerDirectory) -> list[OwnerRef]:
    text = _join_wrapped_lines(text)
    owners: list[OwnerRef] = []
    seen: set[str] = set()
    for part in _pieces(text, _SEPARATORS, directory):
        for piece in _split_and(part, directory):
            for owner in _resolve(piece, directory):
                if owner.name not in seen:
                    seen.add(owner.name)
                    owners.append(owner)
    return owners


def _tidy(text: str) -> str:
    """Text with whitespace collapsed and bullets, dashes and stray punctuation trimmed."""
    return " ".join(text.split()).strip(_EDGE)


def _join_wrapped_lines(text: str) -> str:
    """Text with lines that continue the line before joined to it."""
    text = re.sub(r"\s*\n\s*(?=[(a-z])", " ", text)
    return re.sub(r"(\band|&|\bof|\bfor|\bthe)[ \t]*\n\s*", r"\1 ", text, flags=re.IGNORECASE)


def _pieces(text: str, separators: re.Pattern[str], directory: OwnerDirectory) -> list[str]:
    """The non-empty pieces of text between separators outside protected spans."""
    return [p for p in (_tidy(text[s:e]) for s, e in _cut(text, separators, directory)) if p]


def _cut(
    text: str, separators: re.Pattern[str], directory: OwnerDirectory
) -> list[tuple[int, int]]:
    """Spans of text between separators, never cutting parentheses or known names."""
    protected = [m.span() for m in _PARENS.finditer(text)] + directory.find(text)
    spans, start = [], 0
    for match in separators.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in protected):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _split_and(part: str, directory: OwnerDirectory) -> list[str]:
    """A piece cut at "and"/"&" only where every side is an owner on its own."""
    spans = [(s, e) for s, e in _cut(part, _AND, directory) if _tidy(part[s:e])]
    if len(spans) < 2 or len(spans) > 6:
        return [part]
    return _and_groups(part, spans, 0, directory, {}) or [part]


def _and_groups(
    part: str,
    spans: list[tuple[int, int]],
    first: int,
    directory: OwnerDirectory,
    memo: dict[int, list[str] | None],
) -> list[str] | None:
    """The most owners spans[first:] can be grouped into, or None if it cannot be done."""
    if first not in memo:
        best: list[str] | None = None
        for last in range(first, len(spans)):
            group = _tidy(part[spans[first][0] : spans[last][1]])
            if not _is_owner(group, directory):
                continue
            rest = (
                _and_groups(part, spans, last + 1, directory, memo) if last + 1 < len(spans) else []
            )
            if rest is None or (rest and not _may_follow(group, rest[0], directory)):
                continue
            if best is None or len(rest) + 1 > len(best):
                best = [group, *rest]
        memo[first] = best
    return memo[first]


def _is_owner(text: str, directory: OwnerDirectory) -> bool:
    """Whether text reads as owners on its own (not unknown, not a bare keyword)."""
    if directory.kind_of(text):
        return True
    words = _WORD.findall(text)
    if _is_bare_keyword(words):
        return False
    return all(owner.kind is not OwnerKind.UNKNOWN for owner in _resolve(text, directory))


def _may_follow(left: str, right: str, directory: OwnerDirectory) -> bool:
    """Whether right starts a new owner after left, given left may end in an "of" phrase."""
    if not _OF.search(left) or directory.kind_of(right):
        return True
    words = _WORD.findall(right)
    if words and _is_role_word(words[0]):
        return True
    return _resolve(right, directory)[0].kind is OwnerKind.PERSON


def _resolve(piece: str, directory: OwnerDirectory) -> list[OwnerRef]:
    """The owner or owners one piece of a cell names."""
    name = _tidy(piece)
    kind = directory.kind_of(name)
    if kind:
        return [OwnerRef(name, kind, resolved=True)]
    people = _segment(name.split(), directory)
    if people:
        return people
    kind = _classify(name)
    return [OwnerRef(name, kind, resolved=kind is not OwnerKind.UNKNOWN)]


def _segment(tokens: list[str], directory: OwnerDirectory) -> list[OwnerRef] | None:
    """Tokens wholly covered by known names and people, optionally ending in a phrase."""
    best: list[tuple[int, list[OwnerRef]] | None] = [None] * len(tokens) + [(0, [])]
    for start in range(len(tokens) - 1, -1, -1):
        for end, owner, cost in _units_at(tokens, start, directory):
            after = best[end]
            if after is not None and (best[start] is None or after[0] + cost < best[start][0]):
                best[start] = (after[0] + cost, [owner, *after[1]])
    found = best[0][1] if best[0] else None
    if found and (len(found) > 1 or found[0].kind is OwnerKind.PERSON):
        return found
    return None


def _units_at(
    tokens: list[str], start: int, directory: OwnerDirectory
) -> Iterator[tuple[int, OwnerRef, int]]:
    """Candidate owners starting at tokens[start], as (end, owner, cost).

    Costs rank readings: known names first, then two-word people, then the shortest
    trailing phrase, and a three-word person only when nothing else covers the run.
    """
    for end in range(start + 1, min(len(tokens), start + directory.longest) + 1):
        name = " ".join(tokens[start:end])
        kind = directory.kind_of(name)
        if kind:
            yield end, OwnerRef(name, kind, resolved=True), 0
    for end, surnames in _person_ends(tokens, start):
        person = OwnerRef(" ".join(tokens[start:end]), OwnerKind.PERSON, resolved=False)
        yield end, person, 1 if surnames == 1 else 1000
    tail = " ".join(tokens[start:])
    words = _WORD.findall(tail)
    if start > 0 and not (len(words) == 1 and _is_keyword(words[0])):
        kind = _classify(tail)
        if kind is not OwnerKind.UNKNOWN:
            yield len(tokens), OwnerRef(tail, kind, resolved=True), 10 * len(tokens[start:]) + 1


def _person_ends(tokens: list[str], start: int) -> list[tuple[int, int]]:
    """Where a person starting at tokens[start] may end, with how many surnames it has."""
    at = start + 1 if tokens[start].rstrip(".").casefold() in HONORIFICS else start
    surnames_from = at + 1 if at < len(tokens) and _is_first_name(tokens[at]) else at
    if surnames_from == start:
        return []
    ends = []
    for count in (1, 2):
        end = surnames_from + count
        if end <= len(tokens) and all(_is_name_token(t) for t in tokens[surnames_from:end]):
            ends.append((end, count))
    return ends


@lru_cache(maxsize=8192)
def _is_name_token(token: str) -> bool:
    """Whether token looks like part of a name: capitalised letters, "'" or "-" inside."""
    return (
        bool(_NAME_TOKEN.fullmatch(token))
        and token[0].isupper()
        and not _is_acronym(token)
        and not _is_keyword(token)
        and token.casefold() not in NOT_NAMES
    )


@lru_cache(maxsize=8192)
def _is_first_name(token: str) -> bool:
    """Whether token is a first name in gender-guesser's list."""
    if not _is_name_token(token):
        return False
    return _known_first_name(token.casefold()) or all(
        _known_first_name(part) for part in token.casefold().split("-")
    )


@cache
def _first_names() -> frozenset[str]:
    """Every first name in gender-guesser's list, lower case, read once on first use.

    The same names its ``Detector`` knows (a "+" in a name stands for nothing, a space or a
    hyphen), without building its per-country tables, which take far longer to load.
    """
    import gender_guesser

    path = Path(gender_guesser.__file__).with_name("data") / "nam_dict.txt"
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#=":
            continue
        name = line.split(None, 2)[1].lower()
        if "+" in name:
            names.update(name.replace("+", joiner) for joiner in ("", " ", "-"))
        else:
            names.add(name)
    return frozenset(names)


def _known_first_name(name: str) -> bool:
    """Whether gender-guesser knows name as a first name."""
    return bool(name) and name.lower() in _first_names()


@lru_cache(maxsize=8192)
def _classify(text: str) -> OwnerKind:
    """The kind a phrase's words say it is, ignoring parentheses; UNKNOWN if they do not."""
    words = _WORD.findall(_PARENS.sub(" ", text))
    if not words or (len(words) == 1 and words[0].casefold() in PLACEHOLDERS):
        return OwnerKind.UNKNOWN
    head = _head_word(words)
    if _is_role_word(head) or (_is_acronym(head) and _acronym_kind(head) is OwnerKind.ROLE):
        return OwnerKind.ROLE
    if head.casefold() in TEAM_WORDS or head in TEAM_ACRONYMS:
        return OwnerKind.TEAM
    for word in words:
        if word.casefold() in ORGANISATION_WORDS:
            return OwnerKind.ORGANISATION
        if _is_acronym(word) and _acronym_kind(word) is OwnerKind.ORGANISATION:
            return OwnerKind.ORGANISATION
    return OwnerKind.UNKNOWN


def _head_word(words: list[str]) -> str:
    """The word a phrase is about: the one before "of"/"for", else the last."""
    for index, word in enumerate(words):
        if index and word.casefold() in ("of", "for"):
            return words[index - 1]
    return words[-1]


def _is_role_word(word: str) -> bool:
    """Whether word is a job-title word, singular or plural."""
    folded = word.casefold()
    return folded in ROLE_WORDS or (folded.endswith("s") and folded[:-1] in ROLE_WORDS)


def _is_keyword(word: str) -> bool:
    """Whether word is a role, team or organisation word."""
    folded = word.casefold()
    return _is_role_word(word) or folded in TEAM_WORDS or folded in ORGANISATION_WORDS


def _is_bare_keyword(words: list[str]) -> bool:
    """Whether words are a lone team or organisation word ("Council", "Team")."""
    if len(words) != 1 or _is_acronym(words[0]):
        return False
    return words[0].casefold() in TEAM_WORDS | ORGANISATION_WORDS


@lru_cache(maxsize=8192)
def _is_acronym(word: str) -> bool:
    """Whether word is initials: letters and hyphens, two or more capitals, mostly capitals."""
    if not re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", word):
        return False
    upper = sum(c.isupper() for c in word)
    return upper >= 2 and upper >= sum(c.islower() for c in word)


def _acronym_kind(word: str) -> OwnerKind:
    """The kind of an acronym: known team or organisation initials, else a role."""
    if word in TEAM_ACRONYMS:
        return OwnerKind.TEAM
    if word in ORGANISATION_ACRONYMS or (word.isupper() and word.endswith("CC") and len(word) > 2):
        return OwnerKind.ORGANISATION
    return OwnerKind.ROLE
