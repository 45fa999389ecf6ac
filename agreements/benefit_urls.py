from django.urls import path

from agreements import views

app_name = "benefits"

urlpatterns = [
    path("", views.benefit_list, name="list"),
]
