from django.urls import path

from commissioning.programmes.views import editing, items, programme

urlpatterns = [
    path("", programme.home, name="home"),
    path("programmes/<slug:slug>/", programme.programme_page, name="programme"),
    path("programmes/<slug:slug>/actions.csv", programme.actions_csv, name="programme-actions-csv"),
    path("programmes/<slug:slug>/edit/", editing.edit_programme, name="programme-edit"),
    path(
        "programmes/<slug:slug>/review-statuses/",
        items.review_statuses,
        name="programme-review-statuses",
    ),
    path("stages/<int:pk>/edit/", editing.edit_stage, name="stage-edit"),
    path("actions/<int:pk>/", items.action_page, name="action"),
    path("actions/<int:pk>/progress/", items.add_action_progress, name="action-add-progress"),
    path(
        "actions/<int:pk>/confirm-status/",
        items.confirm_action_status,
        name="action-confirm-status",
    ),
    path("actions/<int:pk>/edit/", editing.edit_action, name="action-edit"),
    path("deliverables/<int:pk>/", items.deliverable_page, name="deliverable"),
    path(
        "deliverables/<int:pk>/progress/",
        items.add_deliverable_progress,
        name="deliverable-add-progress",
    ),
    path(
        "deliverables/<int:pk>/confirm-status/",
        items.confirm_deliverable_status,
        name="deliverable-confirm-status",
    ),
    path("deliverables/<int:pk>/edit/", editing.edit_deliverable, name="deliverable-edit"),
]
