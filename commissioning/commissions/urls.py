"""Commissions pages, each under its partnership: /commissions/<partnership>/…"""

from django.urls import path

from commissioning.commissions import views

P = "commissions/<slug:slug>/"

urlpatterns = [
    path(P, views.board, name="commissions-board"),
    path(P + "coverage/", views.coverage, name="commissions-coverage"),
    path(P + "dashboard/", views.dashboard, name="commissions-dashboard"),
    path(P + "new/", views.commission_create, name="commissions-commission-create"),
    path(P + "<int:pk>/edit/", views.commission_edit, name="commissions-commission-edit"),
    path(P + "<int:pk>/", views.commission_page, name="commissions-commission"),
    path(P + "<int:pk>/ocds.json", views.commission_ocds, name="commissions-commission-ocds"),
    path(P + "<int:pk>/evaluation-plan/", views.evaluation_plan_edit, name="commissions-plan"),
    path(P + "<int:pk>/evaluations/new/", views.evaluation_create, name="commissions-evaluate"),
    path(P + "<int:pk>/lessons/new/", views.lesson_create, name="commissions-lesson"),
    path(
        P + "<int:pk>/lessons/<int:lesson_pk>/act/",
        views.lesson_act,
        name="commissions-lesson-act",
    ),
    path(P + "<int:pk>/move/", views.commission_move, name="commissions-commission-move"),
    path(P + "<int:pk>/milestones/new/", views.milestone_create, name="commissions-milestone"),
    path(
        P + "<int:pk>/milestones/<int:milestone_pk>/",
        views.milestone_record,
        name="commissions-milestone-record",
    ),
    path(P + "criteria/new/", views.criteria_set_create, name="commissions-criteria-create"),
    path(P + "rounds/new/", views.round_create, name="commissions-round-create"),
    path(P + "rounds/<int:pk>/", views.prioritised, name="commissions-prioritised"),
    path(P + "rounds/<int:pk>/compare/", views.compare, name="commissions-compare"),
    path(P + "rounds/<int:pk>/approve/", views.approve, name="commissions-approve"),
    path(P + "rounds/<int:pk>/scores/", views.scores, name="commissions-scores"),
    path(
        P + "rounds/<int:pk>/prioritised.<str:fmt>",
        views.prioritised_export,
        name="commissions-prioritised-export",
    ),
]
