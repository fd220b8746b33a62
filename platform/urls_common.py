"""URL patterns served on every host: health, accounts, Wagtail admin."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.i18n import set_language
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from guichet.ops.views import public_media

urlpatterns: list[URLPattern | URLResolver] = [
    path("compte/", include("guichet.accounts.urls")),
    path("langue/", set_language, name="set_language"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.GUICHET_SERVE_MEDIA:
    # Local files only (demo, tests, one-machine installs); with S3 the bucket serves them.
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", public_media))
