"""Turn programme data into what templates show, so templates hold no logic."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Field, Fixed, Layout
from django import forms
from django.http import QueryDict
from django.utils import dateformat

from commissioning.core.spreadsheets import neutralise_row
from commissioning.domain.plan import Scope
from commissioning.domain.timescales import Precision
from commissioning.programmes.models import Action, Deliverable, Programme, Stage, StatusChoices
from commissioning.programmes.queries import ExportedAction, latest_update

STATUS_TAG_COLOURS = {
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--blue",
    "complete": "govuk-tag--green",
    "blocked": "govuk-tag--red",
    "dropped": "govuk-tag--purple",
    "unknown": "govuk-tag--yellow",
}


@dataclass
class StatusCount:
    status: str
    label: str
    count: int
    tag_class: str


def status_counts(programme) -> list[StatusCount]:
    """The annotated counts of ``Programme.objects.with_summary`` as labelled rows."""
    return [
        StatusCount(value, label, getattr(programme, f"count_{value}"), STATUS_TAG_COLOURS[value])
        for value, label in StatusChoices.choices
    ]


# --- timescales and statuses ---


def readable_date(value: date | None) -> str:
    """A date as people read it: "31 March 2008"."""
    return dateformat.format(value, "j F Y") if value else ""


def describe_window(start: date, end: date) -> str:
    """A window as words: "1 to 30 April 2008", "1 April 2008 to 31 March 2009"."""
    if start == end:
        return readable_date(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {readable_date(end)}"
    if start.year == end.year:
        return f"{dateformat.format(start, 'j F')} to {readable_date(end)}"
    return f"{readable_date(start)} to {readable_date(end)}"


NO_WINDOW = {
    Precision.UNPARSED: "could not be read",
    Precision.OPEN: "no fixed dates",
    Precision.RECURRING: "recurring, no single due date",
}


@dataclass(frozen=True)
class TimescaleDisplay:
    """A timescale as written, with the window it was read as, in words."""

    text: str
    window: str
    due: str


def timescale_display(record) -> TimescaleDisplay:
    """How a stage's or action's timescale shows: as written, its window and its due date."""
    timescale = record.timescale
    if timescale is None:
        return TimescaleDisplay(text="Not set", window="", due="")
    if timescale.start is None or timescale.end is None:
        return TimescaleDisplay(
            text=timescale.text,
            window=NO_WINDOW.get(timescale.precision, NO_WINDOW[Precision.UNPARSED]),
            due="",
        )
    return TimescaleDisplay(
        text=timescale.text,
        window=describe_window(timescale.start, timescale.end),
        due=readable_date(timescale.end),
    )


@dataclass(frozen=True)
class StatusTag:
    """A status as a GOV.UK tag; a suggested status says so in its text, not only its style."""

    label: str
    tag_class: str
    suggested: bool

    @property
    def text(self) -> str:
        return f"{self.label} (suggested)" if self.suggested else self.label


def status_tag(status: str, *, suggested: bool = False) -> StatusTag:
    return StatusTag(
        label=StatusChoices(status).label,
        tag_class=STATUS_TAG_COLOURS.get(status, "govuk-tag--grey"),
        suggested=suggested,
    )


# --- the home page ---


@dataclass
class ProgrammeSummary:
    programme: Programme
    counts: list[StatusCount]


def programme_summaries(programmes) -> list[ProgrammeSummary]:
    """Programmes annotated by ``with_summary`` with their counts as labelled rows."""
    return [ProgrammeSummary(programme, status_counts(programme)) for programme in programmes]


# --- stages and their deliverables ---


@dataclass
class DeliverableNode:
    """A deliverable with its status and the deliverables nested under it."""

    deliverable: Deliverable
    status: StatusTag
    children: list["DeliverableNode"] = field(default_factory=list)


@dataclass
class StageSection:
    """A stage with its timescale and its deliverables as internal and external trees."""

    stage: Stage
    timescale: TimescaleDisplay
    internal: list[DeliverableNode]
    external: list[DeliverableNode]


def deliverable_trees(deliverables) -> dict[int, list[DeliverableNode]]:
    """Top-level deliverables per stage id, children nested as in the document.

    ``deliverables`` is every deliverable of the programme from one query, in plan order;
    a child whose parent is missing from it is shown at the top level rather than lost.
    """
    nodes = {
        item.pk: DeliverableNode(item, status_tag(item.status, suggested=item.status_suggested))
        for item in deliverables
    }
    roots: dict[int, list[DeliverableNode]] = defaultdict(list)
    for node in nodes.values():
        parent = nodes.get(node.deliverable.parent_id)
        if parent is not None and parent is not node:
            parent.children.append(node)
        else:
            roots[node.deliverable.stage_id].append(node)
    return roots


def stage_sections(stages, deliverables) -> list[StageSection]:
    """Each stage in the given order with its deliverables in internal and external columns."""
    roots = deliverable_trees(deliverables)
    return [
        StageSection(
            stage=stage,
            timescale=timescale_display(stage),
            internal=[n for n in roots[stage.pk] if n.deliverable.scope == Scope.INTERNAL],
            external=[n for n in roots[stage.pk] if n.deliverable.scope != Scope.INTERNAL],
        )
        for stage in stages
    ]


# --- the action plan ---


def responsibility(owners) -> str:
    """Owners' names as written, joined; an owner not yet mapped is marked for review."""
    return ", ".join(
        f"{owner.name} (needs review)" if owner.needs_review else owner.name for owner in owners
    )


@dataclass(frozen=True)
class ActionRow:
    """One row of the action plan table."""

    action: Action
    label: str
    timescale: TimescaleDisplay
    responsibility: str
    progress: str
    progress_as_of: str
    status: StatusTag


def action_label(action: Action) -> str:
    return f"{action.ref} {action.title}" if action.ref else action.title


def action_rows(actions) -> list[ActionRow]:
    """Table rows for actions read by ``queries.actions_for_list``."""
    return [
        ActionRow(
            action=action,
            label=action_label(action),
            timescale=timescale_display(action),
            responsibility=responsibility(action.owners.all()),
            progress=latest.text if (latest := latest_update(action)) else "",
            progress_as_of=latest.as_of_text if latest else "",
            status=status_tag(action.status, suggested=action.status_suggested),
        )
        for action in actions
    ]


ACTION_CSV_HEADER = [
    "Ref",
    "Action",
    "Timescale",
    "Due",
    "Responsibility",
    "Latest progress",
    "Progress as of",
    "Status",
    "Status suggested",
]


def action_csv_row(action: ExportedAction) -> list[str]:
    """An action as a CSV row; due dates are ISO 8601 so spreadsheets read them as dates."""
    cells = [
        action.ref,
        action.title,
        action.timescale_text,
        action.due.isoformat() if action.due else "",
        "; ".join(action.owners),
        action.progress,
        action.progress_as_of,
        StatusChoices(action.status).label,
        "yes" if action.status_suggested else "no",
    ]
    return neutralise_row(cells)


# --- sorting, filtering and paging the action plan ---


def query_string(params: QueryDict, **changes: str | None) -> str:
    """``params`` as "?a=1&b=2" with ``changes`` applied (None removes); blank values dropped."""
    query = QueryDict(mutable=True)
    for key, values in params.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            query.setlist(key, kept)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, [value])
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


SORT_LABELS = {
    "plan": "Plan order",
    "-plan": "Plan order, reversed",
    "due": "Due date, earliest first",
    "-due": "Due date, latest first",
    "title": "Action, A to Z",
    "-title": "Action, Z to A",
    "status": "Status, A to Z",
    "-status": "Status, Z to A",
}


@dataclass(frozen=True)
class ColumnHeader:
    """A column of the action table; a sortable one links to sorting by it."""

    label: str
    url: str = ""
    aria_sort: str = ""
    sort_hint: str = ""


def current_sort(form) -> str:
    """The sort the action list is in: "plan" unless a valid other one was asked for."""
    form.is_valid()  # cleaning leaves an invalid sort out of cleaned_data
    sort = getattr(form, "cleaned_data", {}).get("sort")
    return sort[0] if sort else "plan"


def action_table_headers(params: QueryDict, sort: str) -> list[ColumnHeader]:
    """The table's headers; Action, Timescale and Status sort, toggling on a second click."""
    headers = []
    for label, key in [
        ("Action", "title"),
        ("Timescale", "due"),
        ("Responsibility", ""),
        ("Latest progress", ""),
        ("Status", "status"),
    ]:
        if not key:
            headers.append(ColumnHeader(label))
            continue
        target = f"-{key}" if sort == key else key
        aria_sort = {key: "ascending", f"-{key}": "descending"}.get(sort, "none")
        wording = SORT_LABELS[target]
        headers.append(
            ColumnHeader(
                label=label,
                url=query_string(params, sort=target, page=None),
                aria_sort=aria_sort,
                sort_hint=f", sort by {wording[:1].lower()}{wording[1:]}",
            )
        )
    return headers


@dataclass(frozen=True)
class PageLink:
    number: int | str
    url: str = ""
    current: bool = False

    @property
    def is_ellipsis(self) -> bool:
        return not self.url


@dataclass(frozen=True)
class Pagination:
    """A page of actions: the counts to say, and GOV.UK pagination links keeping the filters."""

    start: int
    end: int
    count: int
    previous_url: str
    next_url: str
    pages: list[PageLink]


def pagination(page, params: QueryDict) -> Pagination:
    """The GOV.UK pagination for ``page`` (a Django Page), with the filters in every link."""
    paginator = page.paginator
    links = []
    if paginator.num_pages > 1:
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            if number == paginator.ELLIPSIS:
                links.append(PageLink(number))
            else:
                url = query_string(params, page=str(number))
                links.append(PageLink(number, url, current=number == page.number))
    return Pagination(
        start=page.start_index(),
        end=page.end_index(),
        count=paginator.count,
        previous_url=(
            query_string(params, page=str(page.previous_page_number()))
            if page.has_previous()
            else ""
        ),
        next_url=query_string(params, page=str(page.next_page_number())) if page.has_next() else "",
        pages=links,
    )


DATE_HINT = "For example, 31 March 2008"


def owner_choices(names: list[str], chosen: str) -> list[tuple[str, str]]:
    """The owner select's options; a name typed into the URL stays selected."""
    choices = [("", "Anyone")] + [(name, name) for name in names]
    if chosen and chosen not in names:
        choices.append((chosen, chosen))
    return choices


def prepare_action_filter_form(form, *, owner_names: list[str], organisations) -> None:
    """Dress ``ActionFilter``'s form as GOV.UK fields for the programme page's GET form."""
    fields = form.fields
    fields["q"].label = "Search actions"
    fields["q"].help_text = "Words from the action, its reference, section or owners"
    fields["status"].widget = forms.CheckboxSelectMultiple(choices=fields["status"].choices)
    fields["owner"].widget = forms.Select(
        choices=owner_choices(owner_names, (form.data.get("owner") or "").strip())
    )
    fields["organisation"].queryset = organisations
    fields["organisation"].empty_label = "Any organisation"
    for name in ("due_before", "overdue_as_of"):
        fields[name].help_text = DATE_HINT
    fields["organisation"].label = "Organisation"
    fields["sort"].empty_label = None  # "Plan order" is the first choice and the default
    fields["sort"].choices = [
        (value, SORT_LABELS.get(value, label)) for value, label in fields["sort"].choices if value
    ]
    fields["sort"].widget.attrs["class"] = "govuk-select"
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(
        Div(
            Div(Field.text("q"), css_class="govuk-grid-column-two-thirds"),
            Div(Field.select("sort"), css_class="govuk-grid-column-one-third"),
            css_class="govuk-grid-row",
        ),
        Div(
            Div(Field.checkboxes("status", small=True), css_class="govuk-grid-column-one-third"),
            Div(
                Field.select("owner"),
                Field.select("organisation"),
                css_class="govuk-grid-column-one-third",
            ),
            Div(
                Field.text("due_before", field_width=Fixed.TEN),
                Field.text("overdue_as_of", field_width=Fixed.TEN),
                css_class="govuk-grid-column-one-third",
            ),
            css_class="govuk-grid-row",
        ),
    )
    form.helper = helper


# --- item pages ---
