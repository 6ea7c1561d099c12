"""Generated media for the fakes: SVG posters, a short WAV clip, and the fake Kodik player page."""

from __future__ import annotations

import html
import io
import json
import math
import wave
from functools import lru_cache

__all__ = ["PLAYER_EVENTS", "byte_range", "clip_wav", "player_page", "poster_svg"]

#: The ``postMessage`` keys the fake player emits (product.md, "The player").
PLAYER_EVENTS = (
    "kodik_player_time_update",
    "kodik_player_duration_update",
    "kodik_player_play",
    "kodik_player_pause",
    "kodik_player_seek",
    "kodik_player_video_ended",
    "kodik_player_current_episode",
)


def poster_svg(seed: int, label: str) -> str:
    hue = seed * 47 % 360
    text = html.escape(label[:40])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="425" viewBox="0 0 300 425">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl({hue},65%,55%)"/>'
        f'<stop offset="1" stop-color="hsl({(hue + 40) % 360},60%,25%)"/></linearGradient></defs>'
        '<rect width="300" height="425" fill="url(#g)"/>'
        f'<circle cx="150" cy="170" r="80" fill="hsl({(hue + 180) % 360},70%,70%)" opacity="0.55"/>'
        f'<text x="150" y="350" font-family="sans-serif" font-size="20" fill="#fff" text-anchor="middle">{text}</text>'
        "</svg>"
    )


@lru_cache(maxsize=1)
def clip_wav(seconds: int = 20, rate: int = 8000) -> bytes:
    """A quiet, gently pulsing tone: small (8-bit mono, 8 kHz), real media with a real duration."""
    frames = bytearray()
    for i in range(seconds * rate):
        t = i / rate
        envelope = 0.5 + 0.5 * math.sin(2 * math.pi * 0.5 * t)
        frames.append(128 + int(20 * envelope * math.sin(2 * math.pi * 330 * t)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first range of a ``Range: bytes=…`` header as inclusive offsets (``end`` clamped to the body), or None
    for no header, another unit, or a malformed one (the whole body is then sent). A start past the end is returned
    as is: the caller answers 416."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or not spec:
        return None
    first, _, last = spec.split(",")[0].strip().partition("-")
    try:
        if first == "":  # the last N bytes
            length = int(last)
            return (max(0, size - length), size - 1) if length > 0 else None
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size:
        return start, start
    if start < 0 or end < start:
        return None
    return start, min(end, size - 1)


def player_page(*, kind: str, player_id: str, season: int | None, episode: int | None) -> str:
    """A tiny Kodik-like player: plays the generated clip, draws a picture, and talks ``postMessage``."""
    label = html.escape(f"{kind} {player_id}")
    script = """
const audio = document.getElementById('clip');
const canvas = document.getElementById('screen');
const ctx = canvas.getContext('2d');
const params = new URLSearchParams(location.search);
const state = {season: Number(params.get('season') || SEASON), episode: Number(params.get('episode') || EPISODE)};
function send(key, value) { if (window.parent !== window) window.parent.postMessage({key: key, value: value}, '*'); }
let lastSecond = -1;
audio.addEventListener('loadedmetadata', () => send('kodik_player_duration_update', audio.duration));
audio.addEventListener('play', () => send('kodik_player_play'));
audio.addEventListener('pause', () => { if (!audio.ended) send('kodik_player_pause'); });
audio.addEventListener('seeked', () => send('kodik_player_seek', {time: audio.currentTime}));
audio.addEventListener('ended', () => send('kodik_player_video_ended'));
audio.addEventListener('timeupdate', () => {
  const second = Math.floor(audio.currentTime);
  if (second !== lastSecond) { lastSecond = second; send('kodik_player_time_update', second); }
});
window.addEventListener('message', (event) => {
  if (event.source !== window.parent) return;
  const data = event.data || {};
  if (data.key !== 'kodik_player_api' || !data.value) return;
  const v = data.value;
  if (v.method === 'play') audio.play().catch(() => {});
  else if (v.method === 'pause') audio.pause();
  else if (v.method === 'seek' && Number.isFinite(v.seconds)) audio.currentTime = Math.max(0, v.seconds);
});
function draw() {
  const t = audio.currentTime || 0, d = audio.duration || 1;
  ctx.fillStyle = `hsl(${(t * 18) % 360}, 60%, 30%)`; ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#fff'; ctx.font = '20px sans-serif';
  ctx.fillText(`${LABEL}  S${state.season} E${state.episode}  ${t.toFixed(1)}s`, 20, 40);
  ctx.fillRect(20, canvas.height - 30, (canvas.width - 40) * t / d, 8);
  requestAnimationFrame(draw);
}
draw();
send('kodik_player_current_episode', {season: state.season, episode: state.episode, translation: null});
audio.play().catch(() => {});
"""
    script = (
        script.replace("SEASON", str(season or 1))
        .replace("EPISODE", str(episode or 1))
        .replace("LABEL", json.dumps(f"{kind} {player_id}").replace("<", "\\u003c"))
    )
    return (
        '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Fake Kodik player</title>'
        "<style>html,body{margin:0;background:#000;height:100%}canvas{width:100%;height:100%;display:block}</style>"
        f'</head><body data-player="{label}"><canvas id="screen" width="640" height="360"></canvas>'
        '<audio id="clip" src="/clip.wav" preload="auto" muted autoplay playsinline></audio>'
        f"<script>{script}</script></body></html>"
    )
