"""Accuracy measurement: gold-standard readers and token/span metrics (`deid evaluate`)."""
