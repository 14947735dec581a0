"""Suggest a status from the free text of a Progress cell.

Pure functions, no database. The result is only a suggestion: callers always mark it as
suggested, and a person confirms it. Matching is case-insensitive on whole words; the first
rule that applies wins.

====  ==========================================================  ===================
Rule  The text…                                                   Suggested status
====  ==========================================================  ===================
1     is blank, "-" or "n/a"                                      not_started
2     says no update came: "No update", "Update needed from …",   unknown
      "awaiting update", "no progress"
3     says the action was dropped: "cancelled", "dropped",        dropped
      "no longer required", "not required", "withdrawn",
      "superseded", "abandoned"
4     says work cannot go on: "on hold", "blocked", "stalled",     blocked
      "suspended", "paused" ("delayed" is not enough: see 6)
5     says it has not started: "not started", "not yet started",  not_started
      "not yet begun", "yet to start"
6     says it is done ("completed", "done", "agreed", "signed     complete, or
      off", "approved", "published", "delivered", "in place",     in_progress when
      "established", "held", "implemented", …) *and* nothing is   rule 7 or 8 words
      still under way or to come                                  appear too
7     says work is under way: "in progress", "under way",         in_progress
      "ongoing", "progressing", "started", "being …", "draft",
      "on track", "partially", "awaiting", "delayed", "nearly"
8     only names a deadline or future work: "Complete by May      not_started
      2002", "To be completed by March 2008", "due for
      completion", "will", "to start"
9     anything else                                               unknown
====  ==========================================================  ===================

Completion wording counts only as the predicate: "to be completed", "will be agreed",
"not yet approved" and "complete by <date>" are future work or deadlines, not completion
("not yet approved" counts as under way). So mixed text such as "adjustments already
implemented … Facilities list to be produced by March 2008" is in progress.
"""

from __future__ import annotations

import re
from functools import lru_cache

from commissioning.domain.plan import Status

BLANK = frozenset({"", "-", "–", "—", "n/a", "na"})

_RULES: tuple[tuple[Status, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern, re.IGNORECASE))
    for status, pattern in (
        (
            Status.UNKNOWN,
            r"\bno (?:further )?(?:update|progress)\b"
            r"|\bupdates? (?:needed|required|requested|awaited|outstanding|to follow)\b"
            r"|\bawaiting (?:an )?update\b",
        ),
        (
            Status.DROPPED,
            r"\b(?:cancell?ed|dropped|withdrawn|superseded|abandoned|deleted)\b"
            r"|\bno longer (?:required|needed|applicable)\b|\bnot (?:required|needed)\b"
            r"|\bnot (?:proceeding|going ahead)\b",
        ),
        (Status.BLOCKED, r"\bon hold\b|\bblocked\b|\bstalled\b|\bsuspended\b|\bpaused\b"),
        (
            Status.NOT_STARTED,
            r"\bnot (?:yet )?(?:been )?(?:started|begun|commenced)\b"
            r"|\byet to (?:start|begin|commence)\b",
        ),
    )
)

_COMPLETION = re.compile(
    r"\b(?:complete|completed|done|finished|achieved|agreed|signed off|signed|approved"
    r"|published|delivered|in place|established|held(?! up)|implemented|adopted|launched"
    r"|ratified|endorsed|circulated|closed)\b",
    re.IGNORECASE,
)
_FUTURE_BEFORE = re.compile(
    r"\b(?:to|will|shall|should|must|would|could|can|may|needs? to|to be|will be|shall be"
    r"|should be|must be|due to be|expected to be|aim to be|yet to be)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_NEGATED_BEFORE = re.compile(r"\b(?:not|not yet|never|nearly|almost)\s+(?:\w+ly\s+)?$", re.I)
_DEADLINE_AFTER = re.compile(r"^\s+(?:by|before|within|during)\b", re.IGNORECASE)
_UNDER_WAY = re.compile(
    r"\bin progress\b|\bprogress(?:ing|ed)\b|\bunder ?way\b|\bon-?\s?going\b|\bon track\b"
    r"|\b(?:started|begun|commenced|initiated)\b|\bbeing \w+|\bdraft(?:s|ed|ing)?\b"
    r"|\bpartial(?:ly)?\b|\bpartly\b|\bin hand\b|\bcontinu(?:ing|al|ous|es)\b"
    r"|\bawait(?:ing|ed)\b|\bdelayed\b|\bslipp(?:ed|ing)\b|\bbehind schedule\b"
    r"|\bdeveloping\b|\bunder (?:development|review|discussion|consideration)\b"
    r"|\bdiscussions?\b|\bconsultation\b|\bworking (?:on|with|towards?)\b|\bpilot(?:ed|ing)?\b"
    r"|\b(?:nearly|almost|mostly|largely|substantially)\b|\bsubmitted\b"
    r"|\b(?:scheduled|arranged|planned)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\bto be\b|\bwill\b|\bshall\b|\byet to\b|\bdue\b|\bto (?:start|begin)\b"
    r"|\b(?:complete|completion|finish|deliver|implement)\s+(?:by|before)\b|\bdeadline\b"
    r"|\btarget date\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)  # pure, and the same texts recur
def suggest_status(progress: str | None) -> Status:
    """The status a Progress cell's text suggests (see the table above)."""
    text = " ".join((progress or "").split())
    if text.casefold() in BLANK:
        return Status.NOT_STARTED
    for status, pattern in _RULES:
        if pattern.search(text):
            return status
    done, not_yet = _completion(text)
    under_way = not_yet or bool(_UNDER_WAY.search(text))
    future = bool(_FUTURE.search(text))
    if done:
        return Status.IN_PROGRESS if under_way or future else Status.COMPLETE
    if under_way:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED if future else Status.UNKNOWN


def _completion(text: str) -> tuple[bool, bool]:
    """Whether text says something is done, and whether it says something is not yet done."""
    done = not_yet = False
    for match in _COMPLETION.finditer(text):
        before = text[: match.start()]
        if _NEGATED_BEFORE.search(before):
            not_yet = True
        elif not _FUTURE_BEFORE.search(before) and not _is_deadline(match, text):
            done = True
    return done, not_yet


def _is_deadline(match: re.Match[str], text: str) -> bool:
    """Whether a completion word is an imperative with a date: "Complete by May 2002"."""
    return match.group().casefold() == "complete" and bool(
        _DEADLINE_AFTER.match(text[match.end() :])
    )
