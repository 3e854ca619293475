from django.urls import path

from haven.corpus import views

app_name = "corpus"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search_page, name="search"),
    path("upload/", views.upload, name="upload"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("guidance/", views.guidance, name="guidance"),
    path("guidance/export.<str:fmt>", views.guidance_export, name="export"),
    path("guidance/<int:pk>/tags/", views.guidance_tags, name="tags"),
]
