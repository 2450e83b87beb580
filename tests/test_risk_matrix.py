"""The risk matrix: the text grid, the heat map PNG, and its upload through the fake Slack."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from PIL import Image

from bot.blocks.risk_matrix import matrix_grid
from bot.charts.risk_matrix import COLOURS, render


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_render_makes_a_png_coloured_by_band():
    png = render({(4, 5): ["R-3"], (1, 2): ["R-1", "R-2", "R-4", "R-5"]}, "Risk matrix of MP")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (750, 600)
    colours = {c for _, c in image.getcolors(maxcolors=1_000_000)}
    for band in ("low", "medium", "high", "critical"):
        assert _rgb(COLOURS[band]) in colours, band


def test_render_is_the_same_for_the_same_cells():
    cells = {(2, 3): ["R-7"]}
    assert render(cells) == render(cells)
    assert render(cells) != render({(3, 2): ["R-7"]})


def test_text_grid_puts_each_ref_in_its_row_and_column():
    rows = matrix_grid({(4, 5): ["R-3"], (1, 2): ["R-1", "R-2", "R-4", "R-5"]}).splitlines()
    likely = next(r for r in rows if r.startswith("4 likely"))
    rare = next(r for r in rows if r.startswith("1 rare"))
    header = rows[1]
    assert likely.index("R-3") == header.index("5 severe")
    assert rare.index("R-1") == header.index("2 minor") and "+2" in rare
    assert rows[2].startswith("5 almost certain") and "R-" not in rows[2]


def test_matrix_command_answers_with_the_grid_and_uploads_the_heat_map(slack):
    slack.project()
    slack.command("/risk", 'add "Vendor slips" likelihood:4 impact:5')
    slack.command("/risk", 'add "Tester leaves" likelihood:2 impact:3')
    slack.command("/risk", 'add "Old" likelihood:5 impact:5')
    slack.command("/risk", "close R-3 gone")
    reply = slack.command("/risk", "matrix")
    assert reply.status == 200 and reply.json["response_type"] == "in_channel"
    grid = json.dumps(reply.json["blocks"], ensure_ascii=False)
    assert "R-1" in grid and "R-2" in grid and "R-3" not in grid
    assert "critical" in grid and "medium" in grid

    slack.fake.wait_for("files.completeUploadExternal")
    assert len(slack.fake.calls_to("files.getUploadURLExternal")) == 1
    complete = slack.fake.calls_to("files.completeUploadExternal")[0]
    assert complete.ok and complete.args["channel_id"] == "C0001"
    (shared,) = slack.fake.files.values()
    assert shared.uploaded and shared.shared and shared.channel == "C0001"
    assert shared.filename == "risk-matrix-mp.png" and shared.title == "Risk matrix of MP"
    assert shared.length == len(shared.content)
    image = Image.open(io.BytesIO(shared.content))
    image.verify()
    assert image.format == "PNG" and image.size == (750, 600)
    posted = [m for m in slack.fake.channel_messages("C0001") if m.files]
    assert len(posted) == 1 and posted[0].files[0].id == shared.id


def test_matrix_with_no_risks_still_draws_the_empty_grid(slack):
    slack.project()
    reply = slack.command("/risk", "matrix")
    assert "No open risks" in json.dumps(reply.json["blocks"])
    slack.fake.wait_for("files.completeUploadExternal")
    (shared,) = slack.fake.files.values()
    assert Image.open(io.BytesIO(shared.content)).size == (750, 600)


def test_the_risk_command_and_chart_modules_load_without_matplotlib():
    code = (
        "import sys, bot.commands.risk, bot.charts.risk_matrix; print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
