from django.urls import path

from commissioning.plans import views

urlpatterns = [
    path("import/", views.upload, name="import-upload"),
    path("import/<str:token>/preview/", views.preview, name="import-preview"),
    path("import/runs/<int:pk>/", views.result, name="import-result"),
]
