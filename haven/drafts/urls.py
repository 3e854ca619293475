from django.urls import path

from haven.drafts import views

app_name = "drafts"
urlpatterns = [
    path("load/", views.load, name="load"),
    path("save/", views.save, name="save"),
    path("discard/", views.discard, name="discard"),
    path("keepalive/", views.keepalive, name="keepalive"),
]
