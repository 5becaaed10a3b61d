"""Pure figure builders: a frame in, a figure out as the plain JSON plotly.js receives
(dashboard.figures.wire), one house style for all (dashboard.figures.style)."""
