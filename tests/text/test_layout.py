"""Rows, blocks and columns from line geometry alone, straight and tilted."""

import math

import numpy as np
import pytest

from redact.regions import Regions
from redact.text.layout import lay_out, shape


def lines(*rows, angle=0.0, about=(500.0, 500.0)):
    """Text-line regions given as (text, x1, y1, x2, y2), optionally turned by ``angle``
    degrees about ``about`` (their polygons turn; their boxes become the turned polygons'
    boxes, as the detector gives them)."""
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    turn = np.array([[c, -s], [s, c]])
    quads = []
    for _, x1, y1, x2, y2 in rows:
        quad = np.array([[x1, y1], [x2, y1], [x2, y2], [x1, y2]], np.float64) - about
        quads.append((quad @ turn.T + about).astype(np.float32))
    polygons = np.empty(len(quads), dtype=object)
    polygons[:] = quads
    xyxy = np.array([np.hstack([q.min(axis=0), q.max(axis=0)]) for q in quads])
    texts = np.array([r[0] for r in rows], dtype=object)
    return Regions(xyxy=xyxy, kind="text", text=texts, polygon=polygons)


TABLE = [
    ("Bed", 100, 100, 140, 120),
    ("Name", 200, 100, 260, 120),
    ("DOB", 420, 100, 470, 120),
    ("1", 100, 130, 115, 150),
    ("Okonkwo-Baptiste, T", 200, 130, 380, 150),
    ("03/04/52", 420, 130, 510, 150),
    ("2", 100, 160, 115, 180),
    ("Zhou, W", 200, 160, 290, 180),
    ("19-AUG-2011", 420, 160, 530, 180),
]


@pytest.mark.parametrize("angle", [0.0, 12.0, -30.0])
def test_shape_reads_height_and_direction_of_a_tilted_line(angle):
    line = lines(("Hughes, T.", 100, 100, 300, 120), angle=angle)
    s = shape(line.polygon[0], line.xyxy[0])
    assert s.height == pytest.approx(20, abs=0.01)
    assert s.length == pytest.approx(200, abs=0.01)
    assert math.degrees(math.atan2(s.along[1], s.along[0])) == pytest.approx(angle, abs=0.01)


@pytest.mark.parametrize("angle", [0.0, 20.0, -30.0])
def test_a_table_column_is_one_block_with_its_header(angle):
    layout = lay_out(lines(*TABLE, angle=angle))
    block = [layout.block_of[layout.row_of[i]] for i in range(len(TABLE))]
    assert block[1] == block[4] == block[7]  # Name, and the names under it
    assert block[2] == block[5] == block[8]  # DOB, and the dates


@pytest.mark.parametrize("angle", [0.0, 20.0, -30.0])
def test_lines_close_on_one_line_form_a_row_in_reading_order(angle):
    layout = lay_out(
        lines(
            ("Name:", 100, 100, 160, 120),
            ("Peter Jones", 180, 100, 300, 120),
            ("Exit", 500, 100, 560, 120),
            angle=angle,
        )
    )
    assert sorted(r.text for r in layout.rows) == ["Exit", "Name: ¦ Peter Jones"]


@pytest.mark.parametrize("angle", [0.0, 25.0])
def test_column_under_a_header_stops_at_the_next_column(angle):
    layout = lay_out(lines(*TABLE, angle=angle))
    assert layout.column_under(1) == [4, 7]  # under "Name"
    assert layout.column_under(0) == [3, 6]  # under "Bed"
    assert layout.column_under(2) == [5, 8]  # under "DOB"


@pytest.mark.parametrize(
    ("rows", "blocks"),
    [
        # three rows of a letter: one block
        (
            [
                ("Mr T Hughes", 100, 100, 220, 118),
                ("14 Mill Lane", 100, 124, 220, 142),
                ("B81 3LT", 100, 148, 170, 166),
            ],
            1,
        ),
        # a sign in large type over a list in small type: two blocks
        (
            [
                ("Ward 7B", 100, 40, 300, 90),
                ("Hughes, T.", 100, 100, 200, 118),
                ("Price, A.", 100, 124, 190, 142),
            ],
            2,
        ),
        # two rows far apart: two blocks
        ([("Exit", 100, 100, 160, 120), ("Toilets", 100, 200, 190, 220)], 2),
        # side by side, not overlapping along the row: two blocks
        ([("Hughes, T.", 100, 100, 200, 118), ("Price, A.", 400, 124, 490, 142)], 2),
    ],
)
def test_blocks_are_rows_of_similar_type_stacked_closely(rows, blocks):
    assert len(lay_out(lines(*rows)).blocks) == blocks


def test_above_and_neighbours_stay_in_the_block():
    layout = lay_out(
        lines(
            ("Sarah Khan", 100, 100, 220, 120),
            ("Staff Nurse", 100, 126, 230, 146),
            ("Exit", 100, 300, 160, 320),
        )
    )
    name, role, sign = (layout.row_of[i] for i in range(3))
    assert layout.above(role) == name
    assert layout.neighbours(name) == [role]
    assert layout.above(sign) is None
