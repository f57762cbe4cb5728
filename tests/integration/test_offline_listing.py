"""/courses/<slug>/offline.json (issue 19): what a learner's device saves to read a course
offline. Behind the same gate as the module pages; never a quiz page, never an answer."""

from __future__ import annotations

from tests.helpers import login, minimal_course, publish

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
ANSWER_FEEDBACK = "Karena 2 + 2 = 4."  # the quiz's feedback in minimal_course()


def course_with_image() -> dict:
    files = minimal_course()
    files["01-pengantar.md"] += "\n![Diagram alur layanan](media/alur.png)\n"
    files["media/alur.png"] = PNG
    return files


def listing(client, slug="kursus-uji"):
    response = client.get(f"/courses/{slug}/offline.json")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    return response.get_json()


def test_listing_names_the_course_modules_and_images_with_a_size(client, learner, make_course):
    publish(make_course, files=course_with_image())
    data = listing(client)
    assert data["version"] == 1
    assert data["cache"] == "elearn-course-kursus-uji"
    pages = [url for url in data["urls"] if not url.startswith("/media/")]
    assert pages == [
        "/courses/kursus-uji",
        "/courses/kursus-uji/pengantar",
        "/courses/kursus-uji/lanjutan",
    ]
    images = [url for url in data["urls"] if url.startswith("/media/")]
    assert len(images) == 1 and images[0].endswith("/alur.png")
    assert data["bytes"] > len(PNG)
    for url in data["urls"]:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_listing_holds_no_quiz_page_and_no_answer(client, learner, make_course):
    publish(make_course)
    data = listing(client)
    assert not any("/quiz/" in url or url.endswith(("/exam", "/pretest")) for url in data["urls"])
    for url in data["urls"]:
        assert ANSWER_FEEDBACK not in client.get(url).get_data(as_text=True), url


def test_listing_follows_the_live_version(client, learner, make_course):
    publish(make_course)
    assert listing(client)["version"] == 1
    files = minimal_course()
    files["01-pengantar.md"] += "\nParagraf baru.\n"
    publish(make_course, files=files)
    assert listing(client)["version"] == 2


def test_listing_needs_a_login_and_a_published_course(client, make_user, make_course):
    publish(make_course)
    response = client.get("/courses/kursus-uji/offline.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]

    make_user()
    login(client)
    assert client.get("/courses/tidak-ada/offline.json").status_code == 404
