from django.urls import path

from agreements import exports, views

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("export.csv", exports.agreements_csv, name="export"),
    path("<slug:slug>/", views.agreement_detail, name="detail"),
]
