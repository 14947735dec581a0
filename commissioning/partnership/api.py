"""The JSON API for the partnership's governance: bodies, posts, meetings and agreements.

Read-only for now. Every list is read in a fixed number of queries, whatever its size, and
shows only what the user may see (``commissioning.access.rules``); the four resources share
one shape, ``GovernanceViewSet``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from rest_framework import serializers, viewsets

from commissioning.access import rules as access
from commissioning.partnership.models import (
    Agreement,
    Body,
    Contribution,
    Decision,
    Meeting,
    Post,
    PostTenure,
)
from commissioning.programmes.api.base import RetrieveWithETag

# --- Scoping: every viewset reads what the rules in commissioning.access.rules let the user see


class GovernanceViewSet(RetrieveWithETag, viewsets.ReadOnlyModelViewSet):
    """A read-only resource of the partnership's governance: its rows are ``visible`` to the
    user (an access rule), ``shaped`` for the serializer in a fixed number of queries."""

    filter_backends: list = []
    visible: Callable[..., QuerySet]  # each resource names its rule

    def get_queryset(self):
        return self.shaped(self.visible(self.request.user))

    def shaped(self, queryset: QuerySet) -> QuerySet:
        return queryset


def _tenures() -> Prefetch:
    return Prefetch(
        "tenures", queryset=PostTenure.objects.select_related("person").order_by("start", "id")
    )


# --- Serializers --------------------------------------------------------------------------------


class TenureSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.name")

    class Meta:
        model = PostTenure
        fields = ["person", "start", "end"]


class PostSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-post-detail")
    body = serializers.SlugRelatedField(slug_field="name", read_only=True)
    holder = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    is_filled = serializers.BooleanField(read_only=True)
    tenures = TenureSerializer(many=True, read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "title",
            "remit",
            "body",
            "holder",
            "filled_on",
            "is_filled",
            "tenures",
            "url",
        ]


class BodyPostSerializer(PostSerializer):
    class Meta(PostSerializer.Meta):
        fields = ["id", "title", "remit", "holder", "filled_on", "is_filled", "url"]


class BodySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-body-detail")
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    parent = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    posts = BodyPostSerializer(many=True, read_only=True)
    posts_filled = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "id",
            "partnership",
            "name",
            "kind",
            "unit_type",
            "organisation",
            "parent",
            "description",
            "posts",
            "posts_filled",
            "url",
        ]

    def get_posts_filled(self, body) -> int:
        return sum(1 for post in body.posts.all() if post.holder_id)


class DecisionSerializer(serializers.ModelSerializer):
    actions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    deliverables = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "text", "actions", "deliverables"]


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-meeting-detail")
    body = serializers.SlugRelatedField(slug_field="name", read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "body", "date", "title", "decisions", "url"]


class ContributionSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Contribution
        fields = ["organisation", "financial_year", "amount"]


class AgreementSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-agreement-detail")
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parties = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    host = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    actions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    contributions = ContributionSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "partnership",
            "title",
            "kind",
            "status",
            "parties",
            "host",
            "start",
            "end",
            "actions",
            "contributions",
            "url",
        ]


# --- Viewsets -----------------------------------------------------------------------------------


class BodyViewSet(GovernanceViewSet):
    """Bodies of the partnership, with their posts and how many are filled."""

    serializer_class = BodySerializer
    visible = staticmethod(access.visible_bodies)

    def shaped(self, bodies: QuerySet[Body]) -> QuerySet[Body]:
        posts = Post.objects.select_related("holder")
        return (
            bodies.select_related("partnership", "organisation", "parent")
            .prefetch_related(Prefetch("posts", queryset=posts))
            .order_by("order", "name")
        )


class PostViewSet(GovernanceViewSet):
    """Posts with their remit, holder and who has held them when."""

    serializer_class = PostSerializer
    visible = staticmethod(access.visible_posts)

    def shaped(self, posts: QuerySet[Post]) -> QuerySet[Post]:
        return (
            posts.select_related("body", "holder")
            .prefetch_related(_tenures())
            .order_by("body__order", "body__name", "order", "id")
        )


class MeetingViewSet(GovernanceViewSet):
    """Meetings of bodies with their decisions and the actions and deliverables affected."""

    serializer_class = MeetingSerializer
    visible = staticmethod(access.visible_meetings)

    def shaped(self, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
        decisions = Decision.objects.prefetch_related("actions", "deliverables")
        return (
            meetings.select_related("body")
            .prefetch_related(Prefetch("decisions", queryset=decisions))
            .order_by("-date", "id")
        )


class AgreementViewSet(GovernanceViewSet):
    """Agreements with their parties, host, status and contributions per financial year."""

    serializer_class = AgreementSerializer
    visible = staticmethod(access.visible_agreements)

    def shaped(self, agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
        contributions = Contribution.objects.select_related("organisation")
        return (
            agreements.select_related("partnership", "host")
            .prefetch_related(
                "parties", "actions", Prefetch("contributions", queryset=contributions)
            )
            .order_by("title")
        )
