from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "haven.referrals"
    label = "referrals"
    verbose_name = "Referral (National Referral Mechanism)"

    def ready(self) -> None:
        from haven.referrals import retention  # noqa: F401  (registers its eraser)
