"""The action filters: one FilterSet serves the programme page and the API alike.

Dates may be typed as people write them ("31 March 2008", "31/03/2008", "2008-03-31",
"March 2008"); a period means its last day.
"""

from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from commissioning.domain.timescales import date_as_written
from commissioning.partnership.models import Organisation
from commissioning.programmes.models import Action, ActionOwner, StatusChoices

FINISHED = [StatusChoices.COMPLETE, StatusChoices.DROPPED]


class ReadableDateField(forms.CharField):
    """A date typed as people write it; a month or other period means its last day."""

    def to_python(self, value) -> date | None:
        try:
            return date_as_written(super().to_python(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class ReadableDateFilter(django_filters.Filter):
    field_class = ReadableDateField


class ActionFilter(django_filters.FilterSet):
    """Filter and sort a programme's actions; every filter lives in the URL."""

    q = django_filters.CharFilter(method="filter_text", label="Search")
    status = django_filters.MultipleChoiceFilter(choices=StatusChoices.choices, distinct=False)
    owner = django_filters.CharFilter(method="filter_owner", label="Owner")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_organisation", label="Organisation"
    )
    due_before = ReadableDateFilter(method="filter_due_before", label="Due on or before")
    overdue_as_of = ReadableDateFilter(method="filter_overdue", label="Overdue as of")
    sort = django_filters.OrderingFilter(
        fields=(
            ("order", "plan"),
            ("timescale_end", "due"),
            ("title", "title"),
            ("status", "status"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            owned = ActionOwner.objects.filter(action=OuterRef("pk"), name__icontains=word)
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(ref__iexact=word)
                | Q(section__icontains=word)
                | Exists(owned)
            )
        return queryset

    def filter_owner(self, queryset, name, value):
        owned = ActionOwner.objects.filter(action=OuterRef("pk"), name__iexact=value.strip())
        return queryset.filter(Exists(owned))

    def filter_organisation(self, queryset, name, value):
        owned = ActionOwner.objects.filter(action=OuterRef("pk")).filter(
            Q(organisation=value) | Q(person__organisation=value) | Q(team__organisation=value)
        )
        return queryset.filter(Exists(owned))

    def filter_due_before(self, queryset, name, value):
        return queryset.filter(timescale_end__lte=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(timescale_end__lt=value).exclude(status__in=FINISHED)
