"""The timeline picture: a readable PNG at 40 tasks, red where work is overdue, Chinese that renders."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import warnings
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PIL import Image

from bot.charts.timeline import LATE, render, short, tick_label, week_ticks
from bot.i18n import Tr
from bot.services.timeline import Bar, Edge, Group, Timeline

TODAY = date(2026, 12, 16)
ZH = (
    "设计会员数据库结构和迁移脚本",
    "登录页面",
    "支付供应商沙箱对接",
    "接口密钥与鉴权",
    "价目表导入",
)


def sample(n: int = 40, *, overdue: bool = True, names: tuple[str, ...] = ()) -> Timeline:
    """`n` tasks in three milestones and a loose group, chained, some done, slipped, overdue."""
    bars = []
    for i in range(n):
        start = date(2026, 11, 30) + timedelta(days=2 * i)
        end = start + timedelta(days=5 + i % 4)
        late = overdue and end < TODAY and i % 3 == 1
        done = end < TODAY and not late
        title = names[i % len(names)] if names else f"Task number {i} with a rather long title"
        bars.append(
            Bar(
                ref=f"T-{i + 1}",
                title=title,
                start=start,
                end=end,
                progress=100 if done else (i * 13) % 100,
                baseline_start=start,
                baseline_end=end - timedelta(days=3) if i % 5 == 0 else end,
                overdue=late,
                done=done,
            )
        )
    quarter = n // 4
    groups = [
        Group(
            f"M-{k + 1}",
            f"Milestone {k + 1}",
            bars[(k + 1) * quarter - 1].end,
            None,
            False,
            False,
            tuple(bars[k * quarter : (k + 1) * quarter]),
        )  # fmt: skip
        for k in range(3)
    ]
    groups.append(Group(None, "No milestone", None, None, False, False, tuple(bars[3 * quarter :])))
    edges = tuple(Edge(f"T-{i}", f"T-{i + 1}") for i in range(1, n, 4))
    return Timeline("MP · Portal — timeline", TODAY, date(2026, 11, 30), date(2027, 2, 22),
                    tuple(groups), edges, 2, 0)  # fmt: skip


def pixels(png: bytes, colour: str) -> int:
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(count for count, c in image.getcolors(maxcolors=10_000_000) if c == rgb)


def test_forty_tasks_make_a_tall_readable_png():
    png = render(sample(40))
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.format == "PNG"
    width, height = image.size
    # 44 rows (40 tasks, 4 group labels) at 28 px, plus title, legend and axes.
    assert width == 1300 and 44 * 28 < height < 44 * 28 + 260
    assert len(png) < 600_000
    small = Image.open(io.BytesIO(render(sample(8))))
    assert small.size[1] < height / 2  # the height follows the rows


def test_overdue_bars_are_red():
    late = pixels(render(sample(12)), LATE)
    on_time = pixels(render(sample(12, overdue=False)), LATE)
    # Only the legend's swatch is red when nothing is overdue.
    assert late > on_time + 500


def test_long_names_are_cut_with_an_ellipsis():
    assert short("x" * 40) == "x" * 31 + "…"
    assert (
        short("设计会员数据库结构和迁移脚本，并且完成所有回归测试")
        == "设计会员数据库结构和迁移脚本，…"
    )
    assert short("Login  page\n") == "Login page"


def test_chinese_names_render_without_missing_glyphs(caplog):
    timeline = sample(10, names=ZH)
    timeline = replace(timeline, title="MP · 会员门户 — 时间线")
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        png = render(timeline)
    missing = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in missing if "missing from font" in m or "findfont" in m], missing
    assert Image.open(io.BytesIO(png)).format == "PNG"


def test_the_command_and_chart_modules_load_without_matplotlib():
    code = (
        "import sys, bot.commands.project, bot.charts.timeline, bot.jobs.digest, bot.jobs.survey; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("weeks", "step"), [(12, 1), (15, 1), (16, 2), (40, 4), (70, 8), (110, 8), (261, 26)]
)
def test_the_axis_keeps_at_most_sixteen_labels_however_long_the_span(weeks, step):
    start = date(2026, 11, 30)
    mondays, every = week_ticks(start, start + timedelta(weeks=weeks))
    assert every == step and len(mondays[::every]) <= 16


def test_a_span_of_years_is_labelled_with_years_and_draws_readably():
    """A task due in 2031 stretches the axis over five years: labels say the year, not W27."""
    five_years = replace(sample(8), end=date(2031, 1, 6))
    mondays, step = week_ticks(five_years.start, five_years.end)
    assert tick_label(Tr("en"), mondays[0], step) == "Nov 30\n2026"
    assert tick_label(Tr("zh"), mondays[step], step).endswith("\n2027")
    assert tick_label(Tr("en"), mondays[0], 1) == "Nov 30\nW49"
    png = render(five_years)
    assert Image.open(io.BytesIO(png)).size[0] > 800
