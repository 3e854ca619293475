from django.urls import path

from haven.inbox import views

app_name = "inbox"
urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
]
