"""Binds the execution algorithm scenarios to their steps."""

from pytest_bdd import scenarios

from features.algorithms.steps import *  # noqa: F403  (step fixtures must be visible here)

scenarios("algorithms/algorithms.feature")
