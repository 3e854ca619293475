from django.urls import path

from haven.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.<str:fmt>", views.download, name="download"),
    path("report/", views.report, name="report"),
]
