"""How long one certificate PDF takes to generate.

Run: python bench/certificate_pdf.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time

from elearn.certificates.pdf import render_pdf

RECORD = {
    "number": "ELN/2026/000123",
    "code": "Zq3v9XkQyP0aB1cD2eF3gH",
    "holder": {
        "name": "Siti Rahmawati, S.Sos.",
        "nip": "19860926 201505 2 001",
        "rank": "III/b",
        "position": "Pengadministrasi Layanan Kependudukan",
        "unit": "Kelurahan Sungai Bangkong",
    },
    "course": {
        "slug": "manajemen-waktu",
        "title": "Manajemen Waktu dan Produktivitas ASN",
        "version": 2,
    },
    "jp": 4,
    "completed_at": "2026-11-23T09:00:00+00:00",
    "issued_at": "2026-11-23T09:00:01+00:00",
    "expires_at": "2029-11-23T09:00:01+00:00",
    "final_score": 92,
    "competencies": [
        {"slug": "manajemen-waktu", "name": "Manajemen Waktu", "level": 2},
        {"slug": "orientasi-pada-hasil", "name": "Orientasi pada Hasil", "level": 2},
    ],
    "issuer": {
        "institution": "BKPSDM Kota Pontianak",
        "signatory_name": "Dra. Nurhayati, M.Si.",
        "signatory_position": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    },
}


def main(runs: int) -> None:
    url = "https://elearn.example.go.id/verify/" + RECORD["code"]
    render_pdf(RECORD, url, "Asia/Jakarta")  # warm-up: imports and font parsing
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        data = render_pdf(RECORD, url, "Asia/Jakarta")
        timings.append(time.perf_counter() - start)
    print(
        f"certificate PDF: {runs} runs, median {statistics.median(timings) * 1000:.0f} ms, "
        f"max {max(timings) * 1000:.0f} ms, {len(data) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
