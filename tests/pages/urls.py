"""Every named URL of the product, as concrete paths to visit.

The URL resolver is walked, so a page added later is visited without editing this file. Left
out: the admin (Django's own), the emulated outside apps (sandbox/, not the product)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

SKIPPED_PREFIXES = ("admin/", "sandbox/")
# Pages anyone may open: allauth's own sign-in pages, the webhooks (their own secrets), the
# probes, the unsubscribe link of an email (its token is the key) and the language switcher
# (the login page's too).
PUBLIC_PREFIXES = ("/accounts/", "/webhooks/", "/healthz", "/readyz", "/metrics")
PUBLIC_NAMES = {"operations-unsubscribe", "set_language"}
# Machine endpoints: they answer in their own terms (text or JSON), not with a page.
MACHINE_PREFIXES = ("/webhooks/", "/healthz", "/readyz", "/metrics")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]

    def path(self, values: dict) -> str:
        return reverse(self.name, kwargs={k: values[k] for k in self.kwargs})

    @property
    def has_integration(self) -> bool:
        return "uuid" in self.kwargs


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), pattern


def product_routes() -> list[Route]:
    routes = []
    for text, pattern in walk(get_resolver().url_patterns):
        if text.startswith(SKIPPED_PREFIXES):
            continue
        kwargs = tuple(pattern.pattern.regex.groupindex)
        routes.append(Route(pattern.name, text, kwargs))
    return routes


def is_public(route: Route, path: str) -> bool:
    return route.name in PUBLIC_NAMES or path.startswith(PUBLIC_PREFIXES)


def is_machine(path: str) -> bool:
    return path.startswith(MACHINE_PREFIXES)
