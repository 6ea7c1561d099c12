# ruff: noqa: RUF001  (Cyrillic titles are data)
"""The bundled demo catalog, generated deterministically, and the real-shape provider payloads built from it.

:func:`demo_catalog` has 64 titles: Cyrillic and Latin names, TV series with several seasons, movies,
ongoing and announced titles, several translations (voice and subtitles) per title, specials (season 0),
a geo-blocked translation, a Kodik entry without a Shikimori id, and a Kodik entry whose Shikimori id
Shikimori does not know. :func:`generated_catalog` builds catalogs of any size (benchmarks).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["Catalog", "DemoTitle", "Translation", "demo_catalog", "generated_catalog"]

GENRES: list[tuple[int, str, str]] = [
    (1, "Action", "Экшен"),
    (2, "Adventure", "Приключения"),
    (4, "Comedy", "Комедия"),
    (8, "Drama", "Драма"),
    (10, "Fantasy", "Фэнтези"),
    (22, "Romance", "Романтика"),
    (24, "Sci-Fi", "Фантастика"),
    (27, "Shounen", "Сёнен"),
    (36, "Slice of Life", "Повседневность"),
    (37, "Supernatural", "Сверхъестественное"),
    (7, "Mystery", "Тайна"),
    (30, "Sports", "Спорт"),
]


@dataclass(frozen=True, slots=True)
class Translation:
    id: int
    title: str
    type: str  # voice | subtitles
    blocked_countries: tuple[str, ...] = ()


VOICE = [
    Translation(609, "AniDUB", "voice"),
    Translation(610, "AniLibria", "voice"),
    Translation(1062, "LE-Production", "voice"),
    Translation(767, "SHIZA Project", "voice"),
]
SUBS = [Translation(869, "Субтитры", "subtitles"), Translation(1291, "Crunchyroll", "subtitles")]
GEO_BLOCKED = Translation(1978, "Dream Cast", "voice", ("RU", "UA"))


@dataclass(slots=True)
class DemoTitle:
    shikimori_id: int
    russian: str
    name: str
    english: str | None
    japanese: str | None
    kind: str  # tv | movie | ova | ona | special
    status: str  # released | ongoing | anons
    year: int
    genres: list[int]
    seasons: dict[int, int]  # season -> episode count (movies: {})
    translations: list[Translation]
    updated_at: datetime
    description: str
    season_titles: dict[int, str] = field(default_factory=dict)
    episode_titles: dict[tuple[int, int], str] = field(default_factory=dict)
    on_shikimori: bool = True
    has_shikimori_id: bool = True
    kodik_serial_id: int = 0

    @property
    def is_movie(self) -> bool:
        return self.kind == "movie"

    @property
    def episode_total(self) -> int:
        return 1 if self.is_movie else sum(self.seasons.values())


_CURATED: list[tuple[int, str, str, str | None, str | None, str, str, int, list[int], dict[int, int]]] = [
    (20, "Наруто", "Naruto", "Naruto", "ナルト", "tv", "released", 2002, [1, 2, 4, 27], {1: 12, 0: 2}),
    (1535, "Тетрадь смерти", "Death Note", "Death Note", "デスノート", "tv", "released", 2006, [7, 37], {1: 12}),
    (
        5114,
        "Стальной алхимик: Братство",
        "Fullmetal Alchemist: Brotherhood",
        "Fullmetal Alchemist: Brotherhood",
        "鋼の錬金術師 FULLMETAL ALCHEMIST",
        "tv",
        "released",
        2009,
        [1, 2, 8, 10],
        {1: 12},
    ),
    (
        16498,
        "Атака титанов",
        "Shingeki no Kyojin",
        "Attack on Titan",
        "進撃の巨人",
        "tv",
        "released",
        2013,
        [1, 8, 10],
        {1: 8, 2: 6, 3: 6, 0: 3},
    ),
    (
        199,
        "Унесённые призраками",
        "Sen to Chihiro no Kamikakushi",
        "Spirited Away",
        "千と千尋の神隠し",
        "movie",
        "released",
        2001,
        [2, 37],
        {},
    ),
    (32281, "Твоё имя", "Kimi no Na wa.", "Your Name.", "君の名は。", "movie", "released", 2016, [22, 37, 8], {}),
    (
        52991,
        "Провожающая в последний путь Фрирен",
        "Sousou no Frieren",
        "Frieren: Beyond Journey's End",
        "葬送のフリーレン",
        "tv",
        "ongoing",
        2023,
        [2, 8, 10],
        {1: 10, 2: 4},
    ),
    (21, "Ван-Пис", "One Piece", "One Piece", "ワンピース", "tv", "ongoing", 1999, [1, 2, 4, 27], {1: 16}),
    (
        38000,
        "Клинок, рассекающий демонов",
        "Kimetsu no Yaiba",
        "Demon Slayer",
        "鬼滅の刃",
        "tv",
        "released",
        2019,
        [1, 37, 27],
        {1: 8, 2: 6, 0: 1},
    ),
    (
        40748,
        "Магическая битва",
        "Jujutsu Kaisen",
        "Jujutsu Kaisen",
        "呪術廻戦",
        "tv",
        "released",
        2020,
        [1, 37, 27],
        {1: 8, 2: 8},
    ),
    (
        59841,
        "Поднятие уровня в одиночку. Второе пробуждение",
        "Ore dake Level Up na Ken: ReAwakening",
        None,
        None,
        "movie",
        "released",
        2024,
        [1, 10],
        {},
    ),
    (
        9253,
        "Врата Штейна",
        "Steins;Gate",
        "Steins;Gate",
        "シュタインズ・ゲート",
        "tv",
        "released",
        2011,
        [24, 8],
        {1: 12, 0: 1},
    ),
    (
        11061,
        "Охотник х Охотник",
        "Hunter x Hunter (2011)",
        "Hunter x Hunter",
        "HUNTER×HUNTER",
        "tv",
        "released",
        2011,
        [1, 2, 10, 27],
        {1: 12},
    ),
    (
        30276,
        "Ванпанчмен",
        "One Punch Man",
        "One Punch Man",
        "ワンパンマン",
        "tv",
        "released",
        2015,
        [1, 4, 24],
        {1: 6, 2: 6},
    ),
    (57334, "Дандадан", "Dandadan", "Dan Da Dan", "ダンダダン", "tv", "ongoing", 2024, [1, 4, 37], {1: 6}),
    (58000, "Весенний ветер", "Haru no Kaze", None, "春の風", "tv", "anons", 2027, [36, 22], {1: 1}),
    (
        19815,
        "Нет игры — нет жизни",
        "No Game No Life",
        "No Game No Life",
        "ノーゲーム・ノーライフ",
        "tv",
        "released",
        2014,
        [4, 10],
        {1: 6},
    ),
    (28851, "Форма голоса", "Koe no Katachi", "A Silent Voice", "聲の形", "movie", "released", 2016, [8, 22], {}),
    (
        31240,
        "Re:Zero. Жизнь с нуля в альтернативном мире",
        "Re:Zero kara Hajimeru Isekai Seikatsu",
        "Re:ZERO -Starting Life in Another World-",
        "Re:ゼロから始める異世界生活",
        "tv",
        "released",
        2016,
        [8, 10],
        {1: 8, 2: 6, 3: 4},
    ),
    (20583, "Волейбол!!", "Haikyuu!!", "Haikyu!!", "ハイキュー!!", "tv", "released", 2014, [4, 30, 27], {1: 8, 2: 8}),
]

_SYLLABLES_RU = ["ка", "ми", "но", "ри", "са", "то", "ю", "ки", "ха", "ру", "на", "ся", "мо", "ри"]
_SYLLABLES_JA = ["ka", "mi", "no", "ri", "sa", "to", "yu", "ki", "ha", "ru", "na", "shi", "mo", "ta"]
_WORDS_RU = ["Хроники", "Легенда", "Сказание", "Песнь", "Тайна", "Дневник", "Путь", "Сердце"]
_WORDS_EN = ["Chronicles", "Legend", "Tale", "Song", "Mystery", "Diary", "Path", "Heart"]

_BASE_TIME = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _description(russian: str, rng: random.Random) -> str:
    hero = rng.choice(["Харуто", "Мики", "Сора", "Юки", "Рэн"])
    return (
        f"[b]{russian}[/b] — история о том, как [character={rng.randint(1, 99999)}]{hero}[/character] "
        f"ищет своё место в мире.[br]Вторая часть описания с [url=https://example.org/x]ссылкой[/url] и "
        f"&laquo;кавычками&raquo;. [spoiler=спойлер]Финал[/spoiler]"
    )


def _translations(rng: random.Random, index: int) -> list[Translation]:
    voices = rng.sample(VOICE, k=rng.randint(1, 3))
    subs = rng.sample(SUBS, k=rng.randint(1, 2)) if index % 3 != 2 else []
    return [*voices, *subs]


@dataclass(slots=True)
class Catalog:
    titles: list[DemoTitle]
    by_id: dict[int, DemoTitle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.by_id = {t.shikimori_id: t for t in self.titles}

    def find(self, shikimori_id: int) -> DemoTitle | None:
        return self.by_id.get(shikimori_id)


def _generated_title(index: int, rng: random.Random, shikimori_id: int) -> DemoTitle:
    n_syll = rng.randint(2, 4)
    picks = [rng.randrange(len(_SYLLABLES_RU)) for _ in range(n_syll)]
    word = rng.randrange(len(_WORDS_RU))
    ru_name = "".join(_SYLLABLES_RU[p] for p in picks).capitalize()
    ja_name = "".join(_SYLLABLES_JA[p] for p in picks).capitalize()
    russian = f"{_WORDS_RU[word]} {ru_name}"
    name = f"{ja_name} no {_WORDS_EN[word]}"
    kind = rng.choices(["tv", "movie", "ova", "ona"], weights=[6, 2, 1, 1])[0]
    status = rng.choices(["released", "ongoing"], weights=[4, 1])[0]
    if kind == "movie":
        seasons: dict[int, int] = {}
    else:
        seasons = {s: rng.randint(3, 12) for s in range(1, rng.choices([1, 2, 3], weights=[6, 3, 1])[0] + 1)}
        if rng.random() < 0.15:
            seasons[0] = rng.randint(1, 2)
    return DemoTitle(
        shikimori_id=shikimori_id,
        russian=russian,
        name=name,
        english=f"{_WORDS_EN[word]} of {ja_name}" if rng.random() < 0.6 else None,
        japanese=None,
        kind=kind,
        status=status,
        year=rng.randint(1985, 2026),
        genres=sorted({g[0] for g in rng.sample(GENRES, k=rng.randint(1, 4))}),
        seasons=seasons,
        translations=_translations(rng, index),
        updated_at=_BASE_TIME - timedelta(hours=index * 7 + rng.randint(0, 6)),
        description=_description(russian, rng),
        kodik_serial_id=10_000 + index,
    )


def demo_catalog() -> Catalog:
    rng = random.Random(20261126)
    titles: list[DemoTitle] = []
    for index, (sid, russian, name, english, japanese, kind, status, year, genres, seasons) in enumerate(_CURATED):
        titles.append(
            DemoTitle(
                shikimori_id=sid,
                russian=russian,
                name=name,
                english=english,
                japanese=japanese,
                kind=kind,
                status=status,
                year=year,
                genres=genres,
                seasons=dict(seasons),
                translations=_translations(rng, index),
                updated_at=_BASE_TIME - timedelta(hours=index * 5),
                description=_description(russian, rng),
                kodik_serial_id=6_000 + index,
            )
        )
    naruto, titan = titles[0], titles[3]
    naruto.translations = [VOICE[0], SUBS[0], GEO_BLOCKED]
    naruto.episode_titles = {(1, 1): "Enter: Naruto Uzumaki!", (1, 2): "My Name is Konohamaru!"}
    naruto.season_titles = {0: "Спецвыпуски"}
    titan.season_titles = {0: "OVA"}
    for index in range(len(titles), 62):
        titles.append(_generated_title(index, rng, 70_000 + index))
    # a Kodik entry Shikimori does not know (metadata comes from Kodik itself)
    titles.append(
        DemoTitle(
            shikimori_id=99_999_001,
            russian="Забытая серия",
            name="Wasurerareta Series",
            english=None,
            japanese=None,
            kind="ona",
            status="released",
            year=2020,
            genres=[36],
            seasons={1: 3},
            translations=[VOICE[1]],
            updated_at=_BASE_TIME - timedelta(hours=3),
            description="",
            on_shikimori=False,
            kodik_serial_id=9_001,
        )
    )
    # a Kodik entry with no Shikimori id at all (cannot be joined: skipped)
    titles.append(
        DemoTitle(
            shikimori_id=99_999_002,
            russian="Без идентификатора",
            name="Shikibetsushi Nashi",
            english=None,
            japanese=None,
            kind="tv",
            status="released",
            year=2019,
            genres=[4],
            seasons={1: 2},
            translations=[VOICE[2]],
            updated_at=_BASE_TIME - timedelta(hours=4),
            description="",
            on_shikimori=False,
            has_shikimori_id=False,
            kodik_serial_id=9_002,
        )
    )
    return Catalog(titles)


def generated_catalog(size: int, *, seed: int = 5000) -> Catalog:
    rng = random.Random(seed)
    return Catalog([_generated_title(i, rng, 100_000 + i) for i in range(size)])


def player_hash(*parts: object) -> str:
    return hashlib.md5("/".join(str(p) for p in parts).encode(), usedforsecurity=False).hexdigest()


def genre_objects(title: DemoTitle) -> list[dict[str, Any]]:
    table = {g[0]: g for g in GENRES}
    return [
        {"id": gid, "name": table[gid][1], "russian": table[gid][2], "kind": "genre", "entry_type": "Anime"}
        for gid in title.genres
        if gid in table
    ]
