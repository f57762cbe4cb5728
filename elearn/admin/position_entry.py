"""The position profile form: what it shows (stored or as typed), how it is read, its errors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..domain.positions import POSITION_TYPES
from ..models import Competency, Position

LEVELS = frozenset({"0", "1", "2", "3", "4", "5"})


@dataclass
class PositionEntry:
    """A position's name, type and required level per competency id, with the form's errors."""

    name: str
    type: str
    levels: dict[int, int]
    errors: dict[str, str] = field(default_factory=dict)
    front_line: bool = False

    @classmethod
    def of(cls, position: Position) -> PositionEntry:
        levels = {r.competency_id: r.level for r in position.requirements}
        return cls(position.name, position.type, levels, front_line=position.front_line)

    @classmethod
    def read(cls, form: Mapping[str, str], competencies: Iterable[Competency]) -> PositionEntry:
        """The posted fields, checked: a name, a known type, a level 0 to 5 per competency."""
        entry = cls(" ".join(form.get("name", "").split()), form.get("type", ""), {})
        entry.front_line = form.get("front_line") == "1"  # an unticked box sends nothing
        for competency in competencies:
            key = f"level-{competency.id}"
            raw = form.get(key, "0")
            if raw in LEVELS:
                entry.levels[competency.id] = int(raw)
            else:
                entry.errors[key] = _("Level harus 0 (tidak dibutuhkan) sampai 5.")
        if not entry.name:
            entry.errors["name"] = _("Nama jabatan wajib diisi.")
        if entry.type not in POSITION_TYPES:
            entry.errors["type"] = _("Pilih jenis jabatan.")
        return entry
