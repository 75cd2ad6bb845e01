"""What the staff pages share: who may open them."""

from __future__ import annotations

from tongxin.core.access import area_required

from ..access import is_voice_staff

voice_staff_required = area_required(is_voice_staff)
