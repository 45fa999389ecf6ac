from django.urls import path

from agreements import exports, views

app_name = "benefits"

urlpatterns = [
    path("", views.benefit_list, name="list"),
    path("export.csv", exports.benefits_csv, name="export"),
]
