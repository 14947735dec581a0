"""The JSON API, /api/v1/: resources, the import endpoint and the OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from commissioning.commissions.api import CommissionViewSet, ScoringRoundViewSet
from commissioning.finance.api import PopulationViewSet, SpendLineViewSet, TotalPotView
from commissioning.outcomes.api import (
    AlignmentViewSet,
    ChainViewSet,
    GapViewSet,
    NeedsAnalysisViewSet,
    OutcomeViewSet,
)
from commissioning.partnership.api import (
    AgreementViewSet,
    BodyViewSet,
    MeetingViewSet,
    PostViewSet,
)
from commissioning.performance.api import IndicatorViewSet
from commissioning.plans.api import ImportView
from commissioning.programmes.api import (
    ActionViewSet,
    DeliverableViewSet,
    ProgrammeViewSet,
    ProgressUpdateViewSet,
    StageViewSet,
)
from commissioning.reports.api import ProgrammeReportView


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("programmes", ProgrammeViewSet, basename="api-programme")
router.register("stages", StageViewSet, basename="api-stage")
router.register("deliverables", DeliverableViewSet, basename="api-deliverable")
router.register("actions", ActionViewSet, basename="api-action")
router.register("progress-updates", ProgressUpdateViewSet, basename="api-progress-update")
router.register("bodies", BodyViewSet, basename="api-body")
router.register("posts", PostViewSet, basename="api-post")
router.register("meetings", MeetingViewSet, basename="api-meeting")
router.register("agreements", AgreementViewSet, basename="api-agreement")
router.register("outcomes", OutcomeViewSet, basename="api-outcome")
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("outcome-chains", ChainViewSet, basename="api-outcome-chain")
router.register("alignments", AlignmentViewSet, basename="api-alignment")
router.register("needs-analyses", NeedsAnalysisViewSet, basename="api-needs-analysis")
router.register("gaps", GapViewSet, basename="api-gap")
router.register("spend-lines", SpendLineViewSet, basename="api-spend-line")
router.register("populations", PopulationViewSet, basename="api-population")
router.register("commissions", CommissionViewSet, basename="api-commission")
router.register("scoring-rounds", ScoringRoundViewSet, basename="api-scoring-round")

urlpatterns = [
    path("imports/", ImportView.as_view(), name="api-imports"),
    path(
        "programmes/<slug:slug>/report/",
        ProgrammeReportView.as_view(),
        name="api-programme-report",
    ),
    path("total-pot/", TotalPotView.as_view(), name="api-total-pot"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *router.urls,
]
