from django.urls import path

from commissioning.programmes.views import archive, editing, history, items, programme, structure

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
    # Building the programme: stages, deliverables, actions
    path("programmes/<slug:slug>/stages/", structure.programme_stages, name="programme-stages"),
    path("programmes/<slug:slug>/stages/add/", structure.add_stage, name="programme-add-stage"),
    path("programmes/<slug:slug>/actions/add/", structure.add_action, name="programme-add-action"),
    path("stages/<int:pk>/move/", structure.move_stage, name="stage-move"),
    path("stages/<int:pk>/archive/", structure.archive_stage, name="stage-archive"),
    path("stages/<int:pk>/restore/", structure.restore_stage, name="stage-restore"),
    path(
        "stages/<int:pk>/deliverables/add/",
        structure.add_deliverable,
        name="stage-add-deliverable",
    ),
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
    # History, archive and restore
    path("actions/<int:pk>/history/", history.action_history, name="action-history"),
    path("actions/<int:pk>/history.csv", history.action_history_csv, name="action-history-csv"),
    path("actions/<int:pk>/archive/", archive.archive_action, name="action-archive"),
    path("actions/<int:pk>/restore/", archive.restore_action, name="action-restore"),
    path("deliverables/<int:pk>/history/", history.deliverable_history, name="deliverable-history"),
    path(
        "deliverables/<int:pk>/history.csv",
        history.deliverable_history_csv,
        name="deliverable-history-csv",
    ),
    path("deliverables/<int:pk>/archive/", archive.archive_deliverable, name="deliverable-archive"),
    path("deliverables/<int:pk>/restore/", archive.restore_deliverable, name="deliverable-restore"),
    path("stages/<int:pk>/history.csv", history.stage_history_csv, name="stage-history-csv"),
    path("programmes/<slug:slug>/history/", history.programme_history, name="programme-history"),
    path(
        "programmes/<slug:slug>/history.csv",
        history.programme_history_csv,
        name="programme-history-csv",
    ),
]
