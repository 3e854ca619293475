from django.urls import path

from haven.api import views

app_name = "integrations"
urlpatterns = [
    path("clients/", views.clients, name="clients"),
    path("clients/register/", views.register_client, name="register_client"),
    path("clients/<int:client_id>/approve/", views.approve_client, name="approve_client"),
    path("clients/<int:client_id>/revoke/", views.revoke_client, name="revoke_client"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:subscription_id>/end/", views.unsubscribe, name="unsubscribe"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/<int:draft_id>/", views.draft, name="draft"),
    path("drafts/<int:draft_id>/discard/", views.discard_draft, name="discard_draft"),
]
