"""Users and their roles."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.passwords import normalise as normalise_password
from ..domain.positions import POSITION_TYPES  # noqa: F401  (re-exported)
from ..extensions import db
from .base import UTCDateTime, utcnow

ROLES = ("learner", "trainer", "supervisor", "hr", "admin")

# Werkzeug's scrypt (N=2^15): about 0.1 s a hash, which is the point. The test suite swaps
# in a one-round hash (tests/helpers/speed.py) and checks that this stays scrypt.
PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  (a hash method's name, not a password)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # Covers "active employees of these units (of this position)" in every HR report, so
    # the aggregates never touch the wide user rows (measured: 2 s to 0.8 s at 100,000).
    __table_args__ = (
        Index("ix_users_unit_active", "unit_id", "active", "position_id", "id"),
        # One account per identity at an OpenID Provider.
        UniqueConstraint("sso_issuer", "sso_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The NIP for civil servants (18 digits, kept as text), any short name otherwise.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rank: Mapped[str | None] = mapped_column(String(10))  # golongan, e.g. III/a
    employee_type: Mapped[str | None] = mapped_column(String(4))  # PNS or PPPK
    # One-time code an employee imported by HR uses to set a first password; HR can
    # export it until it is used or expires, so it is kept as given, not hashed.
    activation_code: Mapped[str | None] = mapped_column(String(20))
    activation_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The identity at the OpenID Provider (issuer, subject) bound on the first single sign-on
    # (auth/sso.py); later sign-ons for this account must come from the same one.
    sso_issuer: Mapped[str | None] = mapped_column(String(255))
    sso_subject: Mapped[str | None] = mapped_column(String(255))
    # The interface language the user chose ("id", "en"); None: the site's default. Loaded
    # with the user in the session loader's statement, so reading it costs no statement.
    locale: Mapped[str | None] = mapped_column(String(10))
    # The learner agreed that their name may appear in recognition lists seen beyond HR
    # (the printable list for the head of region); off until they say so on /account.
    recognition_public: Mapped[bool] = mapped_column(default=False, server_default=false())
    position_id: Mapped[int | None] = mapped_column(
        ForeignKey("positions.id", ondelete="SET NULL"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="SET NULL"), index=True
    )

    # The organisation subtree an HR officer or a unit head (supervisor) oversees; a
    # supervisor without one oversees their own unit. Admins see every government.
    scope_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="SET NULL"), index=True
    )

    position: Mapped[Position | None] = relationship(lazy="joined")
    unit: Mapped[OrgUnit | None] = relationship(lazy="joined", foreign_keys=[unit_id])
    scope_unit: Mapped[OrgUnit | None] = relationship(foreign_keys=[scope_unit_id])

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # The role names as the user loader read them, in its one statement, so that a page
    # checking roles need not load UserRole objects; None where the rows are the truth.
    _role_names = None  # a frozenset once loaded

    @property
    def roles(self) -> set[str]:
        if self._role_names is not None:
            return set(self._role_names)
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def set_roles(self, roles) -> None:
        wanted = set(roles)
        self._role_names = None
        self.role_rows = [r for r in self.role_rows if r.role in wanted]
        for role in sorted(wanted - self.roles):
            self.role_rows.append(UserRole(role=role))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(
            normalise_password(password), method=PASSWORD_HASH_METHOD
        )

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        normal = normalise_password(password)
        # Hashes set before NFKC normalisation hold the text as typed.
        return check_password_hash(self.password_hash, normal) or (
            normal != password and check_password_hash(self.password_hash, password)
        )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    # The token of the server-side session this object was loaded for (auth.sessions);
    # not a column: each browser has its own.
    session_token = None  # str once loaded

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and remember cookies: the user id and the
        session token, so that a cookie is worth nothing once its session row is gone."""
        return f"{self.id}:{self.session_token}" if self.session_token else str(self.id)


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class OrgUnit(db.Model):
    """A node of a government's organisation tree (government, perangkat daerah, unit)."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="RESTRICT"), index=True
    )


class OrgClosure(db.Model):
    """Every (ancestor, descendant) pair of the organisation tree, a unit being its own.

    Reports filter a subtree with one indexed join instead of walking the tree.
    Rebuilt whenever units change (`admin.services.rebuild_closure`).
    """

    __tablename__ = "org_closure"

    ancestor_id: Mapped[int] = mapped_column(
        ForeignKey("org_units.id", ondelete="CASCADE"), primary_key=True
    )
    descendant_id: Mapped[int] = mapped_column(
        ForeignKey("org_units.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    depth: Mapped[int]


class Position(db.Model):
    """A position profile (jabatan) with the competency levels it requires.

    It belongs to one government (the root unit of its tree), whose HR alone changes it and
    whose employees alone hold it; without a government it is a national template that only
    admins change and that is copied into a government before anyone holds it.
    """

    __tablename__ = "positions"
    __table_args__ = (
        UniqueConstraint("government_id", "code"),
        # NULLs never collide in a unique constraint: templates need their own index.
        Index(
            "uq_positions_template_code",
            "code",
            unique=True,
            sqlite_where=text("government_id IS NULL"),
            postgresql_where=text("government_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    government_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(20))
    # Serves the public face to face (loket, front office): the staff whose training the
    # citizens' satisfaction survey (SKM) is expected to move. Set by HR.
    front_line: Mapped[bool] = mapped_column(default=False, server_default=false())

    requirements: Mapped[list[PositionRequirement]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class PositionRequirement(db.Model):
    __tablename__ = "position_requirements"

    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[int]

    competency = relationship("Competency", lazy="joined")
