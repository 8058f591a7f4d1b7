"""Annotation layers: each declares itself once (a :class:`~readouts.layers.base.Layer`: name, group,
data files, columns, spans, needs) and is a function ``run(state)`` that adds sentence columns and spans.

They run in the order registered here; a later layer may read what an earlier one of its group wrote.
Your own layer: build a ``Layer`` and :func:`register` it (see ``docs/layers.md``).
"""
from . import actors, formulations, points, policy, quotes, speakers, tone
from .base import DocState, Layer, column_types, data_files, groups, register, registered, unregister

for _module in (actors, speakers, quotes, points, policy, formulations, tone):
    register(_module.LAYER)

__all__ = ["DocState", "Layer", "register", "unregister", "registered", "groups", "column_types", "data_files"]
