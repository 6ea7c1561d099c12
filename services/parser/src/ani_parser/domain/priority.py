"""Video source priority: **higher = preferred** (write-api and read models sort sources by priority descending)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TranslationPreference", "quality_of"]

_RESOLUTION = re.compile(r"(?<!\d)(2160|1440|1080|720|480|360|240)p", re.IGNORECASE)
_QUALITY_BONUS = {"2160p": 40, "1440p": 35, "1080p": 30, "720p": 20, "480p": 10, "360p": 5, "240p": 0}


def quality_of(*candidates: object) -> str | None:
    """The first ``NNNp`` resolution found in the candidates (Kodik ``quality`` string, then the link suffix)."""
    for candidate in candidates:
        if isinstance(candidate, str):
            match = _RESOLUTION.search(candidate)
            if match:
                return match.group(1) + "p"
    return None


@dataclass(frozen=True, slots=True)
class TranslationPreference:
    """Ranks translations (1000 ± adjustments; a geo-blocked one always ranks below the others).

    ``types`` earlier in the tuple are preferred (default: voice before subtitles);
    ``translation_ids`` (Kodik translation ids) are preferred over everything else of the same type order."""

    types: tuple[str, ...] = ("voice", "subtitles")
    translation_ids: tuple[str, ...] = ()

    def priority(
        self,
        *,
        translation_type: str | None,
        translation_id: str | None,
        quality: str | None,
        camrip: bool = False,
        geo_blocked: bool = False,
    ) -> int:
        score = 1000
        if translation_type in self.types:
            score += (len(self.types) - self.types.index(translation_type)) * 100
        if translation_id is not None and translation_id in self.translation_ids:
            # preferred studios first, in the configured order, but never above a preferred *type*
            score += 60 - min(self.translation_ids.index(translation_id), 5) * 5
        score += _QUALITY_BONUS.get(quality or "", 0)
        if camrip:
            score -= 50
        if geo_blocked:  # below every translation that plays everywhere
            score -= 500
        return max(score, 0)
