"""The shell of every page in the interface languages: header, navigation, footer, errors."""

from django.utils import translation


def test_the_home_page_in_arabic_is_right_to_left_with_arabic_navigation(client, frontline):
    client.force_login(frontline)
    client.cookies["django_language"] = "ar"
    page = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert ">الرئيسية</a>" in page and ">تسجيل الخروج</button>" in page
    assert 'aria-label="القائمة الرئيسية"' in page
    assert "الانتقال إلى المحتوى" in page  # the skip link
    assert "أدوارك:" in page and "عامل في الخطوط الأمامية" in page  # the role, translated


def test_the_not_found_page_in_french(client, frontline):
    client.force_login(frontline)
    with translation.override("fr"):
        response = client.get("/nowhere/", HTTP_ACCEPT_LANGUAGE="fr")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Introuvable</h1>" in page and "Retour à votre page d’accueil" in page


def test_the_footer_in_chinese_keeps_the_standards_name(client, db):
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/accounts/login/").content.decode()
    assert "《贩运人口个案数据标准》（HTCDS）" in page
