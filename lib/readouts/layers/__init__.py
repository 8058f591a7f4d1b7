"""Annotation layers: each is a function ``layer(state)`` that adds sentence columns and spans.

They run in this order; a later layer may read what an earlier one wrote.
"""
from .actors import actors_layer
from .formulations import formulations_layer
from .points import points_layer
from .policy import policy_layer
from .quotes import quotes_layer
from .speakers import speakers_layer
from .tone import tone_layer

LAYERS = (actors_layer, speakers_layer, quotes_layer, points_layer, policy_layer, formulations_layer,
          tone_layer)
