from django.urls import path

from agreements import views
from portal import exports

app_name = "benefits"

urlpatterns = [
    path("", views.benefit_list, name="list"),
    path("export.csv", exports.benefits_csv, name="export"),
]
