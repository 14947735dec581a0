"""Outcomes pages, each under its partnership: /outcomes/<partnership>/…"""

from django.urls import path

from commissioning.outcomes import import_views, views

P = "outcomes/<slug:slug>/"

urlpatterns = [
    path("outcomes/", views.start, name="outcomes-start"),
    path(P, views.library, name="outcomes-library"),
    path(P + "download/<str:what>.<str:fmt>", views.table_download, name="outcomes-download"),
    path(P + "new/", views.outcome_form, name="outcomes-outcome-new"),
    path(P + "import/", import_views.upload, name="outcomes-import"),
    path(P + "import/<str:token>/", import_views.preview, name="outcomes-import-preview"),
    path(P + "<int:pk>/", views.outcome_page, name="outcomes-outcome"),
    path(P + "<int:pk>/edit/", views.outcome_form, name="outcomes-outcome-edit"),
    path(P + "<int:pk>/history/", views.outcome_history, name="outcomes-outcome-history"),
    path(P + "chains/<int:pk>/history/", views.chain_history, name="outcomes-chain-history"),
    path(
        P + "alignment/<int:pk>/history/",
        views.alignment_history,
        name="outcomes-alignment-history",
    ),
    path(P + "<int:pk>/archive/", views.outcome_archive, name="outcomes-outcome-archive"),
    path(P + "<int:pk>/link/", views.outcome_link, name="outcomes-outcome-link"),
    path(P + "programme-links/<int:pk>/remove/", views.unlink_item, name="outcomes-unlink-item"),
    path(P + "chains/", views.chains, name="outcomes-chains"),
    path(P + "chains/new/", views.chain_form, name="outcomes-chain-new"),
    path(P + "chains/<int:pk>/", views.chain_page, name="outcomes-chain"),
    path(P + "chains/<int:pk>/edit/", views.chain_form, name="outcomes-chain-edit"),
    path(P + "chains/<int:pk>/archive/", views.chain_archive, name="outcomes-chain-archive"),
    path(P + "chains/<int:pk>/links/", views.chain_add_link, name="outcomes-chain-add-link"),
    path(P + "chains/<int:pk>/factors/", views.chain_add_factor, name="outcomes-chain-add-factor"),
    path(
        P + "chains/<int:pk>/links/remove/",
        views.chain_remove_link,
        name="outcomes-chain-remove-link",
    ),
    path(P + "chains/<int:pk>/link/", views.chain_link_item, name="outcomes-chain-link-item"),
    path(
        P + "chains/<int:pk>/download.<str:fmt>",
        views.chain_download,
        name="outcomes-chain-download",
    ),
    path(P + "alignment/", views.alignments, name="outcomes-alignments"),
    path(P + "alignment/new/", views.alignment_form, name="outcomes-alignment-new"),
    path(P + "alignment/<int:pk>/", views.alignment_page, name="outcomes-alignment"),
    path(P + "alignment/<int:pk>/marks/", views.alignment_mark, name="outcomes-alignment-mark"),
    path(
        P + "alignment/<int:pk>/marks/<int:mark_pk>/remove/",
        views.alignment_unmark,
        name="outcomes-alignment-unmark",
    ),
    path(P + "needs/", views.needs_analyses, name="outcomes-needs-analyses"),
    path(P + "needs/new/", views.needs_analysis_form, name="outcomes-needs-analysis-new"),
    path(
        P + "needs/<int:pk>/edit/", views.needs_analysis_form, name="outcomes-needs-analysis-edit"
    ),
    path(
        P + "needs/<int:pk>/archive/",
        views.needs_analysis_archive,
        name="outcomes-needs-analysis-archive",
    ),
    path(P + "gaps/", views.gaps, name="outcomes-gaps"),
    path(P + "tables/<str:table>/import/", import_views.table_upload, name="outcomes-table-import"),
    path(
        P + "tables/<str:table>/import/<str:token>/",
        import_views.table_preview,
        name="outcomes-table-import-preview",
    ),
    path(P + "gaps/new/", views.gap_form, name="outcomes-gap-new"),
    path(P + "gaps/<int:pk>/", views.gap_page, name="outcomes-gap"),
    path(P + "gaps/<int:pk>/edit/", views.gap_form, name="outcomes-gap-edit"),
    path(P + "gaps/<int:pk>/history/", views.gap_history, name="outcomes-gap-history"),
    path(
        P + "needs/<int:pk>/history/",
        views.needs_analysis_history,
        name="outcomes-needs-analysis-history",
    ),
    path(P + "gaps/<int:pk>/move/", views.gap_move, name="outcomes-gap-move"),
    path(P + "coverage/", views.coverage, name="outcomes-coverage"),
]
