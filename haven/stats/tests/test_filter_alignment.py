"""The filter guard compares a filtered table with the unfiltered one category by category, also
for indicators without fixed categories, where the filtered one lacks some (a published release
is a year's filter of the national figures)."""

from haven.stats.compute import Figures
from haven.stats.indicators import by_id
from haven.stats.present import Rules, show


def test_a_category_that_differs_from_the_unfiltered_by_fewer_than_k_is_hidden():
    citizenship = by_id("citizenship")
    assert not citizenship.categories  # categories come from the records
    full = Figures(citizenship, counts={"AL": 20, "VN": 30}, records=50)
    year = Figures(citizenship, counts={"VN": 25}, records=25)  # no Albanian in that year
    shown = show(year, Rules(exact=False, k=11), full)
    cells = {row.label: row.cell for row in shown.rows}
    assert cells["VN"].hidden  # 30 - 25: five persons outside the filter
    assert cells["AL"].value == 0
