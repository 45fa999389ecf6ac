from django.urls import path

from organizations import exports, views

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="list"),
    path("export.csv", exports.organizations_csv, name="export"),
    path("<slug:slug>/", views.organization_detail, name="detail"),
]
