from django.urls import path

from haven.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("case/<int:case_id>/new/", views.refer, name="refer"),
    path("<int:referral_id>/", views.detail, name="detail"),
    path("<int:referral_id>/shared/", views.shared, name="shared"),
    path("<int:referral_id>/accept/", views.accept, name="accept"),
    path("<int:referral_id>/decline/", views.decline, name="decline"),
    path("<int:referral_id>/complete/", views.complete, name="complete"),
    path("<int:referral_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:referral_id>/open-case/", views.open_case, name="open_case"),
]
