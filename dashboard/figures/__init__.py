"""Pure figure builders: a frame in, a plotly Figure out, one house style for all."""
