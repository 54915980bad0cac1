"""Registries: how apps offer things to each other without importing each other.

Each app registers its providers at start-up (its AppConfig.ready()); a consumer asks the registry.
A provider is a callable, or the dotted path of one (imported when first used, so that registering
costs nothing at start-up). Providers are kept in `order` (then in the order they registered).

- `open_tasks`: what waits for a member's official, for the member home;
  provider(*, member, user) -> [{"label": str, "url": str}].
- `help_offers`: help another app can offer for a topic (sessions, calls …);
  provider(**query) -> list of offers.
- `demo_loaders`: each app's demo data, seeded by `manage.py seed_demo` in `order`;
  provider(*, stdout) -> a summary (or nothing). An entry may name an `accounts` printer, which
  seed_demo calls at the end to show the demo accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

Provider = Callable[..., Any]


def _resolve(provider: Provider | str) -> Provider:
    return import_string(provider) if isinstance(provider, str) else provider


@dataclass
class Entry:
    """One registered provider: its name (the app's, by default), its place and what else it offers."""

    provider: Provider | str
    name: str = ""
    order: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _resolve(self.provider)(*args, **kwargs)

    def get(self, key: str) -> Provider | None:
        """A further callable the entry names (e.g. `accounts`), resolved like the provider."""
        value = self.extra.get(key)
        return _resolve(value) if value is not None else None


class Registry:
    """An ordered set of providers; registering the same provider twice keeps one."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self._entries: list[Entry] = []

    def register(
        self, provider: Provider | str, *, name: str = "", order: int = 0, **extra: Any
    ) -> Provider | str:
        """Add `provider` (usable as a decorator); a second registration of it replaces the first."""
        self._entries = [e for e in self._entries if e.provider != provider]
        self._entries.append(Entry(provider=provider, name=name, order=order, extra=extra))
        self._entries.sort(key=lambda e: e.order)  # stable: equal orders keep their registration order
        return provider

    def entries(self) -> list[Entry]:
        return list(self._entries)

    @property
    def _providers(self) -> list[Provider | str]:
        """The registered providers as given, in order."""
        return [e.provider for e in self._entries]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def __contains__(self, provider: object) -> bool:
        return provider in self._providers

    def collect(self, **kwargs: Any) -> list[Any]:
        """Call every provider with `kwargs` and join the lists they return."""
        found: list[Any] = []
        for entry in self._entries:
            found.extend(entry(**kwargs) or [])
        return found


open_tasks = Registry("open tasks")
help_offers = Registry("help offers")
demo_loaders = Registry("demo loaders")


def open_tasks_for(*, member: Any, user: Any) -> list[dict]:
    """Every app's open tasks for an official of `member`, for the member home."""
    return open_tasks.collect(member=member, user=user)
