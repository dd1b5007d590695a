"""Two prints of one page differ only in what the browser cannot keep still (the clock, the
node numbers of tagged table cells); `normalise` removes both and keeps every byte offset."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from enquete.publish.pdf import normalise

NODE = st.integers(min_value=0, max_value=99_999_999)


def tagged(numbers: list[int], clock: str) -> bytes:
    cells = b"".join(
        b"<</S /TH /ID (node%08d)>>\n<</S /TD /Headers [(node%08d)]>>\n" % (number, number)
        for number in numbers
    )
    return b"%PDF-1.7\n/CreationDate (D:" + clock.encode() + b"+00'00')\n" + cells + b"%%EOF\n"


@given(
    st.lists(NODE, unique=True, max_size=20),
    st.integers(min_value=0, max_value=10**7),
    st.from_regex(r"20[0-9]{12}", fullmatch=True),
    st.from_regex(r"20[0-9]{12}", fullmatch=True),
)
def test_prints_that_differ_in_node_numbers_and_clock_become_identical(
    numbers: list[int], shift: int, first_clock: str, second_clock: str
) -> None:
    first = tagged(numbers, first_clock)
    second = tagged([(number + shift) % 100_000_000 for number in numbers], second_clock)
    if len(set((number + shift) % 100_000_000 for number in numbers)) < len(numbers):
        return  # two cells would share a number: not a print Chromium makes
    assert normalise(first, 1_583_150_400) == normalise(second, 1_583_150_400)
    assert len(normalise(first, 0)) == len(first)


def test_a_header_cell_and_the_cells_that_point_to_it_keep_one_number() -> None:
    data = normalise(tagged([272, 273, 272], "20260101000000"), 0)
    assert data.count(b"(node00000001)") == 4 and data.count(b"(node00000002)") == 2
