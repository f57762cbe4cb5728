"""Light on data (issue 19): a 1,000-word module without images, with the style sheet and
scripts its page loads, stays under 30 KB once compressed (gzip, as deploy/nginx serves it)."""

from __future__ import annotations

import gzip
import re

from tests.helpers import minimal_course, publish

BUDGET = 30 * 1024

WORDS = [
    "pelayanan",
    "publik",
    "yang",
    "baik",
    "dimulai",
    "dari",
    "mendengar",
    "warga",
    "dengan",
    "sabar",
    "lalu",
    "menjelaskan",
    "prosedur",
    "secara",
    "jelas",
    "tepat",
    "waktu",
    "dan",
    "tanpa",
    "biaya",
    "tambahan",
]


def thousand_words() -> str:
    words = [WORDS[i % len(WORDS)] for i in range(1000)]
    paragraphs = [" ".join(words[i : i + 100]) + "." for i in range(0, 1000, 100)]
    return "\n\n".join(paragraphs)


def test_module_page_and_assets_transfer_under_30_kb(client, learner, make_course):
    files = minimal_course()
    files["01-pengantar.md"] = (
        "---\ntitle: Pengantar\nminutes: 15\n---\n\n# Pengantar\n\n" + thousand_words() + "\n"
    )
    publish(make_course, files=files)
    page = client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)
    assert page.count("warga") >= 45  # 1,000 words of 21 kinds
    total = len(gzip.compress(page.encode(), 6))
    for url in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js)\?v=[^"]+)"', page):
        response = client.get(url)
        total += len(gzip.compress(response.data, 6))
        response.close()
    assert total < BUDGET, f"{total} bytes compressed"
