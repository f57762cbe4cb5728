"""Fill a database with one realistic government for the HR benchmark.

Run: python -m bench.generate --learners 100000 [--units 500] [--courses 30] [--seed 1]
         [--database-url URL] [--password P] [--reset]

The schema comes from the real migrations. Courses are real course folders published
through the normal importer, so versions, modules and questions exist; learners and
their history are bulk-inserted with SQLAlchemy Core in chunks, a block of learners
per transaction, every table in foreign-key order (PostgreSQL checks each statement).
Everything random comes from one `random.Random(seed)`; dates are relative to today.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import JSON, func, insert, inspect, select, text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from elearn.admin.services import rebuild_closure
from elearn.domain.employees import PNS_RANKS, PPPK_GRADES
from elearn.domain.org import UnitDef
from elearn.domain.positions import PositionDef
from elearn.extensions import db
from elearn.models import (
    Assignment,
    Certificate,
    CertificateCompetency,
    CertificateCounter,
    Course,
    CourseCompetency,
    CourseCompletion,
    CourseVersion,
    Enrollment,
    Module,
    ModuleProgress,
    OrgClosure,
    OrgUnit,
    Position,
    Question,
    QuizAttempt,
    SkmElementAverage,
    SkmResponse,
    SkmService,
    SurveyResponse,
    User,
    UserRole,
)

from .generate_skm import store_skm

CHUNK = 10_000  # rows per executemany
BLOCK = 5_000  # learners generated and committed together (about 100,000 rows)
JAKARTA = timedelta(hours=7)  # completion years are calendar years in Asia/Jakarta
DEFAULT_PASSWORD = "bench-password-123"  # noqa: S105 (printed; bench data only)
GENERATING = "(making the rows in Python)"

GOVERNMENT = ("SKM", "Pemerintah Kota Sukamaju")
# (code, name, kind): the kind decides how the units below are named. BKPSDM comes
# second so that even a tiny test organisation has it.
PERANGKAT_DAERAH = [
    ("SETDA", "Sekretariat Daerah", "setda"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan"),
    ("DINKES", "Dinas Kesehatan", "dinkes"),
    ("DISDIK", "Dinas Pendidikan dan Kebudayaan", "disdik"),
    ("KEC-UTR", "Kecamatan Sukamaju Utara", "kecamatan"),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas"),
    ("SETWAN", "Sekretariat DPRD", "badan"),
    ("INSPEKTORAT", "Inspektorat Daerah", "badan"),
    ("KEC-SLT", "Kecamatan Sukamaju Selatan", "kecamatan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas"),
    ("DISPERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "dinas"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "dinas"),
    ("KEC-TMR", "Kecamatan Sukamaju Timur", "kecamatan"),
    ("DINSOS", "Dinas Sosial", "dinas"),
    ("DISNAKER", "Dinas Tenaga Kerja", "dinas"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas"),
    ("KEC-BRT", "Kecamatan Sukamaju Barat", "kecamatan"),
    ("DKP", "Dinas Ketahanan Pangan", "dinas"),
    ("DLH", "Dinas Lingkungan Hidup", "dinas"),
    ("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "dinas"),
    ("KEC-KOTA", "Kecamatan Sukamaju Kota", "kecamatan"),
    ("DISHUB", "Dinas Perhubungan", "dinas"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "dinas"),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Mikro", "dinas"),
    ("KEC-PSR", "Kecamatan Pasir Putih", "kecamatan"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas"),
    ("DISPORA", "Dinas Kepemudaan dan Olahraga", "dinas"),
    ("DISPAR", "Dinas Pariwisata", "dinas"),
    ("KEC-TJG", "Kecamatan Tanjung Hulu", "kecamatan"),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "dinas"),
    ("DKPP", "Dinas Perikanan dan Pertanian", "dinas"),
    ("DISPERINDAG", "Dinas Perdagangan dan Perindustrian", "dinas"),
    ("KEC-BKT", "Kecamatan Bukit Raya", "kecamatan"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan"),
    ("BAPENDA", "Badan Pendapatan Daerah", "badan"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan"),
    ("RSUD", "Rumah Sakit Umum Daerah Sukamaju", "rsud"),
    ("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", "dinas"),
]
TOPICS = [
    "Perencanaan dan Keuangan", "Umum dan Kepegawaian", "Pelayanan", "Pengendalian dan Evaluasi",
    "Data dan Informasi", "Pembinaan", "Pengawasan", "Pengembangan", "Sarana dan Prasarana",
    "Kerja Sama", "Penegakan Peraturan", "Pemberdayaan Masyarakat", "Hubungan Masyarakat",
    "Pengelolaan Aset", "Teknologi Informasi", "Perlindungan", "Rehabilitasi", "Perizinan",
    "Pemeliharaan", "Statistik",
]  # fmt: skip
KELURAHAN_SECTIONS = [
    "Pemerintahan", "Pelayanan Umum", "Ekonomi dan Pembangunan", "Kesejahteraan Sosial",
]  # fmt: skip
PLACE_PREFIX = ["Sungai", "Tanjung", "Kampung", "Bukit", "Pasir", "Batu", "Padang", "Teluk"]
PLACE_SUFFIX = [
    "Jawi", "Raya", "Hulu", "Hilir", "Baru", "Indah", "Jaya", "Mas", "Putih", "Panjang",
    "Besar", "Melati", "Bangkong", "Beliung", "Durian", "Kelapa",
]  # fmt: skip

# (code, name, type, required level of the managerial competencies)
POSITIONS = [
    ("SEKDA", "Sekretaris Daerah", "jpt", 4),
    ("KADIS", "Kepala Dinas", "jpt", 4),
    ("SEKDIS", "Sekretaris Dinas", "administrator", 3),
    ("KABID", "Kepala Bidang", "administrator", 3),
    ("CAMAT", "Camat", "administrator", 3),
    ("KASUBBAG", "Kepala Subbagian Umum dan Kepegawaian", "pengawas", 2),
    ("KASI", "Kepala Seksi", "pengawas", 2),
    ("LURAH", "Lurah", "pengawas", 2),
    ("KAUPT", "Kepala Unit Pelaksana Teknis", "pengawas", 2),
    ("AN-SDM", "Analis Sumber Daya Manusia Aparatur Ahli Pertama", "fungsional", 2),
    ("AN-KEB", "Analis Kebijakan Ahli Muda", "fungsional", 3),
    ("PRAKOM", "Pranata Komputer Ahli Pertama", "fungsional", 2),
    ("ARSIPARIS", "Arsiparis Terampil", "fungsional", 1),
    ("AUDITOR", "Auditor Ahli Pertama", "fungsional", 2),
    ("PERENCANA", "Perencana Ahli Muda", "fungsional", 3),
    ("GURU-AP", "Guru Ahli Pertama", "fungsional", 2),
    ("GURU-AM", "Guru Ahli Muda", "fungsional", 3),
    ("PERAWAT", "Perawat Terampil", "fungsional", 1),
    ("BIDAN", "Bidan Terampil", "fungsional", 1),
    ("DOKTER", "Dokter Ahli Pertama", "fungsional", 2),
    ("PENYULUH", "Penyuluh Kesehatan Masyarakat Ahli Pertama", "fungsional", 2),
    ("HUMAS", "Pranata Hubungan Masyarakat Ahli Pertama", "fungsional", 2),
    ("STATISTISI", "Statistisi Ahli Pertama", "fungsional", 2),
    ("POLPP", "Polisi Pamong Praja Terampil", "fungsional", 1),
    ("PLK-ADM", "Pengadministrasi Umum", "pelaksana", 1),
    ("PLK-KEU", "Pengelola Keuangan", "pelaksana", 1),
    ("PLK-DATA", "Pengolah Data", "pelaksana", 1),
    ("PLK-LAY", "Pengadministrasi Layanan Kependudukan", "pelaksana", 1),
    ("PLK-ARSIP", "Pengelola Arsip", "pelaksana", 1),
    ("PLK-BMD", "Pengurus Barang Milik Daerah", "pelaksana", 1),
]
# Share of employees per position type (spread evenly over that type's positions).
TYPE_SHARE = {"jpt": 1, "administrator": 4, "pengawas": 10, "fungsional": 40, "pelaksana": 45}
# PNS ranks by required level: a pelaksana is II/a-III/b, an ahli muda III/c-IV/b ...
RANK_RANGE = {
    1: ("II/a", "III/b"),
    2: ("III/a", "III/d"),
    3: ("III/c", "IV/b"),
    4: ("IV/b", "IV/d"),
}
PPPK_RANGE = {1: ("V", "VII"), 2: ("IX", "X"), 3: ("X", "XI")}

COURSE_TITLES = [
    "Etika dan Integritas ASN", "Penyusunan SKP dan Manajemen Kinerja",
    "Pelayanan Publik Berbasis Digital", "Pengelolaan Arsip Dinamis",
    "Pengadaan Barang dan Jasa Pemerintah", "Penyusunan Anggaran Berbasis Kinerja",
    "Keamanan Informasi di Kantor", "Komunikasi Publik yang Efektif", "Manajemen Risiko",
    "Analisis Data dengan Lembar Kerja", "Penulisan Naskah Dinas", "Kepemimpinan Pengawas",
    "Moderasi Beragama", "Wawasan Kebangsaan", "Pengelolaan Keuangan Daerah",
    "Perencanaan Pembangunan Daerah", "Pelayanan Inklusif",
    "Sistem Pemerintahan Berbasis Elektronik",
    "Pengelolaan Pengaduan Masyarakat", "Reformasi Birokrasi", "Pengendalian Gratifikasi",
    "Mengelola Perubahan Organisasi", "Coaching dan Mentoring", "Pengambilan Keputusan",
    "Kearsipan Digital", "Perlindungan Data Pribadi", "Penyusunan Standar Pelayanan",
    "Inovasi Pelayanan Publik", "Evaluasi Kebijakan", "Budaya Kerja BerAKHLAK",
]  # fmt: skip
CATEGORIES = ["pelayanan-publik", "manajemen", "pengembangan-diri", "teknologi", "keuangan"]
FIRST_MALE = [
    "Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irwan", "Joko", "Rudi", "Slamet", "Teguh",
    "Wahyu", "Yusuf", "Andi", "Bambang", "Dimas", "Rizky", "Arif", "Hadi", "Iwan", "Muhammad",
    "Ahmad", "Rahmat", "Surya",
]  # fmt: skip
FIRST_FEMALE = [
    "Siti", "Dewi", "Rina", "Sri", "Wulan", "Ratna", "Nur", "Fitri", "Indah", "Lestari", "Maya",
    "Putri", "Yuni", "Ani", "Dian", "Eka", "Lina", "Rahma", "Ayu", "Intan", "Novi", "Sari",
    "Wati", "Yanti",
]  # fmt: skip
LAST_NAMES = [
    "Rahmawati", "Santoso", "Lestari", "Saputra", "Wijaya", "Hidayat", "Kurniawan", "Nugroho",
    "Pratama", "Setiawan", "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Sitompul",
    "Hasibuan", "Wibowo", "Susanto", "Gunawan", "Halim", "Syahputra", "Utami", "Permata",
    "Anggraini", "Maharani", "Ramadhan", "Firmansyah", "Kusuma", "Purnomo",
]  # fmt: skip
DEGREES = [
    "", "", "", "", ", S.Sos.", ", S.E.", ", S.T.", ", S.Kom.", ", S.H.", ", S.Pd.", ", A.Md.",
    ", S.Kep.", ", S.E., M.Si.",
]  # fmt: skip
COMMENTS = [
    "Materinya sangat membantu pekerjaan sehari-hari.",
    "Contoh kasusnya dekat dengan pekerjaan di kelurahan.",
    "Kuisnya agak sulit, tetapi penjelasannya jelas.",
    "Mohon ditambah video.",
    "Bisa dibaca di ponsel saat jam istirahat, bagus.",
    "Waktu ujiannya terlalu singkat.",
]


class GenerateError(Exception):
    """A reason not to generate (non-empty database, bad option)."""


@dataclass
class Options:
    learners: int
    units: int = 500
    courses: int = 30
    seed: int = 1
    password: str = DEFAULT_PASSWORD
    reset: bool = False
    copy: bool = True  # PostgreSQL: COPY instead of executemany


@dataclass
class CourseInfo:
    id: int
    slug: str
    title: str
    version_id: int
    jp: int
    modules: list[str]
    competencies: list[tuple[int, int]]
    pretest: bool
    valid_years: int | None
    weight: float


@dataclass
class UnitPlan:
    code: str
    name: str
    parent: int | None  # index into the plan
    depth: int
    kind: str


@dataclass
class Summary:
    counts: dict[str, int]
    accounts: list[tuple[str, str, str]]  # username, roles, scope
    seconds: float
    table_seconds: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------- schema


def drop_everything() -> None:
    """Drop every table, as tests/conftest.py reset_database does."""
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
            return
        conn.execute(text("PRAGMA foreign_keys=OFF"))
        names = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ).scalars()
        for name in list(names):
            conn.execute(text(f'DROP TABLE "{name}"'))
        conn.execute(text("PRAGMA foreign_keys=ON"))


def schema_is_current() -> bool:
    from alembic.script import ScriptDirectory

    if not inspect(db.engine).has_table("alembic_version"):
        return False
    heads = set(ScriptDirectory(current_app.config["MIGRATIONS_DIR"]).get_heads())
    with db.engine.connect() as conn:
        current = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return current == heads


def ensure_schema(reset: bool, echo) -> None:
    from flask_migrate import upgrade

    if reset:
        echo("--reset: dropping every table")
        drop_everything()
    if not schema_is_current():
        echo("creating/upgrading the schema through the migrations")
        upgrade(directory=current_app.config["MIGRATIONS_DIR"])
    db.session.remove()


def is_empty() -> bool:
    return all(
        db.session.scalar(select(model.id).limit(1)) is None for model in (User, OrgUnit, Course)
    )


# ---------------------------------------------------------------- courses


def _course_files(rng, index: int, title: str, teknis: list[str], managerial: list[str]):
    """The Markdown of one synthetic course: 3-6 modules with a quiz each, and a final exam."""
    jp = rng.choice((2, 2, 3, 4, 4, 6, 8, 10))
    competencies = {rng.choice(managerial): rng.choice((1, 2, 2, 3))}
    for slug in rng.sample(teknis, rng.randint(0, 2)):
        competencies[slug] = rng.choice((1, 2, 2, 3))
    pretest = rng.random() < 0.7
    valid_years = rng.choice((None, 1, 2, 3, 3))
    lines = [
        "---",
        f"title: {title}",
        f"summary: Kursus tolok ukur nomor {index + 1} tentang {title.lower()}.",
        f"category: {rng.choice(CATEGORIES)}",
        f"jp: {jp}",
        "competencies:",
        *(f"  {slug}: {level}" for slug, level in competencies.items()),
        "pass_percent: 70",
        f"pretest: {'true' if pretest else 'false'}",
        *([f"valid_years: {valid_years}"] if valid_years else []),
        "exam:",
        "  attempts: 3",
        "---",
        "",
        "# Tentang kursus ini",
        "",
        f"Kursus ini dibuat oleh generator data tolok ukur: {title}.",
        "",
        "## Ujian Akhir",
        "",
    ]
    for q in range(1, 4):
        lines += [
            f"### Pertanyaan ujian {q} tentang {title.lower()}? {{#ujian-{q}}}",
            "- [x] Jawaban yang benar",
            "- [ ] Jawaban yang keliru",
            "- [ ] Jawaban lain yang keliru",
            "",
        ]
    files = {"course.md": "\n".join(lines)}
    count = rng.choices((3, 4, 5, 6), weights=(1, 2, 3, 4))[0]
    for m in range(1, count + 1):
        files[f"{m:02d}-bagian-{m}.md"] = _module_file(m, title, rng.choice((15, 20, 30, 45)))
    return files


def _module_file(m: int, title: str, minutes: int) -> str:
    return "\n".join(
        [
            "---",
            f"title: Bagian {m}",
            f"minutes: {minutes}",
            "quiz:",
            "  attempts: 3",
            "---",
            "",
            f"# Bagian {m}",
            "",
            f"Materi bagian {m} dari kursus {title}.",
            "",
            "## Kuis",
            "",
            f"### Pertanyaan kuis bagian {m}? {{#kuis-{m}}}",
            "- [x] Benar",
            "- [ ] Salah",
            "",
            "### Jawab dengan angka: dua tambah dua? {#isian}",
            "= 4",
            "",
        ]
    )


def publish_courses(rng, count: int, echo) -> list[CourseInfo]:
    """Write `count` course folders to a temporary directory and publish them like the CLI."""
    from elearn.publishing import services as publishing
    from elearn.publishing.folders import import_paths

    dictionary = Path(current_app.config["COURSES_DIR"]) / "competencies.yml"
    defs, problems = publishing.load_competency_file(dictionary, str(dictionary))
    if problems:
        raise GenerateError(f"{dictionary}: {problems[0]}")
    teknis = [d.slug for d in defs if d.group == "teknis"]
    managerial = [d.slug for d in defs if d.group != "teknis"]
    with tempfile.TemporaryDirectory(prefix="bench-courses-") as tmp:
        # A subfolder: import_paths also looks for competencies.yml in the parent folder.
        root = Path(tmp) / "courses"
        for i in range(count):
            title = COURSE_TITLES[i % len(COURSE_TITLES)]
            if i >= len(COURSE_TITLES):
                title += f" Lanjutan {i // len(COURSE_TITLES)}"
            folder = root / f"tolok-ukur-{i + 1:02d}"
            folder.mkdir(parents=True)
            for name, content in _course_files(rng, i, title, teknis, managerial).items():
                (folder / name).write_text(content + "\n", encoding="utf-8")
        lines: list[str] = []
        if not import_paths([str(root)], echo=lines.append):
            raise GenerateError("publishing the generated courses failed:\n" + "\n".join(lines))
    rows = db.session.execute(
        select(Course.id, Course.slug, CourseVersion)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .order_by(Course.id)
    ).all()
    modules = defaultdict(list)
    for version_id, slug in db.session.execute(
        select(Module.version_id, Module.slug).order_by(Module.version_id, Module.position)
    ):
        modules[version_id].append(slug)
    competencies = defaultdict(list)
    for version_id, competency_id, level in db.session.execute(
        select(CourseCompetency.version_id, CourseCompetency.competency_id, CourseCompetency.level)
    ):
        competencies[version_id].append((competency_id, level))
    courses = []
    for rank, (course_id, slug, version) in enumerate(rows):
        courses.append(
            CourseInfo(
                id=course_id,
                slug=slug,
                title=version.title,
                version_id=version.id,
                jp=version.jp,
                modules=modules[version.id],
                competencies=sorted(competencies[version.id]),
                pretest=version.pretest,
                valid_years=version.valid_years,
                # A few courses are popular (mandatory-looking), most are niche.
                weight=1 / (rank + 1) ** 0.7,
            )
        )
    return courses


# ---------------------------------------------------------------- organisation


def plan_units(rng, total: int) -> list[UnitPlan]:
    """A government, ~40 perangkat daerah, and units below them down to depth 4."""
    code, name = GOVERNMENT
    plan = [UnitPlan(code, name, None, 0, "government")]
    n_pd = min(len(PERANGKAT_DAERAH), total - 1, max(2, round((total - 1) * 0.08)))
    for pd_code, pd_name, kind in PERANGKAT_DAERAH[:n_pd]:
        plan.append(UnitPlan(f"{code}-{pd_code}", pd_name, 0, 1, kind))
    by_depth: dict[int, list[int]] = {1: list(range(1, n_pd + 1))}
    children: Counter[int] = Counter()
    while len(plan) < total:
        depth = rng.choices((2, 3, 4), weights=(60, 30, 10))[0]
        while depth > 2 and not by_depth.get(depth - 1):
            depth -= 1
        parent = rng.choice(by_depth[depth - 1])
        children[parent] += 1
        unit_name, kind = _child_name(rng, plan[parent], children[parent])
        plan.append(
            UnitPlan(f"{plan[parent].code}-{children[parent]:02d}", unit_name, parent, depth, kind)
        )
        by_depth.setdefault(depth, []).append(len(plan) - 1)
    return plan


def _place(rng) -> str:
    return f"{rng.choice(PLACE_PREFIX)} {rng.choice(PLACE_SUFFIX)}"


def _child_name(rng, parent: UnitPlan, n: int) -> tuple[str, str]:
    kind = parent.kind
    if parent.depth == 1:
        if n == 1:
            return f"Sekretariat {parent.name}", "sekretariat"
        if kind == "kecamatan":
            return f"Kelurahan {_place(rng)}", "kelurahan"
        if kind == "dinkes":
            return f"Puskesmas {_place(rng)}", "puskesmas"
        if kind == "disdik":
            level = rng.choice(("SD", "SD", "SMP"))
            return f"{level} Negeri {n - 1} Sukamaju", "sekolah"
        if kind == "rsud":
            return f"Instalasi {rng.choice(TOPICS)}", "bidang"
        if kind == "setda":
            return f"Bagian {rng.choice(TOPICS)}", "bidang"
        return f"Bidang {rng.choice(TOPICS)}", "bidang"
    if kind == "kelurahan":
        section = KELURAHAN_SECTIONS[(n - 1) % len(KELURAHAN_SECTIONS)]
        return f"Seksi {section} {parent.name}", "seksi"
    if kind == "puskesmas":
        return f"Puskesmas Pembantu {_place(rng)}", "unit"
    if kind == "sekretariat":
        return f"Subbagian {rng.choice(TOPICS)}", "seksi"
    if kind == "bidang":
        return f"Seksi {rng.choice(TOPICS)}", "seksi"
    return f"Pos Pelayanan {_place(rng)}", "unit"


def store_units(plan: list[UnitPlan]) -> list[int]:
    """Store the units through the admin service (it also rebuilds the closure); return ids."""
    from elearn.admin.services import upsert_units

    defs = [
        UnitDef(u.code, u.name, plan[u.parent].code if u.parent is not None else None) for u in plan
    ]
    upsert_units(defs)
    ids = dict(db.session.execute(select(OrgUnit.code, OrgUnit.id)).all())
    return [ids[u.code] for u in plan]


def store_positions(rng) -> dict[str, tuple[int, str, int]]:
    """~30 position profiles; return code -> (id, type, level)."""
    from elearn.admin.services import competency_ids, upsert_positions
    from elearn.models import Competency

    groups = dict(db.session.execute(select(Competency.slug, Competency.group)).all())
    teknis = sorted(s for s, g in groups.items() if g == "teknis")
    general = sorted(s for s, g in groups.items() if g != "teknis")
    defs = []
    for code, name, kind, level in POSITIONS:
        requirements = dict.fromkeys(general, level)
        for slug in rng.sample(teknis, min(2, len(teknis))):
            requirements[slug] = max(1, level - 1)
        defs.append(PositionDef(code, name, kind, requirements))
    if not competency_ids():
        raise GenerateError("no competency dictionary: courses/competencies.yml was not imported")
    upsert_positions(defs)
    ids = dict(db.session.execute(select(Position.code, Position.id)).all())
    return {code: (ids[code], kind, level) for code, _, kind, level in POSITIONS}


# ---------------------------------------------------------------- people


def _rank_between(ranks, low: str, high: str) -> tuple[str, ...]:
    return tuple(ranks[ranks.index(low) : ranks.index(high) + 1])


def make_nip(rng, employee_type: str, this_year: int) -> str:
    """An 18-digit NIP (PNS) or NI PPPK that validates as asn-domain.md describes."""
    born = date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
    gender = rng.choice("12")
    serial = rng.randint(1, 999)
    if employee_type == "PPPK":
        year, batch = rng.randint(2019, this_year), rng.randint(1, 3)
        return f"{born:%Y%m%d}{year:04d}{batch:02d}{gender}{serial:03d}"
    year = min(this_year, born.year + rng.randint(19, 35))
    month = rng.randint(1, 12)
    return f"{born:%Y%m%d}{year:04d}{month:02d}{gender}{serial:03d}"


def full_name(rng, nip: str) -> str:
    first = rng.choice(FIRST_FEMALE if nip[14] == "2" else FIRST_MALE)
    return f"{first} {rng.choice(LAST_NAMES)}{rng.choice(DEGREES)}"


def pick_hr_unit(plan: list[UnitPlan], ids: list[int], learners_per_unit: Counter) -> int:
    """The leaf-ish unit (depth >= 2, no children) whose staff is closest to 200."""
    has_children = {u.parent for u in plan}
    candidates = [i for i, u in enumerate(plan) if u.depth >= 2 and i not in has_children]
    candidates = candidates or [i for i, u in enumerate(plan) if u.depth >= 1]
    best = min(candidates, key=lambda i: (abs(learners_per_unit[ids[i]] - 200), i))
    return ids[best]


def create_accounts(
    password_hash: str, root_id: int, bkpsdm_unit: int, hr_unit: int, positions
) -> list[tuple[str, str, str]]:
    """The three benchmark accounts, with the shared password hash."""
    rows = [
        ("bkpsdm", "Ratna Sari, S.Psi.", ("hr", "learner"), bkpsdm_unit, root_id, "AN-SDM"),
        ("hr-unit", "Andi Pratama, S.E.", ("hr", "learner"), hr_unit, hr_unit, "AN-SDM"),
        (
            "kepala-unit",
            "Hendra Wijaya, S.Sos.",
            ("supervisor", "learner"),
            hr_unit,
            hr_unit,
            "KASI",
        ),
    ]
    names = dict(db.session.execute(select(OrgUnit.id, OrgUnit.name)).all())
    shown = []
    for username, name, roles, unit_id, scope_id, position in rows:
        user = User(
            username=username,
            full_name=name,
            password_hash=password_hash,
            unit_id=unit_id,
            scope_unit_id=scope_id,
            position_id=positions[position][0],
            employee_type="PNS",
            rank="III/c",
        )
        user.set_roles(roles)
        db.session.add(user)
        shown.append((username, ", ".join(roles), names[scope_id]))
    db.session.commit()
    return shown


# ---------------------------------------------------------------- bulk load


class Loader:
    """Inserts rows table by table, timing each table.

    SQLite: executemany in chunks. PostgreSQL: COPY through the psycopg connection,
    faster than executemany there (measured on 2 busy cores: 39,000 against 25,000
    module_progress rows/s, 2 instead of 3 minutes for 100,000 learners; the server's
    index upkeep is the rest); `copy=False` uses executemany on both.
    """

    def __init__(self, conn, copy: bool = True):
        self.conn = conn
        self.copy = copy and conn.dialect.name == "postgresql"
        self.seconds: dict[str, float] = defaultdict(float)
        self.rows: Counter[str] = Counter()

    def insert(self, table, rows: list[dict]) -> None:
        start = time.perf_counter()
        if rows and self.copy:
            self._copy(table, rows)
        else:
            for i in range(0, len(rows), CHUNK):
                self.conn.execute(insert(table), rows[i : i + CHUNK])
        self.seconds[table.name] += time.perf_counter() - start
        self.rows[table.name] += len(rows)

    def _copy(self, table, rows: list[dict]) -> None:
        # COPY skips SQLAlchemy's column types and defaults: every row carries every column
        # it needs (ids that are left out come from the sequence), JSON is dumped here.
        columns = list(rows[0])
        as_json = [isinstance(table.c[c].type, JSON) for c in columns]
        names = ", ".join(f'"{c}"' for c in columns)
        raw = self.conn.connection.driver_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(
                    [
                        json.dumps(row[c]) if dump else row[c]
                        for c, dump in zip(columns, as_json, strict=True)
                    ]
                )


def _next_id(conn, model) -> int:
    return (conn.scalar(select(func.max(model.id))) or 0) + 1


def _code(rng) -> str:
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")


def _random_time(rng, start: datetime, end: datetime) -> datetime:
    span = max(1, int((end - start).total_seconds()))
    return start + timedelta(seconds=rng.randrange(span))


def _survey(rng, user_id: int, course: CourseInfo, at: datetime) -> dict:
    base = rng.choice((3, 4, 4, 4, 5, 5))

    def mark() -> int:
        return min(5, max(1, base + rng.choice((-1, 0, 0, 1))))

    return {
        "user_id": user_id,
        "course_id": course.id,
        "version_id": course.version_id,
        "relevance": mark(),
        "clarity": mark(),
        "usefulness": mark(),
        "ease": mark(),
        "recommend": mark(),
        "comment": rng.choice(COMMENTS) if rng.random() < 0.2 else "",
        "created_at": at,
        "updated_at": at,
    }


def _snapshots(courses: list[CourseInfo]) -> dict[tuple[int, str], list[dict]]:
    """What a quiz attempt freezes, per (version, section), as quiz.services builds it."""
    result: dict[tuple[int, str], list[dict]] = defaultdict(list)
    rows = db.session.scalars(
        select(Question)
        .where(Question.version_id.in_([c.version_id for c in courses]))
        .order_by(Question.version_id, Question.section, Question.position)
    )
    for q in rows:
        result[(q.version_id, q.section)].append(
            {
                "qid": q.qid,
                "kind": q.kind,
                "prompt_html": q.prompt_html,
                "body_html": q.body_html,
                "choices": [{"key": c["key"], "html": c["html"]} for c in q.choices],
                "correct": [c["key"] for c in q.choices if c["correct"]],
                "answers": list(q.answers),
                "explanation_html": q.explanation_html,
            }
        )
    return result


def _correct_responses(questions: list[dict]) -> dict:
    responses = {}
    for q in questions:
        if q["kind"] == "short":
            responses[q["qid"]] = q["answers"][0]
        elif q["kind"] == "single":
            responses[q["qid"]] = q["correct"][0]
        else:
            responses[q["qid"]] = list(q["correct"])
    return responses


@dataclass
class _LearnerMaker:
    """Makes the rows of one learner after another; the state runs across blocks so ids,
    NIPs and certificate numbers never repeat. The order of the random draws is the data."""

    rng: random.Random
    now: datetime
    courses: list[CourseInfo]
    learner_units: list[int]
    password_hash: str
    by_type: dict[str, list[tuple[int, int]]]
    snapshots: dict[tuple[int, str], list[dict]]
    attempt_rate: float
    next_user: int
    next_completion: int
    next_certificate: int
    taken: set[str]
    sequences: Counter[int] = field(default_factory=Counter)
    attempts: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.this_year = (self.now + JAKARTA).year
        self.types = list(TYPE_SHARE)
        self.type_weights = [TYPE_SHARE[t] for t in self.types]
        self.course_cum = []
        total = 0.0
        for course in self.courses:
            total += course.weight
            self.course_cum.append(total)
        self.year_weights = {self.this_year: 40, self.this_year - 1: 35, self.this_year - 2: 25}
        self.year_start = {y: datetime(y, 1, 1, tzinfo=UTC) for y in self.year_weights}

    def learner(self, index: int, rows: dict[str, list[dict]]) -> None:
        rng = self.rng
        user_id = self.next_user
        self.next_user += 1
        kind = rng.choices(self.types, weights=self.type_weights)[0]
        position_id, level = rng.choice(self.by_type[kind])
        employee_type = (
            "PPPK" if kind in ("pelaksana", "fungsional") and rng.random() < 0.2 else "PNS"
        )
        if employee_type == "PPPK":
            rank = rng.choice(_rank_between(PPPK_GRADES, *PPPK_RANGE[min(level, 3)]))
        else:
            rank = rng.choice(_rank_between(PNS_RANKS, *RANK_RANGE[level]))
        nip = make_nip(rng, employee_type, self.this_year)
        while nip in self.taken:
            nip = make_nip(rng, employee_type, self.this_year)
        self.taken.add(nip)
        created = self.now - timedelta(days=rng.randint(30, 1500))
        rows["users"].append(
            {
                "id": user_id,
                "username": nip,
                "full_name": full_name(rng, nip),
                "email": f"{nip}@pegawai.sukamaju.example",
                "password_hash": self.password_hash,
                "active": True,
                "created_at": created,
                "last_login_at": None,
                "rank": rank,
                "employee_type": employee_type,
                "activation_code": None,
                "activation_expires_at": None,
                "position_id": position_id,
                "unit_id": self.learner_units[index],
                "scope_unit_id": None,
            }
        )
        rows["user_roles"].append({"user_id": user_id, "role": "learner"})
        chosen = self._pick_courses()
        engagement = 0.2 + 0.7 * rng.random()  # completes about 55% of what they start
        for pick in chosen:
            self._enrol(user_id, self.courses[pick], engagement, rows)

    def _pick_courses(self) -> list[int]:
        n_courses = len(self.courses)
        k = min(n_courses, self.rng.randint(4, 6))
        chosen: list[int] = []
        while len(chosen) < k:
            pick = self.rng.choices(range(n_courses), cum_weights=self.course_cum)[0]
            if pick not in chosen:
                chosen.append(pick)
        return chosen

    def _reading(self, slugs: list[str], complete: bool):
        """When the learner enrolled, finished (or None) and read each module they read."""
        rng, now = self.rng, self.now
        if complete:
            weights = list(self.year_weights.values())
            year = rng.choices(list(self.year_weights), weights=weights)[0]
            end = min(now, datetime(year + 1, 1, 1, tzinfo=UTC) - JAKARTA)
            completed_at = _random_time(rng, self.year_start[year] - JAKARTA, end)
            enrolled_at = completed_at - timedelta(
                days=rng.randint(1, 45), seconds=rng.randint(0, 36_000)
            )
            read = len(slugs)
            reads = [
                enrolled_at + (completed_at - enrolled_at) * (i + 1) / (read + 1)
                for i in range(read)
            ]
            return enrolled_at, completed_at, reads
        enrolled_at = now - timedelta(days=rng.randint(1, 900), seconds=rng.randint(0, 86_000))
        read = 0 if rng.random() < 0.1 else rng.randint(1, max(1, len(slugs) - 1))
        reads = sorted(_random_time(rng, enrolled_at, now) for _ in range(read))
        return enrolled_at, None, reads

    def _enrol(self, user_id: int, course: CourseInfo, engagement: float, rows) -> None:
        rng = self.rng
        slugs = course.modules
        pretest = None
        if course.pretest:
            pretest = rng.choices(("taken", "skipped", None), weights=(6, 2, 2))[0]
        complete = rng.random() < engagement
        enrolled_at, completed_at, reads = self._reading(slugs, complete)
        for slug, read_at in zip(slugs, reads, strict=False):
            rows["module_progress"].append(
                {
                    "user_id": user_id,
                    "course_id": course.id,
                    "module_slug": slug,
                    "read_at": read_at,
                    "version_id": course.version_id,
                }
            )
        read = len(reads)
        rows["enrollments"].append(
            {
                "user_id": user_id,
                "course_id": course.id,
                "enrolled_at": enrolled_at,
                "last_module_slug": slugs[read - 1] if read else None,
                "last_opened_at": reads[-1] if read else enrolled_at,
                "pretest_status": pretest,
            }
        )
        if completed_at is not None:
            self._complete(user_id, course, completed_at, pretest, reads, rows)

    def _complete(self, user_id, course, completed_at, pretest, reads, rows) -> None:
        rng = self.rng
        completion_id = self.next_completion
        self.next_completion += 1
        year = (completed_at + JAKARTA).year
        final_score = rng.randint(70, 100)
        pretest_score = max(0, final_score - rng.randint(0, 55)) if pretest == "taken" else None
        rows["course_completions"].append(
            {
                "id": completion_id,
                "user_id": user_id,
                "course_id": course.id,
                "version_id": course.version_id,
                "completed_at": completed_at,
                "year": year,
                "jp": course.jp,
                "final_score": final_score,
                "pretest_score": pretest_score,
            }
        )
        self._certificate(user_id, course, completion_id, completed_at, year, rows)
        if rng.random() < 0.4:
            rows["survey_responses"].append(
                _survey(rng, user_id, course, completed_at + timedelta(minutes=5))
            )
        if rng.random() < self.attempt_rate and course.modules:
            self.attempts.extend(
                _attempts(rng, user_id, course, self.snapshots, reads, completed_at, final_score)
            )

    def _certificate(self, user_id, course, completion_id, completed_at, year, rows) -> None:
        certificate_id = self.next_certificate
        self.next_certificate += 1
        self.sequences[year] += 1
        number = f"ELN/{year}/{self.sequences[year]:06d}"
        code = _code(self.rng)
        issued_at = completed_at + timedelta(seconds=1)
        expires_at = (
            issued_at + timedelta(days=365 * course.valid_years) if course.valid_years else None
        )
        revoked = self.rng.random() < 0.002
        rows["certificates"].append(
            {
                "id": certificate_id,
                "number": number,
                "year": year,
                "sequence": self.sequences[year],
                "code": code,
                "user_id": user_id,
                "course_id": course.id,
                "completion_id": completion_id,
                "issued_at": issued_at,
                "expires_at": expires_at,
                "record": {
                    "number": number,
                    "code": code,
                    "course": {"slug": course.slug, "title": course.title},
                    "jp": course.jp,
                    "completed_at": completed_at.isoformat(),
                    "bench": True,
                },
                "holder_details": {},
                "jws": "bench.unsigned.record",
                "revoked_at": issued_at + timedelta(days=30) if revoked else None,
                "revoked_reason": "Data tolok ukur: dicabut" if revoked else None,
                "revoked_by_id": None,
            }
        )
        rows["certificate_competencies"].extend(
            {"certificate_id": certificate_id, "competency_id": competency_id, "level": level}
            for competency_id, level in course.competencies
        )


LEARNER_TABLES = (
    User,
    UserRole,
    Enrollment,
    ModuleProgress,
    CourseCompletion,
    Certificate,
    CertificateCompetency,
    SurveyResponse,
)


def load_learners(
    conn,
    rng,
    options: Options,
    courses: list[CourseInfo],
    positions: dict[str, tuple[int, str, int]],
    learner_units: list[int],
    now: datetime,
    echo,
) -> Loader:
    loader = Loader(conn, copy=options.copy)
    by_type: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for position_id, kind, level in positions.values():
        by_type[kind].append((position_id, level))
    maker = _LearnerMaker(
        rng=rng,
        now=now,
        courses=courses,
        learner_units=learner_units,
        password_hash=generate_password_hash(options.password),  # once, shared by all
        by_type=by_type,
        snapshots=_snapshots(courses),
        # About 300 quiz attempts in all, whatever the number of learners.
        attempt_rate=min(1.0, 300 / max(1, options.learners * 2.5)),
        next_user=_next_id(conn, User),
        next_completion=_next_id(conn, CourseCompletion),
        next_certificate=_next_id(conn, Certificate),
        taken=set(conn.execute(select(User.username)).scalars()),
    )
    conn.commit()  # end the reading transaction: each block below has its own
    started = time.perf_counter()
    generating = 0.0
    for block_start in range(0, options.learners, BLOCK):
        tick = time.perf_counter()
        rows: dict[str, list[dict]] = defaultdict(list)
        for index in range(block_start, min(options.learners, block_start + BLOCK)):
            maker.learner(index, rows)
        generating += time.perf_counter() - tick
        with conn.begin():
            for model in LEARNER_TABLES:
                loader.insert(model.__table__, rows.get(model.__tablename__, []))
        done = min(options.learners, block_start + BLOCK)
        echo(
            f"  {done:>9,} learners  {loader.rows['module_progress']:>11,} progress rows  "
            f"{time.perf_counter() - started:7.1f} s"
        )

    with conn.begin():
        loader.insert(QuizAttempt.__table__, maker.attempts)
        for year, last in sorted(maker.sequences.items()):
            conn.execute(insert(CertificateCounter.__table__), {"year": year, "last": last})
        loader.rows["certificate_counters"] += len(maker.sequences)
    loader.seconds[GENERATING] = generating
    return loader


def _attempts(rng, user_id, course, snapshots, reads, completed_at, final_score) -> list[dict]:
    """A passed module quiz and the final exam of one completed enrolment."""
    result = []
    index = rng.randrange(len(course.modules))
    for section, kind, at, score in (
        (course.modules[index], "quiz", reads[index], 100),
        ("", "exam", completed_at - timedelta(minutes=30), final_score),
    ):
        questions = snapshots.get((course.version_id, section), [])
        if not questions:
            continue
        total = len(questions)
        correct = round(score * total / 100)
        responses = _correct_responses(questions[:correct])
        result.append(
            {
                "user_id": user_id,
                "course_id": course.id,
                "version_id": course.version_id,
                "section": section,
                "kind": kind,
                "number": 1,
                "questions": questions,
                "responses": responses,
                "pass_percent": 70,
                "started_at": at,
                "deadline_at": None,
                "saved_at": at + timedelta(minutes=4),
                "submitted_at": at + timedelta(minutes=5),
                "correct": correct,
                "total": total,
                "score": correct * 100 // total,
                "passed": correct * 100 >= 70 * total,
                "late": False,
            }
        )
    return result


def store_assignments(conn, rng, courses, unit_ids, positions, creator_id, now) -> int:
    """About 20 mandatory-course assignments with due dates around today."""
    today = (now + JAKARTA).date()
    rows = []
    position_ids = [p[0] for p in positions.values()]
    for i in range(20):
        unit = unit_ids[0] if i < 3 else rng.choice(unit_ids[1:])
        rows.append(
            {
                "course_id": rng.choice(courses).id,
                "unit_id": unit,
                "position_id": rng.choice(position_ids) if rng.random() < 0.3 else None,
                "due_date": today + timedelta(days=rng.randint(-60, 90)),
                "recurrence": "yearly" if rng.random() < 0.25 else "none",
                "note": "Penugasan data tolok ukur.",
                "created_by": creator_id,
                "created_at": now - timedelta(days=rng.randint(30, 120)),
                "cancelled_at": now - timedelta(days=3) if i == 19 else None,
            }
        )
    with conn.begin():
        conn.execute(insert(Assignment.__table__), rows)
    return len(rows)


def finish(conn) -> None:
    """Advance PostgreSQL sequences past explicit ids; refresh the planner's statistics."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        with conn.begin():
            for model in (User, CourseCompletion, Certificate):
                table = model.__tablename__
                # A model's own table name, not input.
                sql = (
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"  # noqa: S608, E501
                )
                conn.execute(text(sql))
        # VACUUM too: without a visibility map PostgreSQL cannot use index-only scans.
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    else:
        with conn.begin():
            conn.execute(text("ANALYZE"))


# ---------------------------------------------------------------- entry points


def place_learners(rng, plan: list[UnitPlan], unit_ids: list[int], learners: int) -> list[int]:
    """The unit of each learner: none in the government itself, fewer in the top offices."""
    weights = [
        0.0 if u.depth == 0 else 0.5 if u.depth == 1 else rng.uniform(0.5, 1.5) for u in plan
    ]
    return rng.choices(unit_ids, weights=weights, k=learners)


def _load_fast(conn) -> None:
    if conn.dialect.name == "sqlite":
        # No fsync while loading: a crash mid-load means generating again anyway.
        # (Pragmas take effect outside a transaction, hence the commit.)
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        conn.commit()


def _report_rates(loader: Loader, echo) -> None:
    echo("\nrows inserted per table (insert time):")
    for name in sorted(loader.rows, key=lambda n: -loader.rows[n]):
        seconds = loader.seconds.get(name, 0.0)
        rate = f"{loader.rows[name] / seconds:>10,.0f} rows/s" if seconds > 0.05 else ""
        echo(f"  {name:<26} {loader.rows[name]:>11,}  {seconds:7.1f} s  {rate}")
    echo(f"  {GENERATING:<38}  {loader.seconds[GENERATING]:7.1f} s")


def generate(options: Options, echo=print) -> Summary:
    """Fill the database of the current app context; raise GenerateError when refused."""
    if options.learners < 1 or options.units < 3 or options.courses < 1:
        raise GenerateError("need --learners >= 1, --units >= 3 and --courses >= 1")
    started = time.perf_counter()
    ensure_schema(options.reset, echo)
    if not is_empty():
        raise GenerateError(
            "the database already holds users, units or courses; "
            "use --reset to drop everything first, or another --database-url"
        )
    rng = random.Random(options.seed)
    now = datetime.now(UTC).replace(microsecond=0)
    timings: dict[str, float] = {}

    def step(label: str, since: float) -> float:
        timings[label] = time.perf_counter() - since
        echo(f"{label}: {timings[label]:.1f} s")
        return time.perf_counter()

    tick = time.perf_counter()
    courses = publish_courses(rng, options.courses, echo)
    tick = step(f"competencies + {len(courses)} courses published", tick)
    positions = store_positions(rng)
    plan = plan_units(rng, options.units)
    unit_ids = store_units(plan)
    tick = step(f"{len(positions)} positions, {len(unit_ids)} units + closure", tick)

    learner_units = place_learners(rng, plan, unit_ids, options.learners)
    hr_unit = pick_hr_unit(plan, unit_ids, Counter(learner_units))
    bkpsdm_unit = next(
        (i for u, i in zip(plan, unit_ids, strict=True) if u.code.endswith("-BKPSDM")), unit_ids[1]
    )
    password_hash = generate_password_hash(options.password)
    accounts = create_accounts(password_hash, unit_ids[0], bkpsdm_unit, hr_unit, positions)
    creator_id = db.session.scalar(select(User.id).where(User.username == "bkpsdm"))
    db.session.remove()  # the bulk load has the database to itself

    with db.engine.connect() as conn:
        _load_fast(conn)
        loader = load_learners(conn, rng, options, courses, positions, learner_units, now, echo)
        loader.rows["assignments"] += store_assignments(
            conn, rng, courses, unit_ids, positions, creator_id, now
        )
        tick = step("learners and their history", tick)
        today = (now + JAKARTA).date()
        loader.rows.update(
            store_skm(conn, loader, options.seed, plan, unit_ids, courses, creator_id, now, today)
        )
        tick = step("SKM services, six semesters of results, front-line positions", tick)
        rebuild_closure()  # on the session's own connection; units are already linked
        db.session.commit()
        db.session.remove()
        finish(conn)
        tick = step("closure rebuilt + ANALYZE", tick)
        conn.invalidate()  # never hand a connection with load-time settings back to the pool

    _report_rates(loader, echo)
    counts = table_counts()
    summary = Summary(counts, accounts, time.perf_counter() - started, dict(loader.seconds))
    summary.table_seconds.update(timings)
    return summary


def table_counts() -> dict[str, int]:
    models = (
        OrgUnit, OrgClosure, Position, Course, CourseVersion, Module, User, UserRole, Enrollment,
        ModuleProgress, CourseCompletion, Certificate, CertificateCompetency, SurveyResponse,
        QuizAttempt, Assignment, SkmService, SkmResponse, SkmElementAverage,
    )  # fmt: skip
    return {
        m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) or 0 for m in models
    }


def build_app(database_url: str | None, **config):
    """The app on `database_url` (or ELEARN_DATABASE_URL / the app's default database)."""
    from elearn import create_app

    settings = {"SECRET_KEY": "bench-only-secret", **config}
    if database_url:
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        settings["SQLALCHEMY_DATABASE_URI"] = database_url
    return create_app(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, required=True)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--courses", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reset", action="store_true", help="drop every table first")
    parser.add_argument(
        "--no-copy", action="store_true", help="PostgreSQL: executemany instead of COPY"
    )
    args = parser.parse_args(argv)
    app = build_app(args.database_url)
    options = Options(
        learners=args.learners,
        units=args.units,
        courses=args.courses,
        seed=args.seed,
        password=args.password,
        reset=args.reset,
        copy=not args.no_copy,
    )
    with app.app_context():
        print(f"database: {db.engine.url.render_as_string(hide_password=True)}")
        try:
            summary = generate(options, echo=lambda line: print(line, flush=True))
        except GenerateError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 2
    print("\nrow counts:")
    for name, count in summary.counts.items():
        print(f"  {name:<26} {count:>11,}")
    print(f"\naccounts (password: {options.password}):")
    for username, roles, scope in summary.accounts:
        print(f"  {username:<12} {roles:<20} scope: {scope}")
    print(f"\ntotal: {summary.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
