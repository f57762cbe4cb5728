"""The certificate as a one-page A4 landscape PDF, with a vector QR code of its verify URL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from babel.dates import format_date
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
INK = (27, 36, 48)
BRAND = (11, 79, 138)
MUTED = (74, 85, 99)


def indonesian_date(iso: str | None, timezone: str) -> str:
    if not iso:
        return "-"
    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo(timezone))
    return format_date(moment, "d MMMM yyyy", locale="id")


def render_pdf(record: dict, verify_url: str, timezone: str, logo: str | None = None) -> bytes:
    """Draw the certificate described by its signed record."""
    sheet = _Sheet(record, logo)
    if record.get("kind") == "penghargaan":
        _recognition_statement(sheet, record)
    else:
        _statement(sheet, record, timezone)
    _verification(sheet.pdf, record, verify_url, timezone)
    _signatory(sheet.pdf, record["issuer"])
    return bytes(sheet.pdf.output())


class _Sheet:
    """The framed A4 landscape page, and its centred lines of text."""

    def __init__(self, record: dict, logo: str | None):
        pdf = self.pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_title(f"Sertifikat {record['number']}")
        pdf.set_author(record["issuer"]["institution"])
        pdf.set_subject(_subject(record))
        pdf.add_page()
        self.width = pdf.w
        pdf.set_draw_color(*BRAND)
        pdf.set_line_width(1.2)
        pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
        pdf.set_line_width(0.3)
        pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)
        _logo(pdf, logo, record["issuer"]["institution"])
        # Text that wraps pushes every later line down instead of under it.
        self.shift = self.bottom = 0.0

    def line(self, text: str, size: float, y: float, bold=False, color=INK, fit: int = 0) -> None:
        """A centred line at `y` (or lower, below the line before); `fit` lines at the most."""
        pdf, width = self.pdf, self.width
        style = "B" if bold else ""
        pdf.set_font("DejaVu", style, size)
        while fit and size > 12 and _lines(pdf, text, width - 40, size) > fit:
            size -= 1  # a long name or title: smaller rather than onto the next line
            pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*color)
        top = max(y + self.shift, self.bottom + 1.5)
        self.shift = top - y
        pdf.set_xy(20, top)
        pdf.multi_cell(width - 40, size * 0.45, text, align="C")
        self.bottom = pdf.get_y()


def _subject(record: dict) -> str:
    if record.get("kind") == "penghargaan":
        return f"Penghargaan tahun {record['recognition']['year']}"
    return record["course"]["title"]


def _holder(sheet: _Sheet, holder: dict) -> None:
    """The holder's name, and beneath it NIP, rank and position as they were at issue."""
    sheet.line(holder["name"], 22, 66, bold=True, fit=1)
    details = [f"NIP {holder['nip']}" if holder.get("nip") else ""]
    details += [holder.get("rank") or "", holder.get("position") or ""]
    sheet.line("  ·  ".join(d for d in details if d) or " ", 11, 78)


def _recognition_statement(sheet: _Sheet, record: dict) -> None:
    """Who is recognised, for what and for which year: no course, no JP, no competency."""
    recognition = record["recognition"]
    sheet.line(record["issuer"]["institution"].upper(), 13, 20, bold=True, color=BRAND)
    sheet.line("PIAGAM PENGHARGAAN", 28, 34, bold=True, color=BRAND)
    sheet.line(f"Nomor: {record['number']}", 11, 49)
    sheet.line("diberikan kepada", 11, 59, color=MUTED)
    _holder(sheet, record["holder"])
    if record["holder"].get("unit"):
        sheet.line(record["holder"]["unit"], 11, 84, color=MUTED)
    sheet.line("atas prestasinya", 11, 93, color=MUTED)
    sheet.line(recognition["reason"], 16, 100, bold=True, fit=2)
    sheet.line(f"Tahun {recognition['year']}", 12, 116)


def _statement(sheet: _Sheet, record: dict, timezone: str) -> None:
    """Who completed which course, when, with how many JP and which competencies."""
    holder, course = record["holder"], record["course"]
    sheet.line(record["issuer"]["institution"].upper(), 13, 20, bold=True, color=BRAND)
    sheet.line("SERTIFIKAT", 30, 34, bold=True, color=BRAND)
    sheet.line(f"Nomor: {record['number']}", 11, 49)
    sheet.line("diberikan kepada", 11, 59, color=MUTED)
    _holder(sheet, holder)
    sheet.line("telah menyelesaikan kursus e-learning", 11, 88, color=MUTED)
    sheet.line(course["title"], 17, 95, bold=True, fit=2)
    score = record.get("final_score")
    facts = [f"{record['jp']} Jam Pelajaran (JP)", f"versi {course['version']}"]
    if score is not None:
        facts.append(f"nilai akhir {score}")
    facts.append(f"selesai {indonesian_date(record['completed_at'], timezone)}")
    sheet.line("  ·  ".join(facts), 11, 113)
    if record.get("competencies"):
        attested = ", ".join(f"{c['name']} (level {c['level']})" for c in record["competencies"])
        sheet.line(f"Kompetensi: {attested}", 10, 122, color=MUTED)
    if record.get("task"):
        sheet.line(task_statement(record["task"], timezone), 10, 129, color=MUTED)


def task_statement(task: dict, timezone: str) -> str:
    """The certificate's line about the verified workplace task."""
    when = indonesian_date(task["verified_at"], timezone)
    return f"Tugas penerapan diverifikasi oleh {task['verified_by'] or 'atasan'} pada {when}"


def _verification(pdf: FPDF, record: dict, verify_url: str, timezone: str) -> None:
    """The QR code and how to verify, bottom left."""
    size = 34.0
    height = pdf.h
    _qr(pdf, verify_url, 22, height - 22 - size, size)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(22 + size + 4, height - 22 - size + 4)
    valid = (
        f"Berlaku sampai {indonesian_date(record['expires_at'], timezone)}"
        if record.get("expires_at")
        else "Berlaku tanpa batas waktu"
    )
    pdf.multi_cell(
        95,
        4,
        f"Diterbitkan {indonesian_date(record['issued_at'], timezone)}. {valid}.\n"
        f"Verifikasi keaslian: pindai kode QR atau buka\n{verify_url}",
        align="L",
    )


def _signatory(pdf: FPDF, issuer: dict) -> None:
    """The signatory's position and name, bottom right."""
    width, height = pdf.w, pdf.h
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_xy(width - 112, height - 62)
    pdf.multi_cell(90, 5, f"{issuer['signatory_position']}", align="C")
    pdf.set_xy(width - 112, height - 40)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(90, 4, "ditandatangani secara elektronik", align="C")
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_text_color(*INK)
    pdf.set_xy(width - 112, height - 34)
    pdf.multi_cell(90, 5, issuer["signatory_name"], align="C")


def _lines(pdf: FPDF, text: str, width: float, size: float) -> int:
    """How many lines `text` takes in the current font."""
    return len(pdf.multi_cell(width, size * 0.45, text, dry_run=True, output="LINES"))


def _qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as filled squares: crisp at any zoom and in print."""
    code = segno.make(data, error="m", micro=False)
    matrix = code.matrix
    module = size / (len(matrix) + 8)  # four modules of quiet zone on each side
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(
                    x + (col_index + 4) * module,
                    y + (row_index + 4) * module,
                    module,
                    module,
                    style="F",
                )


def _logo(pdf: FPDF, logo: str | None, institution: str) -> None:
    if logo and Path(logo).is_file():
        pdf.image(logo, x=20, y=16, h=20)
        return
    # No logo configured: a plain emblem with the institution's initials.
    initials = "".join(w[0] for w in institution.split() if w[:1].isalpha())[:3].upper()
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(0.8)
    pdf.ellipse(20, 16, 20, 20)
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_text_color(*BRAND)
    pdf.set_xy(20, 23.5)
    pdf.cell(20, 5, initials, align="C")
