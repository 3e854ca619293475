from django.urls import path

from haven.stats import views, views_public

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.<str:fmt>", views.download, name="download"),
    path("report/", views.report, name="report"),
    path("releases/", views_public.releases, name="releases"),
    path("releases/<int:release_id>/withdraw/", views_public.withdraw, name="withdraw"),
    path("public/", views_public.public_releases, name="public_releases"),
    path("public/<str:country>/<int:year>/", views_public.public_release, name="public_release"),
    path(
        "public/<str:country>/<int:year>/release.csv",
        views_public.public_release_csv,
        name="public_release_csv",
    ),
]
