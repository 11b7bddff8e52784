"""The profile chart: strengths and weaknesses by theme, drawn on the server as SVG.

Text is drawn as paths (matplotlib's ``svg.fonttype = path``), so the picture
needs no font from anywhere; the page shows the same numbers in a table for
screen readers. Matplotlib is imported here only, when a chart is asked for.

The SVG carries no ``style`` attribute and no ``<style>`` element: our own
Content-Security-Policy (``style-src 'self'``) would block them when the chart
is opened on its own, and it would render black. Matplotlib's inline styles
become presentation attributes (``fill="#2166ac"``), which CSP does not touch.
The figure is narrow with large type, so its labels stay readable when a
phone scales it to 360 pixels.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from nextround.domain.insights import Profile

STRENGTH_COLOUR = "#2166ac"  # blue and orange stay apart for colour-blind readers
WEAKNESS_COLOUR = "#c4501b"
INK = "#1f2328"


def draw_svg(height: float, plot: Callable[[Any, Any], None]) -> str:
    """A chart 5.2 inches wide and ``height`` tall, drawn by ``plot(figure, axes)`` in our
    ink and type, without top and right spines, as CSP-clean SVG."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(
        {
            "svg.fonttype": "path",
            "svg.hashsalt": "nextround",
            "font.size": 14,
            "text.color": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
        }
    ):
        fig = Figure(figsize=(5.2, height), layout="constrained")
        ax = fig.add_subplot()
        plot(fig, ax)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
    return csp_clean(out.getvalue())


def profile_svg(profile: Profile) -> str:
    """An SVG of each theme's strengths (right) and weaknesses (left)."""
    themes = list(profile.themes)

    def plot(fig: Any, ax: Any) -> None:
        if not themes:
            ax.text(0.5, 0.5, "No lessons yet", ha="center", va="center", fontsize=13)
            ax.set_axis_off()
            return
        names = [t.theme.label for t in themes]
        y = list(range(len(themes)))
        ax.barh(y, [t.strengths for t in themes], 0.6, color=STRENGTH_COLOUR, label="strengths")
        ax.barh(y, [-t.weaknesses for t in themes], 0.6, color=WEAKNESS_COLOUR, label="weaknesses")
        ax.set_yticks(y, names)
        ax.set_ylim(len(themes) - 0.5, -0.5)  # the most talked-about theme on top
        ax.axvline(0, color=INK, linewidth=0.8)
        top = max(max(t.strengths, t.weaknesses) for t in themes)
        ax.set_xlim(-top - 0.5, top + 0.5)
        ticks = range(-top, top + 1)
        ax.set_xticks(list(ticks), [str(abs(v)) for v in ticks])
        ax.set_xlabel("← weaknesses · strengths →")
        fig.legend(loc="outside upper center", ncols=2, frameon=False)

    return draw_svg(0.5 * max(len(themes), 1) + 1.6, plot)


_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.S)


def csp_clean(svg: str) -> str:
    """The SVG with inline styles turned into presentation attributes (see the module doc)."""

    def attributes(match: re.Match[str]) -> str:
        pairs = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
        return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)

    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTR.sub(attributes, svg)
    # what the removed <style> said for every element, said once on the root instead
    return svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
