from django.urls import path

from haven.languages import views

app_name = "languages"
urlpatterns = [
    path("", views.index, name="index"),
    path("set/", views.set_language, name="set"),
]
