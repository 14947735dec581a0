"""URLs of the governance pages, under /partnership/."""

from django.urls import path

from commissioning.partnership import governance_views as views

urlpatterns = [
    path("partnership/", views.structure, name="governance-structure"),
    path("partnership/chart/", views.chart, name="governance-chart"),
    path("partnership/chart.svg", views.chart_svg, name="governance-chart-svg"),
    path("partnership/bodies/new/", views.body_form, name="governance-body-new"),
    path("partnership/bodies/<int:pk>/", views.body_page, name="governance-body"),
    path("partnership/bodies/<int:pk>/edit/", views.body_form, name="governance-body-edit"),
    path(
        "partnership/bodies/<int:body_pk>/posts/new/", views.post_form, name="governance-post-new"
    ),
    path(
        "partnership/bodies/<int:pk>/members/new/", views.add_member, name="governance-member-new"
    ),
    path(
        "partnership/bodies/<int:pk>/meetings/new/",
        views.add_meeting,
        name="governance-meeting-new",
    ),
    path("partnership/posts/<int:pk>/edit/", views.post_form, name="governance-post-edit"),
    path("partnership/posts/<int:pk>/fill/", views.fill_post, name="governance-post-fill"),
    path("partnership/posts/<int:pk>/vacate/", views.vacate_post, name="governance-post-vacate"),
    path(
        "partnership/meetings/<int:pk>/decisions/new/",
        views.add_decision,
        name="governance-decision-new",
    ),
    path("partnership/meetings/", views.meetings, name="governance-meetings"),
    path("partnership/agreements/", views.agreements, name="governance-agreements"),
    path("partnership/agreements/new/", views.agreement_form, name="governance-agreement-new"),
    path("partnership/agreements/<int:pk>/", views.agreement_page, name="governance-agreement"),
    path(
        "partnership/agreements/<int:pk>/edit/",
        views.agreement_form,
        name="governance-agreement-edit",
    ),
    path(
        "partnership/agreements/<int:pk>/contributions/",
        views.set_contribution,
        name="governance-contribution-set",
    ),
    path("partnership/export/<str:what>.<str:format>", views.export, name="governance-export"),
    path("partnership/import/", views.import_page, name="governance-import"),
    path(
        "partnership/bodies/<int:pk>/history/", views.body_history, name="governance-body-history"
    ),
    path(
        "partnership/agreements/<int:pk>/history/",
        views.agreement_history,
        name="governance-agreement-history",
    ),
]
