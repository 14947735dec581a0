from django.urls import path

from commissioning.partnership import views

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/organisations/<int:pk>/", views.organisation_page, name="organisation"),
    path("directory/people/<int:pk>/", views.person_page, name="person"),
    path("directory/teams/<int:pk>/", views.team_page, name="team"),
]
