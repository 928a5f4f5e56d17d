"""Sign-off chains, shared by the apps whose documents are signed in steps (catalogue items,
annual reports): reading an agency's chain, installing the default one, and checking that a
step is signed in order by the role it names.

A document keeps the chain as it was when submitted (a list of {"label", "role", ...}) and the
number of steps done; what is particular to an app (who may not sign, one person one step, what
a refusal is called) stays in the app's actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gongkai.core.actions import ActionError

from .models import Agency, Role, SignOffChain, SignOffChainStep


def chain_steps(
    step_model: type[SignOffChainStep], agency: Agency, fields: Sequence[str] = ("label", "role")
) -> list[dict[str, Any]]:
    """The agency's configured steps in order (each the given fields), or [] when it has none."""
    steps: Any = step_model._default_manager  # the subclass's manager: it has the ``chain`` key
    rows = steps.filter(chain__agency=agency).order_by("position")
    return [{name: getattr(row, name) for name in fields} for row in rows]


def install_default_chain(
    chain_model: type[SignOffChain],
    step_model: type[SignOffChainStep],
    agency: Agency,
    steps: Sequence[dict[str, Any]],
) -> SignOffChain:
    """Write the default steps as rows an administrator can then change (idempotent)."""
    chain, _ = chain_model._default_manager.get_or_create(agency=agency)
    rows: Any = step_model._default_manager  # the subclass's manager: it has the ``chain`` key
    if not rows.filter(chain=chain).exists():
        for position, step in enumerate(steps, start=1):
            rows.create(chain=chain, position=position, **step)
    return chain


def step_to_sign(
    steps: Sequence[dict[str, Any]],
    steps_done: int,
    step: int,
    held: set[str] | frozenset[str],
    *,
    verb: str,
    done: str,
    signs: str,
) -> dict[str, Any]:
    """Step `step` (1-based) of `steps`, if it is the next one and `held` has its role; else
    ActionError. The words: `verb` the act ("审核"), `done` a signed step ("已审核"), `signs`
    what its role does ("审核")."""
    total = len(steps)
    if not 1 <= step <= total:
        raise ActionError(f"{verb}环节须为第1至{total}步")
    expected = steps_done + 1
    if step < expected:
        raise ActionError(f"第{step}步（{steps[step - 1]['label']}）{done}，不能重复{verb}", "conflict")
    if step > expected:
        raise ActionError(
            f"须按顺序{verb}：第{expected}步（{steps[expected - 1]['label']}）尚未完成", "conflict"
        )
    current = steps[step - 1]
    if current["role"] not in held:
        raise ActionError(
            f"第{step}步（{current['label']}）须由{Role(current['role']).label}{signs}", "forbidden"
        )
    return current
