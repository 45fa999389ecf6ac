from django.urls import path

from organizations import views
from portal import exports

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="list"),
    path("export.csv", exports.organizations_csv, name="export"),
    path("<slug:slug>/", views.OrganizationDetailView.as_view(), name="detail"),
]
