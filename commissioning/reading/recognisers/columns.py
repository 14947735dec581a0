"""What each column holds, judged by its header *and* by its cells.

A header is scored against the words people use for each meaning ("Project name",
"What we will do", "Lead Director", "Date due", "DCA status"): exact phrases first, then
stems of its words, then fuzzy matching (``rapidfuzz``) for the misspelt and the reworded.
A column's cells are scored by what they read as: timescales, owners, RAG values, statuses,
long free text, numbers, references. The two are combined and one meaning is given to each
column for the whole table, the most plausible first; a table without a header is read
from its cells alone. Every column says how sure the reading is and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from commissioning.domain.plan import ColumnReading
from commissioning.domain.timescales import parse_timescale, search_timescale
from commissioning.reading.recognisers.headers import Meaning, normalise

# Column meanings a person can choose, with the words the CLI's --columns takes.
CHOICES: dict[str, Meaning | None] = {
    "title": Meaning.TITLE,
    "action": Meaning.TITLE,
    "timescale": Meaning.TIMESCALE,
    "owners": Meaning.OWNERS,
    "owner": Meaning.OWNERS,
    "progress": Meaning.PROGRESS,
    "status": Meaning.STATUS,
    "rag": Meaning.RAG,
    "ref": Meaning.REF,
    "reference": Meaning.REF,
    "section": Meaning.SECTION,
    "ignore": None,
}

# Phrases people write as headers, by meaning (normalised: lower case, no punctuation).
SYNONYMS: dict[Meaning, tuple[str, ...]] = {
    Meaning.TITLE: (
        "action", "actions", "task", "activity", "project", "project name", "programme",
        "scheme", "initiative", "what we will do", "what will we do", "what", "recommendation",
        "action required", "key actions", "description", "objective", "deliverable",
        "improvement", "measure", "issue", "area for improvement", "requirement", "output",
        "proposal", "work stream", "workstream", "priority", "title", "name", "key task",
        "planned action", "actions to be taken", "action to be taken", "how", "item description",
    ),
    Meaning.TIMESCALE: (
        "timescale", "timeframe", "time frame", "target", "target date", "deadline", "by when",
        "due", "due date", "date due", "when", "completion date", "target completion",
        "end date", "delivery date", "finish", "completion by", "due by", "target end",
        "milestone date", "expected completion", "date for completion", "timing", "date",
        "planned completion", "forecast completion", "deadline date", "time scale",
    ),
    Meaning.OWNERS: (
        "responsibility", "responsible", "lead", "lead officer", "owner", "action by", "who",
        "responsible officer", "lead person", "action owner", "lead director", "exec lead",
        "executive lead", "director", "department", "dept", "directorate", "service",
        "organisation", "agency", "lead agency", "accountable", "sponsor", "senior responsible",
        "sro", "project manager", "manager", "officer", "by whom", "lead partner", "team",
        "portfolio holder", "lead member", "contact", "led by", "who is responsible",
    ),
    Meaning.PROGRESS: (
        "progress", "update", "comments", "comment", "commentary", "notes", "progress update",
        "progress to date", "position", "current position", "latest update", "narrative",
        "evidence", "action taken", "actions taken", "remarks", "summary", "detail",
        "progress made", "outcome", "update on progress", "achievements", "response",
    ),
    Meaning.RAG: (
        "rag", "rag status", "rag rating", "rating", "dca", "dca status", "delivery confidence",
        "delivery confidence assessment", "assessment", "confidence", "red amber green", "brag",
        "overall rag", "this period", "current rag", "rag rating current",
    ),
    Meaning.STATUS: (
        "status", "current status", "open closed", "open", "closed", "complete", "completed",
        "done", "state", "stage reached", "achieved", "met",
    ),
    Meaning.REF: (
        "ref", "ref no", "reference", "no", "id", "number", "item", "item no", "rec no",
        "recommendation no", "action no", "code", "para", "paragraph", "key",
    ),
    Meaning.SECTION: ("theme", "section", "area", "category", "heading", "strand", "outcome area"),
}  # fmt: skip

# Vague words: a header of one of these alone says its meaning less surely.
WEAK = {"objective", "outcome", "description", "summary", "detail", "area", "key", "name",
        "what", "how", "priority", "issue", "measure", "evidence", "response", "code", "team",
        "service", "manager", "officer", "contact", "director", "open", "closed", "complete",
        "completed", "done", "met", "achieved", "date", "title", "position", "output",
        "requirement", "item", "number", "no", "para", "paragraph", "state", "when", "who",
        "finish", "timing", "confidence", "assessment", "rating", "scheme",
        "programme", "project", "deliverable", "improvement", "notes", "remarks"}  # fmt: skip

# Header words saying a column's dates are not when the work is due.
NOT_DUE = ("raised", "created", "logged", "opened", "identified", "added", "start", "reported",
           "agreed", "received", "last updated", "date of update", "review date")  # fmt: skip

# Words stripped from the end of header words, so "Responsibilities" finds "responsib".
_SUFFIXES = ("ilities", "ility", "ities", "ations", "ation", "ings", "ing", "ies", "es", "s", "ed")
_DATE_IN_HEADER = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\.?\s*(?:\d{2,4})?\b|\b(?:19|20)\d{2}(?:\s*[/-]\s*\d{2,4})?\b|\bq[1-4]\b|\bto date\b",
    re.IGNORECASE,
)
RAG_VALUE = re.compile(
    r"^(?:red|amber|green|blue|r|a|g|b)(?:\s*[/\\\-–]\s*(?:red|amber|green|r|a|g))?$",
    re.IGNORECASE,
)
REF_VALUE = re.compile(
    r"^(?:[A-Za-z]{0,4}\s?\d{1,3}(?:[.\-]\d{1,3}){0,3}[a-z]?|[a-z]|[ivx]+)[.)]?$"
)
NUMBER_VALUE = re.compile(r"^[£$€(-]?\s*\d[\d,]*(?:\.\d+)?\s*(?:%|k|m|bn|\))?$", re.IGNORECASE)
STATUS_VALUE = {
    "complete", "completed", "done", "closed", "achieved", "in progress", "ongoing", "on going",
    "on track", "started", "underway", "under way", "not started", "not yet started", "open",
    "blocked", "on hold", "stalled", "suspended", "dropped", "cancelled", "withdrawn", "yes",
    "no", "partially", "partially complete", "partly", "met", "not met", "delayed", "overdue",
}  # fmt: skip

SAMPLE = 60  # cells looked at per column: enough to judge, cheap on 20,000 rows
SURE = 0.6  # below this a column's meaning is shown for a person to choose


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> str:
    return " ".join(_stem(word) for word in text.split())


_ALL_PHRASES = [(phrase, meaning) for meaning, phrases in SYNONYMS.items() for phrase in phrases]
_STEMMED = {_stems(phrase): meaning for phrase, meaning in _ALL_PHRASES}
_PHRASES = [phrase for phrase, _ in _ALL_PHRASES]


def header_key(text: str) -> str:
    """A header as compared: normalised, with any reporting date it carries taken out."""
    return " ".join(normalise(_DATE_IN_HEADER.sub(" ", text)).split())


@lru_cache(maxsize=4096)
def header_scores(text: str) -> tuple[tuple[Meaning, float, str], ...]:
    """How strongly a header says each meaning (0–1), with the reason, best first."""
    key = header_key(text)
    if not key or len(key) > 80:
        return ()
    if text.strip() == "#":
        return ((Meaning.REF, 1.0, "header is '#'"),)
    scores: dict[Meaning, tuple[float, str]] = {}

    def offer(meaning: Meaning, score: float, why: str) -> None:
        if score > scores.get(meaning, (0.0, ""))[0]:
            scores[meaning] = (score, why)

    for meaning, phrases in SYNONYMS.items():
        if key in phrases:
            offer(meaning, 0.8 if key in WEAK else 1.0, "header matches")
    stemmed = _stems(key)
    if stemmed in _STEMMED and key not in WEAK:
        offer(_STEMMED[stemmed], 0.95, "header matches")
    words = stemmed.split()
    for phrase, meaning in _ALL_PHRASES:
        stem = _stems(phrase)
        if " " in stem and f" {stem} " in f" {stemmed} ":
            offer(meaning, 0.85, f"header contains '{phrase}'")
        elif " " not in stem and stem in words and len(stem) > 2:
            # The head word counts most: "Lead officer" is an owner, "Action" a title.
            strong = (words[0] == stem or words[-1] == stem) and phrase not in WEAK
            offer(meaning, 0.8 if strong else 0.6, f"header has the word '{phrase}'")
    for phrase, score, _ in process.extract(key, _PHRASES, scorer=fuzz.ratio, limit=3):
        if score >= 84:
            meaning = _ALL_PHRASES[_PHRASES.index(phrase)][1]
            offer(meaning, score / 100 * 0.85, f"header is close to '{phrase}'")
    if any(word in key for word in NOT_DUE) and Meaning.TIMESCALE in scores:
        del scores[Meaning.TIMESCALE]
    return tuple(sorted(((m, s, w) for m, (s, w) in scores.items()), key=lambda t: -t[1]))


def header_meaning(text: str, *, least: float = 0.75) -> Meaning | None:
    """The meaning a header clearly names, if it names one."""
    scores = header_scores(text)
    return scores[0][0] if scores and scores[0][1] >= least else None


def is_not_due_header(text: str) -> bool:
    """A date column that is not the due date: "Date raised", "Date logged", "Start"."""
    key = header_key(text)
    return bool(key) and any(word in key for word in NOT_DUE)


@dataclass
class Profile:
    """What a column's cells read as: the share of non-empty cells of each kind."""

    filled: int = 0
    timescale: float = 0.0
    rag: float = 0.0
    status: float = 0.0
    owner: float = 0.0
    long_text: float = 0.0
    number: float = 0.0
    ref: float = 0.0
    wordy: float = 0.0  # words of text, not a date, RAG value, status or number
    average_length: float = 0.0
    distinct: float = 0.0


def _looks_like_owner(text: str) -> bool:
    """Initials, a name, a job title, a department or an organisation — short, no verbs."""
    from commissioning.reading.owners import split_owners

    if len(text) > 80 or len(text.split()) > 7 or not re.search(r"[A-Za-z]", text):
        return False
    if re.fullmatch(r"(?:[A-Z]{2,4})(?:\s*[/,&]\s*[A-Z]{2,4})*", text):
        return True  # initials: "AG/ZW", "CEO"
    owners = split_owners(text)
    return bool(owners) and sum(1 for o in owners if str(o.kind) != "unknown") >= len(owners) / 2


def profile(cells: list[str]) -> Profile:
    """The profile of a column's cell texts (empty ones are not counted)."""
    values = [" ".join(text.split()) for text in cells if text and text.strip()][:SAMPLE]
    result = Profile(filled=len(values))
    if not values:
        return result
    count = len(values)

    def share(test) -> float:
        return sum(1 for value in values if test(value)) / count

    result.timescale = share(_is_timescale)
    result.rag = share(lambda v: bool(RAG_VALUE.match(v)))
    result.status = share(lambda v: normalise(v) in STATUS_VALUE)
    result.owner = share(_looks_like_owner)
    result.long_text = share(lambda v: len(v) >= 40 or len(v.split()) >= 6)
    result.number = share(lambda v: bool(NUMBER_VALUE.match(v)) and not REF_VALUE.match(v))
    result.ref = share(lambda v: bool(REF_VALUE.match(v)) and not RAG_VALUE.match(v))
    result.wordy = share(_is_wordy)
    result.average_length = sum(len(v) for v in values) / count
    result.distinct = len(set(values)) / count
    return result


def _is_wordy(text: str) -> bool:
    words = re.findall(r"[A-Za-z]{2,}", text)
    if len(words) < 2 or RAG_VALUE.match(text) or normalise(text) in STATUS_VALUE:
        return False
    return not _is_timescale(text)


def _is_timescale(text: str) -> bool:
    if len(text) > 60:
        return False
    if parse_timescale(text).is_parsed:
        return True
    found = search_timescale(text)
    return found is not None and (found[2] - found[1]) >= len(text) / 2


def content_scores(p: Profile) -> dict[Meaning, tuple[float, str]]:
    """How strongly a column's cells say each meaning, with the reason."""
    if not p.filled:
        return {}

    def pct(share: float) -> str:
        return f"{round(share * 100)} %"

    scores = {
        Meaning.TIMESCALE: (p.timescale, f"{pct(p.timescale)} of cells are timescales"),
        Meaning.RAG: (p.rag, f"{pct(p.rag)} of cells are RAG values"),
        Meaning.STATUS: (p.status, f"{pct(p.status)} of cells are statuses"),
        Meaning.OWNERS: (
            p.owner * (1.0 - p.long_text * 0.7),
            f"{pct(p.owner)} of cells name people, roles or organisations",
        ),
        Meaning.REF: (
            p.ref * (0.5 + 0.5 * p.distinct),
            f"{pct(p.ref)} of cells are references",
        ),
    }
    # Free text: a title is words, varied from row to row; progress is longer still.
    title = p.wordy * p.distinct * (0.7 + 0.3 * p.long_text) * (1.0 - 0.5 * p.owner)
    progress = p.long_text * p.distinct * (1.0 - p.timescale) * (1.0 - p.rag)
    scores[Meaning.TITLE] = (title, f"{pct(p.wordy)} of cells are text")
    scores[Meaning.PROGRESS] = (progress * 0.9, f"{pct(p.long_text)} of cells are long text")
    return scores


@dataclass
class Assignment:
    """The meaning of every column of a table."""

    columns: dict[int, Meaning]
    readings: list[ColumnReading] = field(default_factory=list)

    @property
    def unsure(self) -> bool:
        return any(r.meaning is not None and r.confidence < SURE for r in self.readings)


# Meanings a table has at most one column of (progress may come twice: the later wins).
_SINGLE = {Meaning.STAGE, Meaning.INTERNAL, Meaning.EXTERNAL, Meaning.TITLE, Meaning.TIMESCALE,
           Meaning.OWNERS, Meaning.RAG, Meaning.STATUS,
           Meaning.REF, Meaning.SECTION, Meaning.PROGRESS}  # fmt: skip
# A cell-only judgement needs at least this much to place a column.
_CONTENT_FLOOR = {Meaning.TIMESCALE: 0.6, Meaning.RAG: 0.7, Meaning.STATUS: 0.6,
                  Meaning.OWNERS: 0.5, Meaning.REF: 0.7, Meaning.TITLE: 0.3,
                  Meaning.PROGRESS: 0.3}  # fmt: skip


def assign(
    headers: dict[int, str],
    cells: dict[int, list[str]],
    *,
    known: dict[int, Meaning] | None = None,
    chosen: dict[int, Meaning | None] | None = None,
) -> Assignment:
    """The most plausible meaning for every column, from headers (may be empty) and cells.

    ``known`` holds meanings the header names in the importer's own fixed words (a strong
    hint); ``chosen`` holds a person's choices, by column, which are taken as they are.
    """
    chosen = chosen or {}
    known = known or {}
    indices = sorted(set(headers) | set(cells))
    candidates: list[tuple[float, int, Meaning, str]] = []
    profiles = {index: profile(cells.get(index, [])) for index in indices}
    for index in indices:
        if index in chosen:
            continue
        text = headers.get(index, "")
        by_header = {m: (s, w) for m, s, w in header_scores(text)} if text else {}
        if index in known:
            by_header[known[index]] = (1.0, "header matches")
        by_content = content_scores(profiles[index])
        not_due = bool(text) and is_not_due_header(text)
        named = max((score for score, _ in by_header.values()), default=0.0) >= 0.8
        offered = {known[index]} if index in known else set(by_header) | set(by_content)
        for meaning in offered:
            h, h_why = by_header.get(meaning, (0.0, ""))
            c, c_why = by_content.get(meaning, (0.0, ""))
            if meaning is Meaning.TIMESCALE and not_due:
                continue
            if index in known:
                # The importer's own fixed header words come first.
                score, why = 1.2 + 0.1 * c, h_why if c < 0.2 else f"{h_why}; {c_why}"
            elif h and profiles[index].filled:
                score = 0.6 * h + 0.4 * c
                # A header agreed with by the cells is surer; one the cells deny is not.
                if c < 0.2 and meaning in (Meaning.TIMESCALE, Meaning.RAG):
                    score = h * 0.55
                why = f"{h_why}; {c_why}" if c >= 0.2 else h_why
            elif h:
                score, why = h * 0.8, h_why
            else:
                if c < _CONTENT_FLOOR.get(meaning, 0.5):
                    continue
                # A header that clearly names something else outweighs the cells.
                score = c * (0.3 if named else 0.75)
                why = f"no header says; {c_why}" if not text else c_why
            candidates.append((score, index, meaning, why))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    columns: dict[int, Meaning] = {i: m for i, m in chosen.items() if m is not None}
    reasons: dict[int, tuple[float, str]] = {i: (1.0, "chosen by a person") for i in chosen}
    taken = set(columns.values())
    for score, index, meaning, why in candidates:
        if index in reasons or (meaning in _SINGLE and meaning in taken):
            continue
        if score < 0.2:
            continue
        columns[index] = meaning
        reasons[index] = (score, why)
        taken.add(meaning)
    _prefer_title_over_progress(columns, profiles, headers, chosen)
    readings = []
    for index in indices:
        meaning = columns.get(index)
        confidence, why = reasons.get(index, (0.0, ""))
        if meaning is None and index not in chosen:
            why = "nothing in the header or cells says what it holds"
            if not profiles[index].filled:
                why = "empty"
        readings.append(
            ColumnReading(
                index,
                headers.get(index, ""),
                str(meaning) if meaning else None,
                min(confidence, 1.0),
                why,
            )
        )
    return Assignment(columns, readings)


def _prefer_title_over_progress(columns, profiles, headers, chosen) -> None:
    """With no header to say, the first free-text column is the title, a later one progress."""
    free = sorted(i for i, m in columns.items() if m in (Meaning.TITLE, Meaning.PROGRESS))
    if any(i in chosen or headers.get(i) for i in free):
        return
    if len(free) == 2:
        columns[free[0]], columns[free[1]] = Meaning.TITLE, Meaning.PROGRESS
    elif len(free) == 1 and Meaning.TITLE not in columns.values():
        columns[free[0]] = Meaning.TITLE  # the one free-text column is what is to be done


def parse_columns(text: str, *, source: str = "--columns") -> dict[str, Meaning | None]:
    """A person's column choices, "title=Project name,owners=Dept,rag=DCA status".

    Each pair is a meaning (title/action, timescale, owners, progress, status, rag,
    ref/reference, section, ignore) and the header text it is written under.
    """
    from commissioning.domain.plan import PlanError

    chosen: dict[str, Meaning | None] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        word, sep, header = part.partition("=")
        word, header = word.strip().casefold(), header.strip()
        if not sep or not header:
            raise PlanError(f"'{part}' is not meaning=Header text", source=source)
        if word not in CHOICES:
            names = ", ".join(sorted(CHOICES))
            raise PlanError(f"'{word}' is not a column meaning (one of {names})", source=source)
        chosen[header] = CHOICES[word]
    return chosen
