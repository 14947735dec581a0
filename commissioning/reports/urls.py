from django.urls import path

from commissioning.reports.views import background, board_pack, calendars, dashboard, highlight

urlpatterns = [
    path(
        "partnerships/<slug:slug>/board-pack/",
        board_pack.board_pack_page,
        name="reports-board-pack",
    ),
    path(
        "partnerships/<slug:slug>/board-pack/download.<str:fmt>",
        board_pack.board_pack_download,
        name="reports-board-pack-download",
    ),
    path("programmes/<slug:slug>/dashboard/", dashboard.dashboard_page, name="programme-dashboard"),
    path("programmes/<slug:slug>/timeline/", dashboard.timeline_page, name="programme-timeline"),
    path(
        "programmes/<slug:slug>/reports/highlight/",
        highlight.highlight_report,
        name="programme-highlight-report",
    ),
    path(
        "programmes/<slug:slug>/reports/highlight/tasks/<uuid:task_id>/",
        background.highlight_task,
        name="programme-highlight-task",
    ),
    path(
        "programmes/<slug:slug>/reports/highlight/tasks/<uuid:task_id>/file/",
        background.highlight_task_file,
        name="programme-highlight-task-file",
    ),
    path(
        "programmes/<slug:slug>/calendar.ics",
        calendars.programme_calendar_feed,
        name="programme-calendar",
    ),
    path(
        "programmes/<slug:slug>/calendar/address/",
        calendars.programme_calendar_address,
        name="programme-calendar-address",
    ),
    path("people/<int:pk>/calendar.ics", calendars.person_calendar_feed, name="person-calendar"),
    path(
        "people/<int:pk>/calendar/address/",
        calendars.person_calendar_address,
        name="person-calendar-address",
    ),
]
