"""The portal's SVG charts are in wego.charts; this name stays until finance/ reads them from there."""

from wego.charts import bar_chart  # noqa: F401
