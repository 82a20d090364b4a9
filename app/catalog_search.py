"""A local, in-memory index over 子育てワンストップ service catalogs, for instant search.

The backend answers ``GET /services`` per municipality; the client keeps what it fetched here
and answers each keystroke locally. A query names a municipality (or none: every catalog
held), a situation (or none) and words. Words match the service's name, summary,
eligibility and document names, after folding: NFKC (full-width → half-width, compatibility
kana), lower case, and hiragana → katakana, so 「じどうてあて」 and 「ｼﾞﾄﾞｳ」 find what
「ジドウ」 finds.

Many municipalities offer the same services with the same texts, so the index keeps each
distinct text once and tests a query's words against it once per query, whatever the
number of municipalities (≤ 20 ms a query over all 1,700+ catalogs; see bench/search.py).
Likewise, catalogs whose entries have the same texts, situations and online flags share one
shape: a query picks the matching positions once per shape and copies them out of each
catalog, instead of testing every entry of every municipality.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.portal.models import Service

_HIRA_TO_KATA = {c: c + 0x60 for c in range(ord("ぁ"), ord("ゖ") + 1)}


def fold(text: str) -> str:
    """The form in which queries and service texts are compared."""
    return unicodedata.normalize("NFKC", text).lower().translate(_HIRA_TO_KATA)


def query_words(query: str) -> tuple[str, ...]:
    return tuple(w for w in fold(query).split() if w)


@dataclass(frozen=True)
class CatalogEntry:
    """One service as offered by one municipality."""

    municipality_code: str
    municipality_name: str
    service: Service
    situations: frozenset[str]


def _haystack(service: Service) -> str:
    words = [service.name, service.summary, service.eligibility, service.deadline or "",
             service.legal_basis or "", *(d.name for d in service.documents)]
    return fold(" ".join(words))


class CatalogIndex:
    """Services by municipality; ``search`` is the fast path, everything else is setup."""

    def __init__(self) -> None:
        self._entries: dict[str, list[CatalogEntry]] = {}
        self._names: dict[str, str] = {}
        # Distinct haystacks and, per entry, the index of its haystack.
        self._hay: list[str] = []
        self._hay_ids: dict[str, int] = {}
        self._entry_hay: dict[int, int] = {}
        # Per municipality, the id of its catalog's shape (what a query's filters look at).
        self._shape_ids: dict[tuple[tuple[int, frozenset[str], bool], ...], int] = {}
        self._shapes: list[tuple[tuple[int, frozenset[str], bool], ...]] = []
        self._shape_of: dict[str, int] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self._entries.values())

    @property
    def municipalities(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def has(self, municipality_code: str) -> bool:
        return municipality_code in self._entries

    def name_of(self, municipality_code: str) -> str:
        return self._names.get(municipality_code, municipality_code)

    def put(self, municipality_code: str, municipality_name: str, services: Iterable[Service],
            situations: Mapping[str, Iterable[str]] | None = None) -> None:
        """Replaces that municipality's catalog. ``situations`` maps a service id to its
        situation codes (when known)."""
        situations = situations or {}
        entries = []
        for s in services:
            entry = CatalogEntry(municipality_code, municipality_name, s, frozenset(situations.get(s.id, ())))
            hay = _haystack(s)
            hay_id = self._hay_ids.get(hay)
            if hay_id is None:
                hay_id = len(self._hay)
                self._hay.append(hay)
                self._hay_ids[hay] = hay_id
            self._entry_hay[id(entry)] = hay_id
            entries.append(entry)
        for old in self._entries.get(municipality_code, ()):
            self._entry_hay.pop(id(old), None)
        self._entries[municipality_code] = entries
        self._names[municipality_code] = municipality_name
        self._reshape(municipality_code)

    def _reshape(self, municipality_code: str) -> None:
        shape = tuple((self._entry_hay[id(e)], e.situations, e.service.online)
                      for e in self._entries[municipality_code])
        shape_id = self._shape_ids.get(shape)
        if shape_id is None:
            shape_id = len(self._shapes)
            self._shapes.append(shape)
            self._shape_ids[shape] = shape_id
        self._shape_of[municipality_code] = shape_id

    def set_situation(self, municipality_code: str, situation: str, service_ids: Iterable[str]) -> None:
        """Records which of a municipality's services fit a situation (learned from the backend)."""
        ids = set(service_ids)
        updated = []
        for e in self._entries.get(municipality_code, ()):
            has = situation in e.situations
            if (e.service.id in ids) != has:
                new = CatalogEntry(e.municipality_code, e.municipality_name, e.service,
                                   e.situations | {situation} if not has else e.situations - {situation})
                self._entry_hay[id(new)] = self._entry_hay.pop(id(e))
                e = new
            updated.append(e)
        if municipality_code in self._entries:
            self._entries[municipality_code] = updated
            self._reshape(municipality_code)

    def search(self, query: str = "", *, municipality: str | None = None,
               situation: str | None = None, online_only: bool = False) -> list[CatalogEntry]:
        """Entries matching every word of ``query``, in catalog order, municipality by municipality."""
        words = query_words(query)
        matches = [all(w in h for w in words) for h in self._hay] if words else None
        codes: Sequence[str]
        if municipality is not None:
            codes = [municipality] if municipality in self._entries else []
        else:
            codes = list(self._entries)
        picked: dict[int, list[int]] = {}  # shape id → positions that pass the filters

        def positions(shape_id: int) -> list[int]:
            found = picked.get(shape_id)
            if found is None:
                found = [i for i, (hay_id, situations, online) in enumerate(self._shapes[shape_id])
                         if (situation is None or situation in situations)
                         and (not online_only or online)
                         and (matches is None or matches[hay_id])]
                picked[shape_id] = found
            return found

        if municipality is None and not any(positions(i) for i in set(self._shape_of.values())):
            return []  # no catalog has a match: skip walking every municipality
        out: list[CatalogEntry] = []
        for code in codes:
            bucket = self._entries[code]
            keep = positions(self._shape_of[code])
            if len(keep) == len(bucket):
                out.extend(bucket)
            else:
                out.extend([bucket[i] for i in keep])
        return out
