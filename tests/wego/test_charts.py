"""wego.charts: the one place the portal draws SVG charts; apps build on its frame."""

from wego.charts import bar_chart, chart_ids, line_chart, nice_step, radar_chart, svg_close, svg_frame


def test_the_frame_is_labelled_by_its_title_and_description_and_escaped():
    parts = svg_frame(
        width=100,
        height=50,
        css_class="chart x",
        title="A & <B>",
        description='say "hi"',
        title_id="t",
        desc_id="d",
        svg_id="s",
    )
    svg = svg_close(parts)
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart x" role="img" id="s" aria-labelledby="t d"'
    )
    assert (
        '<title id="t">A &amp; &lt;B&gt;</title>' in svg
        and "&quot;hi&quot;" in svg
        and svg.endswith("</svg>")
    )
    assert chart_ids("", "Members by region", "bars") == (
        "chart-members-by-region",
        "chart-members-by-region-title",
        "chart-members-by-region-desc",
    )


def test_every_chart_shares_the_frame():
    for svg in (
        bar_chart([("Asia", 3)], title="Bars"),
        radar_chart(["A", "B", "C"], [("Seoul", [1, 2, None])], title="Radar"),
        line_chart(["2020", "2021"], [("Seoul", [10, None])], title="Trend"),
    ):
        assert 'role="img"' in svg and "<desc id=" in svg and 'preserveAspectRatio="xMinYMin meet"' in svg


def test_nice_step_gives_round_gridlines():
    assert [nice_step(span) for span in (0, 3, 40, 1000, 2300, 9000)] == [1.0, 1, 10, 250, 1000, 2500]
