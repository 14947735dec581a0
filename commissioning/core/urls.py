from django.urls import path

from commissioning.core import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("api/", views.ApiDocsView.as_view(), name="api-docs"),
    path("api/v1/schema/docs/", views.ApiSchemaDocsView.as_view(), name="api-schema-docs"),
    path("assets/<path:path>", views.govuk_asset, name="govuk-asset"),
    path("favicon.ico", views.favicon, name="favicon"),
]
