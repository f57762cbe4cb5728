"""The citizens' satisfaction survey (SKM, issue 18) in the benchmark government: part of
bench.generate, in a module of its own so the learners' data stay as they were.

Every leaf unit (kelurahan, puskesmas pembantu, seksi, sekolah ...) offers one or two public
services, each with the number of people it serves per semester; every unit has results for
the last six semesters: 100-400 respondents per unit and semester (nine scores 1-4, a
profile, now and then a comment), or, for about one unit-semester in ten, an imported summary
(each element's average over its respondents) instead. Scores drift per unit over time
around a unit's own level. Four positions serving the public are flagged front-line (their
holders are the learners who happen to hold them), and the service courses are assigned to
the kecamatan and the health office, so that "Did it help?" has staff and courses to count.

Its random numbers come from a generator of their own (seed + 18), so adding this left every
other table exactly as before.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, update

from elearn.domain import skm
from elearn.models import Assignment, Position, SkmElementAverage, SkmResponse, SkmService

SEMESTERS = 6
RESPONDENTS = (100, 400)  # per unit and semester
SUMMARY_SHARE = 0.1  # unit-semesters that only kept an imported summary
FRONT_LINE = ("PLK-LAY", "PLK-ADM", "PERAWAT", "BIDAN")  # position codes serving the public
# Courses of bench.generate's COURSE_TITLES that serve the public: assigned to the kecamatan
# and the health office (their units' front-line staff), a year ago.
SERVICE_COURSES = (
    "Pelayanan Publik Berbasis Digital",
    "Pengelolaan Pengaduan Masyarakat",
    "Pelayanan Inklusif",
)
SERVICES = {
    "kelurahan": ("Surat Keterangan Domisili", "Surat Pengantar KTP-el dan KK"),
    "sekolah": ("Penerimaan Peserta Didik Baru", "Legalisasi Ijazah"),
    "unit": ("Pemeriksaan Kesehatan Umum", "Layanan Informasi"),
    "seksi": ("Layanan Administrasi Umum", "Layanan Rekomendasi"),
    "bidang": ("Layanan Perizinan dan Rekomendasi", "Layanan Pengaduan"),
}
OTHER_SERVICES = ("Layanan Persuratan", "Layanan Informasi Publik")
GENDERS = ("Laki-laki", "Perempuan")
AGES = ("di bawah 25", "25-40", "41-55", "di atas 55")
EDUCATION = ("SD", "SMP", "SMA/SMK", "D3", "S1", "S2")
OCCUPATIONS = ("Wiraswasta", "Pegawai swasta", "PNS", "Pelajar/Mahasiswa", "Ibu rumah tangga")
COMMENTS = (
    "Antrean panjang, mohon ditambah loket.",
    "Petugasnya ramah dan sabar menjelaskan.",
    "Persyaratannya tidak dijelaskan di awal.",
    "Cepat selesai, terima kasih.",
    "Ruang tunggu panas.",
)
CHUNK = 20_000  # respondent rows per insert


def semesters(today: date, count: int = SEMESTERS) -> list[skm.Period]:
    """The `count` semesters up to the current one, oldest first."""
    found = [skm.period_of(today, "semester")]
    while len(found) < count:
        found.append(skm.period_of(found[-1].start - timedelta(days=1), "semester"))
    return found[::-1]


def leaf_units(plan, unit_ids: list[int]) -> list[tuple[int, str]]:
    """(unit id, kind) of every unit without units below it, the government left out."""
    parents = {u.parent for u in plan}
    return [
        (unit_id, u.kind)
        for i, (u, unit_id) in enumerate(zip(plan, unit_ids, strict=True))
        if i not in parents and u.depth >= 1
    ]


def _weights(mean: float) -> list[float]:
    """How likely each score 1-4 is for an element whose average should be near `mean`."""
    return [math.exp(-((s - mean) ** 2) / 0.6) for s in skm.SCORES]


def store_services(conn, rng, leaves: list[tuple[int, str]], now: datetime) -> dict[int, list]:
    """One or two services per leaf unit; returns unit id -> [(service id, population)]."""
    rows = []
    for unit_id, kind in leaves:
        names = SERVICES.get(kind, OTHER_SERVICES)
        for name in names[: rng.choice((1, 2, 2))]:
            rows.append(
                {
                    "unit_id": unit_id,
                    "name": name,
                    "public_code": f"{rng.getrandbits(64):016x}",
                    "population": rng.randint(300, 6000),
                    "active": True,
                    "created_at": now - timedelta(days=900),
                }
            )
    with conn.begin():
        conn.execute(insert(SkmService.__table__), rows)
    found: dict[int, list] = {}
    for service_id, unit_id, population in conn.execute(
        select(SkmService.id, SkmService.unit_id, SkmService.population).order_by(SkmService.id)
    ):
        found.setdefault(unit_id, []).append((service_id, population))
    conn.commit()
    return found


def _respondents(rng, unit_id, service_id, period, means, count, today, now) -> list[dict]:
    """`count` respondents of one service in one semester, scored around `means`."""
    columns = [rng.choices(skm.SCORES, weights=_weights(m), k=count) for m in means]
    last = min(period.end, today)
    span = (last - period.start).days
    rows = []
    for scores in zip(*columns, strict=True):
        row = {
            "unit_id": unit_id,
            "service_id": service_id,
            "period": period.label,
            "answered_on": period.start + timedelta(days=rng.randint(0, span)),
            **{f"u{n}": s for n, s in zip(skm.ELEMENT_NUMBERS, scores, strict=True)},
            "comment": rng.choice(COMMENTS) if rng.random() < 0.05 else None,
            "source": "impor",
            "gender": rng.choice(GENDERS),
            "age_group": rng.choice(AGES),
            "education": rng.choice(EDUCATION),
            "occupation": rng.choice(OCCUPATIONS),
            "device_key": None,
            "import_id": f"bench-{period.label}",
            "created_at": now,
        }
        rows.append(row)
    return rows


def _summary(rng, unit_id, service_id, period, means, count, now) -> list[dict]:
    return [
        {
            "unit_id": unit_id,
            "service_id": service_id,
            "period": period.label,
            "element": n,
            "average": round(min(4.0, max(1.0, m + rng.uniform(-0.05, 0.05))), 2),
            "respondents": count,
            "import_id": f"bench-ringkas-{period.label}",
            "created_at": now,
        }
        for n, m in zip(skm.ELEMENT_NUMBERS, means, strict=True)
    ]


def store_results(conn, loader, rng, services: dict[int, list], today: date, now) -> None:
    """Six semesters of respondents (or a summary) for every unit's services."""
    periods = semesters(today)
    pending: list[dict] = []
    summaries: list[dict] = []
    for unit_id, offered in services.items():
        level = rng.uniform(2.5, 3.5)
        offsets = [rng.uniform(-0.35, 0.35) for _ in skm.ELEMENT_NUMBERS]
        trend = rng.uniform(-0.03, 0.08)
        for step, period in enumerate(periods):
            means = [level + o + trend * step for o in offsets]
            total = rng.randint(*RESPONDENTS)
            summary = rng.random() < SUMMARY_SHARE
            for i, (service_id, _population) in enumerate(offered):
                count = total // len(offered) + (total % len(offered) if i == 0 else 0)
                if summary:
                    summaries += _summary(rng, unit_id, service_id, period, means, count, now)
                else:
                    pending += _respondents(
                        rng, unit_id, service_id, period, means, count, today, now
                    )
            if len(pending) >= CHUNK:
                with conn.begin():
                    loader.insert(SkmResponse.__table__, pending)
                pending = []
    with conn.begin():
        loader.insert(SkmResponse.__table__, pending)
        loader.insert(SkmElementAverage.__table__, summaries)


def flag_front_line(conn) -> int:
    with conn.begin():
        result = conn.execute(
            update(Position).where(Position.code.in_(FRONT_LINE)).values(front_line=True)
        )
    return result.rowcount


def assign_service_courses(conn, rng, plan, unit_ids, courses, creator_id, now) -> int:
    """The service courses, mandatory for the kecamatan and the health office a year ago."""
    chosen = [c for c in courses if any(c.title.startswith(t) for t in SERVICE_COURSES)]
    chosen = chosen or courses[:1]
    units = list(zip(plan, unit_ids, strict=True))
    targets = [i for u, i in units if u.kind in ("kecamatan", "dinkes")]
    targets = targets or [i for u, i in units if u.depth == 1][:2]
    rows = [
        {
            "course_id": rng.choice(chosen).id,
            "unit_id": unit_id,
            "position_id": None,
            "due_date": (now - timedelta(days=rng.randint(300, 420))).date(),
            "recurrence": "none",
            "note": "Pelatihan pelayanan untuk petugas garis depan (data tolok ukur).",
            "created_by": creator_id,
            "created_at": now - timedelta(days=rng.randint(430, 500)),
            "cancelled_at": None,
        }
        for unit_id in targets
    ]
    if rows:
        with conn.begin():
            conn.execute(insert(Assignment.__table__), rows)
    return len(rows)


def store_skm(conn, loader, seed, plan, unit_ids, courses, creator_id, now, today) -> Counter:
    """Everything SKM of the benchmark government; returns rows added per table."""
    rng = random.Random(seed + 18)  # noqa: S311 (benchmark data, not secrets)
    added: Counter[str] = Counter()
    leaves = leaf_units(plan, unit_ids)
    services = store_services(conn, rng, leaves, now)
    added["skm_services"] += sum(len(v) for v in services.values())
    store_results(conn, loader, rng, services, today, now)
    added["positions flagged front-line"] += flag_front_line(conn)
    added["assignments"] += assign_service_courses(
        conn, rng, plan, unit_ids, courses, creator_id, now
    )
    return added
