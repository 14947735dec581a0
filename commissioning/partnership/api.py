"""The JSON API for the partnership's governance: bodies, posts, meetings and agreements.

Read-only for now. Every list is read in a fixed number of queries, whatever its size, and
shows only what the user may see (``commissioning.access.rules``).
"""

from __future__ import annotations

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

# --- Scoping: every lookup goes through these; the rules are in commissioning.access.rules -----


def bodies_for(user) -> QuerySet[Body]:
    """The bodies ``user`` may see."""
    return access.visible_bodies(user)


def posts_for(user) -> QuerySet[Post]:
    return access.visible_posts(user)


def meetings_for(user) -> QuerySet[Meeting]:
    return access.visible_meetings(user)


def agreements_for(user) -> QuerySet[Agreement]:
    """The agreements ``user`` may see."""
    return access.visible_agreements(user)


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


class BodyViewSet(RetrieveWithETag, viewsets.ReadOnlyModelViewSet):
    """Bodies of the partnership, with their posts and how many are filled."""

    serializer_class = BodySerializer
    filter_backends: list = []

    def get_queryset(self):
        posts = Post.objects.select_related("holder")
        return (
            bodies_for(self.request.user)
            .select_related("partnership", "organisation", "parent")
            .prefetch_related(Prefetch("posts", queryset=posts))
            .order_by("order", "name")
        )


class PostViewSet(RetrieveWithETag, viewsets.ReadOnlyModelViewSet):
    """Posts with their remit, holder and who has held them when."""

    serializer_class = PostSerializer
    filter_backends: list = []

    def get_queryset(self):
        return (
            posts_for(self.request.user)
            .select_related("body", "holder")
            .prefetch_related(_tenures())
            .order_by("body__order", "body__name", "order", "id")
        )


class MeetingViewSet(RetrieveWithETag, viewsets.ReadOnlyModelViewSet):
    """Meetings of bodies with their decisions and the actions and deliverables affected."""

    serializer_class = MeetingSerializer
    filter_backends: list = []

    def get_queryset(self):
        decisions = Decision.objects.prefetch_related("actions", "deliverables")
        return (
            meetings_for(self.request.user)
            .select_related("body")
            .prefetch_related(Prefetch("decisions", queryset=decisions))
            .order_by("-date", "id")
        )


class AgreementViewSet(RetrieveWithETag, viewsets.ReadOnlyModelViewSet):
    """Agreements with their parties, host, status and contributions per financial year."""

    serializer_class = AgreementSerializer
    filter_backends: list = []

    def get_queryset(self):
        contributions = Contribution.objects.select_related("organisation")
        return (
            agreements_for(self.request.user)
            .select_related("partnership", "host")
            .prefetch_related(
                "parties", "actions", Prefetch("contributions", queryset=contributions)
            )
            .order_by("title")
        )
