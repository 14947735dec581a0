from django.urls import path

from commissioning.plans import views

urlpatterns = [
    path("import/", views.upload, name="import-upload"),
    path("import/<str:token>/preview/", views.preview, name="import-preview"),
    path("import/tasks/<uuid:task_id>/", views.status, name="import-status"),
    path("import/runs/<int:pk>/", views.result, name="import-result"),
]
