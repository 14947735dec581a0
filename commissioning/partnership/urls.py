from django.urls import path

from commissioning.partnership import role_views, views

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/organisations/<int:pk>/", views.organisation_page, name="organisation"),
    path("directory/people/<int:pk>/", views.person_page, name="person"),
    path("directory/teams/<int:pk>/", views.team_page, name="team"),
    path("programmes/<slug:slug>/people/", role_views.programme_people, name="programme-people"),
    path("directory/people/<int:pk>/export.json", views.person_export, name="person-export"),
]
