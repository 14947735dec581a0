"""Total pot pages, each under its partnership: /finance/<partnership>/…"""

from django.urls import path

from commissioning.finance import import_views, views

P = "finance/<slug:slug>/"

urlpatterns = [
    path("finance/", views.start, name="finance-start"),
    path(P, views.pot_page, name="finance-pot"),
    path(P + "download.<str:fmt>", views.download, name="finance-download"),
    path(P + "deep-dive/", views.deep_dive, name="finance-deep-dive"),
    path(
        P + "deep-dive/outcome/<int:pk>/notes/",
        views.deep_dive_notes,
        name="finance-deep-dive-outcome-notes",
    ),
    path(
        P + "deep-dive/theme/<path:theme>/notes/",
        views.deep_dive_notes,
        name="finance-deep-dive-theme-notes",
    ),
    path(P + "compare/", views.compare, name="finance-compare"),
    path(P + "lines/", views.lines, name="finance-lines"),
    path(P + "lines/new/", views.line_form, name="finance-line-new"),
    path(P + "lines/<int:pk>/edit/", views.line_form, name="finance-line-edit"),
    path(P + "lines/<int:pk>/delete/", views.line_delete, name="finance-line-delete"),
    path(P + "import/", import_views.upload, name="finance-import"),
    path(P + "import/<str:token>/", import_views.preview, name="finance-import-preview"),
    path(P + "submissions/", views.submissions, name="finance-submissions"),
    path(P + "submissions/mark/", views.submit, name="finance-submit"),
    path(P + "population/", views.population, name="finance-population"),
    path(P + "pools/<int:pk>/lines/", views.pool_lines, name="finance-pool-lines"),
]
