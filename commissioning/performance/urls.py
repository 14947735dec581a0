"""Performance pages, each under its partnership: /performance/<partnership>/…"""

from django.urls import path

from commissioning.performance import import_views, views

P = "performance/<slug:slug>/"

urlpatterns = [
    path("performance/", views.start, name="performance-start"),
    path(P, views.scorecard, name="performance-scorecard"),
    path(P + "outcomes/<int:pk>/", views.scorecard, name="performance-outcome-scorecard"),
    path(P + "indicators/new/", views.indicator_form, name="performance-indicator-new"),
    path(P + "indicators/<int:pk>/edit/", views.indicator_form, name="performance-indicator-edit"),
    path(P + "indicators/<int:pk>/", views.indicator_page, name="performance-indicator"),
    path(
        P + "indicators/<int:pk>/turn-the-curve/",
        views.turn_the_curve,
        name="performance-turn-the-curve",
    ),
    path(P + "import/", import_views.upload, name="performance-import"),
    path(P + "import/<str:token>/", import_views.preview, name="performance-import-preview"),
    path(P + "values/", views.grid, name="performance-grid"),
    path(P + "scorecard.<str:fmt>", views.download, name="performance-download"),
    path(P + "business-plans/", views.business_plans, name="performance-business-plans"),
    path(P + "business-plans/new/", views.business_plan_form, name="performance-business-plan-new"),
    path(
        P + "business-plans/<int:pk>/", views.business_plan_page, name="performance-business-plan"
    ),
    path(
        P + "business-plans/<int:pk>/edit/",
        views.business_plan_form,
        name="performance-business-plan-edit",
    ),
    path(
        P + "business-plans/<int:pk>/plan.docx",
        views.business_plan_download,
        name="performance-business-plan-docx",
    ),
]
