from django.urls import path

from search import views

# Not namespaced: the header box of every page and the home page link to "search".
urlpatterns = [
    path("", views.search, name="search"),
]
