"""Item-writing warnings: patterns in well-formed questions that let a learner score without
knowing the material (the longest option is the right one, the stem gives the answer away,
"semua benar" options, ...).

Warnings never block an import or publishing: `elearn courses check` prints them after the
errors and the editor shows them beside the errors. They are read from the parsed quizzes,
so no file is parsed twice. docs/course-format.md ("Item-writing warnings") lists each text
with its threshold (tests/unit/test_course_format_doc.py keeps the two in step).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape

from ..domain.texts import N_
from .spec import Choice, CourseSpec, Problem, Question, Quiz

# Thresholds: every number the checks below use --------------------------------------------
# The longest-option pattern is judged on single-choice questions with at least this many
# choices (with two, the right one is uniquely longest half the time by chance) ...
LONGEST_MIN_CHOICES = 3
# ... once a quiz has at least this many of them ...
LONGEST_MIN_QUESTIONS = 4
# ... and warns when the right choice is the uniquely longest in more than this share.
LONGEST_MAX_SHARE = 0.5
# An exam pool should hold at least this many times the questions one attempt draws.
POOL_FACTOR = 2
# The stem gives the answer away when it holds this many words of the right choice that no
# other choice has (and no word that only a wrong choice has) ...
STEM_MIN_SHARED_WORDS = 2
# ... counting only words of at least this many letters that are not common words.
WORD_MIN_LETTERS = 4
# A short answer written in the stem counts from this many characters (shorter ones, such as
# a number, appear by coincidence).
SHORT_ANSWER_MIN_CHARS = 4
# One JP (jam pelajaran) is this many minutes; `jp` may differ from the modules' minutes
# divided by it by at most JP_TOLERANCE (so 4 JP fits 135 to 225 minutes).
JP_MINUTES = 45
JP_TOLERANCE = 1

# Texts (learners never see them; trainers read them as `path:line: peringatan: ...`) ------
LONGEST_IS_CORRECT = N_(
    "jawaban benar adalah pilihan terpanjang di {count} dari {total} soal pilihan tunggal "
    "bagian ini: peserta bisa menebak dari panjangnya; samakan panjang pilihan"
)
STEM_SPELLS_ACRONYM = N_(
    "teks soal menguraikan singkatan `{acronym}` yang menjadi jawabannya: "
    "peserta bisa menjawab dari huruf depan kata-katanya"
)
STEM_HAS_ANSWER = N_(
    "teks soal memuat kata dari jawaban benar yang tidak ada di pilihan lain ({words}): "
    "peserta bisa menjawab tanpa memahami materinya"
)
CATCH_ALL_CHOICE = N_(
    "pilihan `{text}` mudah ditebak dan tidak mengukur pemahaman: "
    "ganti dengan pengecoh yang masuk akal"
)
ONE_WRONG_CHOICE = N_(
    "soal pilihan jamak ini hanya punya satu pilihan salah: cukup mengenali satu yang salah "
    "untuk menjawab; tambahkan pengecoh"
)
POOL_TOO_SMALL = N_(
    "bank soal ujian berisi {count} soal, kurang dari {factor} kali {draw} soal per percobaan: "
    "peserta yang mengulang bertemu soal yang sama; tambah soal atau atur `draw`"
)
NO_EXPLANATION = N_(
    "soal tanpa penjelasan (`> ...`): tulis mengapa jawabannya benar, untuk peserta yang "
    "melihat pembahasan"
)

JP_MISMATCH = N_(
    "`jp: {jp}` tidak sesuai dengan jumlah `minutes` modul dan tugas ({minutes} menit, sekitar "
    "{fits} JP bila 1 JP = 45 menit): sesuaikan `jp` atau `minutes`"
)
TASK_WITHOUT_MINUTES = N_(
    "tugas penerapan tanpa `minutes`: tulis berapa menit kerja peserta yang dibutuhkannya "
    "(`task:` lalu `minutes: 90`), agar `jp` mencakup waktu tugas"
)

WARNING_NAMES = (
    "LONGEST_IS_CORRECT", "STEM_SPELLS_ACRONYM", "STEM_HAS_ANSWER", "CATCH_ALL_CHOICE",
    "ONE_WRONG_CHOICE", "POOL_TOO_SMALL", "NO_EXPLANATION", "JP_MISMATCH",
    "TASK_WITHOUT_MINUTES",
)  # fmt: skip

# "Semua benar", "semua jawaban di atas salah", "tidak ada yang benar", "all of the above".
CATCH_ALL = re.compile(
    r"^(semua|semuanya|tidak ada|bukan semua)( (jawaban|pilihan))?( (yang|di atas))*"
    r"( (benar|salah))( (di atas|semua))?$"
    r"|^(all|none) of the above$"
)
# Words that say nothing about the answer: a stem and a choice sharing them is no clue.
_COMMON_WORDS = """
    adalah agar akan anda antara apabila apakah atas atau bagaimana bahwa bagi baik banyak
    bawah begitu belum benar berapa berikut bersama bila bisa boleh buat bukan cara dalam
    dapat dari dengan hanya harus hal ini itu jika juga kapan karena kepada ketika kita
    lain lagi lebih lewat maka manakah masih mana melalui mengapa menjadi menurut mereka milik
    namun oleh pada paling para perlu pilih saat saja salah sama sambil sangat satu
    sebagai sebelum sedang sehingga sejak selalu semua sendiri seperti sering setelah setiap
    siapa sudah supaya tanpa tentang terhadap tersebut tetapi tidak untuk yaitu yakni yang
    about above after also because before being both each from have into more most only
    other over same some such than that their them then there these they this those what
    when where which while with would your"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())
# Small words an expansion may hold that its acronym leaves out ("Badan Pusat Statistik",
# but "Penyelenggara Sistem dan Transaksi Elektronik" is still PSTE).
ACRONYM_SKIPS = frozenset({"dan", "dari", "di", "ke", "untuk", "yang", "of", "and", "for", "the"})

ACRONYM = re.compile(r"\b[A-Z]{2,8}\b")
WORD = re.compile(r"[^\W\d_]+")  # letters only
TOKEN = re.compile(r"\w+")  # numbers too: "30 hari kerja" is not in "hari kerja"
TAG = re.compile(r"<[^>]*>")

Warn = Callable[[int, str], None]


def visible_text(html: str) -> str:
    """What a reader sees of sanitised HTML: its text, spaces collapsed."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


def course_warnings(spec: CourseSpec, display: Callable[[str], str] = str) -> list[Problem]:
    """Every warning of a parsed course, at `display(path)`, in file and line order."""
    found: list[Problem] = []
    for module in spec.modules:
        if module.quiz:
            found += _at(display(module.filename), quiz_warnings(module.quiz))
    if spec.exam:
        exam = quiz_warnings(spec.exam, exam=True, module_count=len(spec.modules))
        found += _at(display("course.md"), exam)
    if spec.pretest_quiz:  # asked once, before learning: no pool to wear out
        found += _at(display("course.md"), quiz_warnings(spec.pretest_quiz))
    found += _at(display("course.md"), jp_warnings(spec))
    return sorted(set(found))


def jp_warnings(spec: CourseSpec) -> list[tuple[int, str]]:
    """`jp` should follow from the minutes of the modules and the task: within JP_TOLERANCE
    of minutes / 45, once every module declares its `minutes` (an estimate from the words is
    no plan). A task left without minutes would make the JP look right while leaving it out."""
    minutes = spec.total_minutes
    declared = spec.modules and all(m.minutes_declared for m in spec.modules)
    if not declared:
        return []
    if spec.task and not spec.task.minutes:
        return [(spec.jp_line, TASK_WITHOUT_MINUTES)]
    if abs(spec.jp * JP_MINUTES - minutes) <= JP_TOLERANCE * JP_MINUTES:
        return []
    fits = round(minutes / JP_MINUTES, 1)
    text = JP_MISMATCH.format(jp=spec.jp, minutes=minutes, fits=f"{fits:g}".replace(".", ","))
    return [(spec.jp_line, text)]


def _at(path: str, warnings: list[tuple[int, str]]) -> list[Problem]:
    return [Problem(path, line, message) for line, message in warnings]


def quiz_warnings(quiz: Quiz, exam: bool = False, module_count: int = 0) -> list[tuple[int, str]]:
    """The (line, text) warnings of one quiz; `exam` adds the pool check, which needs the
    number of modules when the exam draws per module."""
    found: list[tuple[int, str]] = []

    def warn(line: int, message: str) -> None:
        found.append((line, message))

    longest_pattern(quiz, warn)
    if exam:
        pool_size(quiz, module_count, warn)
    for question in quiz.questions:
        question_warnings(question, warn)
    return sorted(set(found))


def question_warnings(question: Question, warn: Warn) -> None:
    """The warnings of one question, each at its own line."""
    if question.kind == "multiple" and sum(not c.correct for c in question.choices) == 1:
        warn(question.line, ONE_WRONG_CHOICE)
    for choice in question.choices:
        text = visible_text(choice.html)
        if CATCH_ALL.match(" ".join(WORD.findall(text.casefold()))):
            warn(choice.line or question.line, CATCH_ALL_CHOICE.format(text=text))
    if not question.explanation_html.strip():
        warn(question.line, NO_EXPLANATION)
    message = stem_gives_answer(question)
    if message:
        warn(question.line, message)


# The longest choice ------------------------------------------------------------------------


def longest_pattern(quiz: Quiz, warn: Warn) -> None:
    """Warn at the quiz heading when the right choice is mostly the uniquely longest."""
    judged = [
        q for q in quiz.questions if q.kind == "single" and len(q.choices) >= LONGEST_MIN_CHOICES
    ]
    longest = sum(correct_is_longest(q.choices) for q in judged)
    if len(judged) >= LONGEST_MIN_QUESTIONS and longest > LONGEST_MAX_SHARE * len(judged):
        warn(quiz.line, LONGEST_IS_CORRECT.format(count=longest, total=len(judged)))


def correct_is_longest(choices: tuple[Choice, ...]) -> bool:
    """True when the one right choice is longer (in visible characters) than every other."""
    lengths = [(len(visible_text(c.html)), c.correct) for c in choices]
    right = [length for length, correct in lengths if correct]
    wrong = [length for length, correct in lengths if not correct]
    return len(right) == 1 and bool(wrong) and right[0] > max(wrong)


# The exam pool -----------------------------------------------------------------------------


def drawn_per_attempt(quiz: Quiz, module_count: int) -> int:
    """How many questions one attempt asks: `draw`, else `draw_per_module` x modules, else
    the whole pool."""
    settings = quiz.settings
    if settings.draw:
        return settings.draw
    if settings.draw_per_module and module_count:
        return settings.draw_per_module * module_count
    return len(quiz.questions)


def pool_size(quiz: Quiz, module_count: int, warn: Warn) -> None:
    draw = drawn_per_attempt(quiz, module_count)
    count = len(quiz.questions)
    if count < POOL_FACTOR * draw:
        warn(quiz.line, POOL_TOO_SMALL.format(count=count, factor=POOL_FACTOR, draw=draw))


# The stem gives the answer away ------------------------------------------------------------


def stem_gives_answer(question: Question) -> str | None:
    """The warning text when the stem (heading and text above the choices) reveals the
    answer, else None. Three precise rules, so a warning is worth reading:

    - a right answer that is an acronym alone is spelled out in the stem, word by word, each word
      capitalised ("Apa singkatan Aparatur Sipil Negara?" -> `ASN`);
    - the stem holds STEM_MIN_SHARED_WORDS or more words of a right choice that no other
      choice holds, and no word that only a wrong choice holds;
    - an accepted short answer (SHORT_ANSWER_MIN_CHARS or longer) is a word of the stem.
    """
    stem = f"{visible_text(question.prompt_html)} {visible_text(question.body_html)}"
    right = [visible_text(c.html) for c in question.choices if c.correct]
    right += list(question.answers)
    for acronym in (text for text in map(_sole_word, right) if ACRONYM.fullmatch(text)):
        if spells_out(stem, acronym):
            return STEM_SPELLS_ACRONYM.format(acronym=acronym)
    if question.choices:
        shared = _echoed_words(stem, question.choices)
        if shared:
            return STEM_HAS_ANSWER.format(words=", ".join(shared))
    stem_words = " ".join(TOKEN.findall(stem.casefold()))
    for answer in question.answers:
        wanted = " ".join(TOKEN.findall(answer.casefold()))
        if len(answer) >= SHORT_ANSWER_MIN_CHARS and wanted and f" {wanted} " in f" {stem_words} ":
            return STEM_HAS_ANSWER.format(words=answer)
    return None


def _sole_word(text: str) -> str:
    """TEXT's one word (an acronym answer such as "ASN."), or "" when it has several."""
    words = WORD.findall(text)
    return words[0] if len(words) == 1 else ""


def content_words(text: str) -> set[str]:
    """The words of TEXT that can carry meaning: long enough and not common."""
    return {
        w for w in WORD.findall(text.casefold())
        if len(w) >= WORD_MIN_LETTERS and w not in COMMON_WORDS
    }  # fmt: skip


def _echoed_words(stem: str, choices: tuple[Choice, ...]) -> list[str]:
    """The words only one right choice shares with the stem, when that gives it away."""
    words = [content_words(visible_text(c.html)) for c in choices]
    stem_words = content_words(stem)
    echoed: list[tuple[bool, set[str]]] = []
    for index, choice in enumerate(choices):
        others = set().union(*(w for i, w in enumerate(words) if i != index))
        echoed.append((choice.correct, (words[index] - others) & stem_words))
    if any(shared for correct, shared in echoed if not correct):
        return []
    best = max((shared for correct, shared in echoed if correct), key=len, default=set())
    return sorted(best) if len(best) >= STEM_MIN_SHARED_WORDS else []


def spells_out(stem: str, acronym: str) -> bool:
    """True when consecutive capitalised words of STEM begin with the letters of ACRONYM
    (small joining words such as "dan" may sit between them)."""
    words = [w for w in WORD.findall(stem) if w.casefold() not in ACRONYM_SKIPS]
    return any(_spelled_at(words, start, acronym) for start in range(len(words)))


def _spelled_at(words: list[str], start: int, acronym: str) -> bool:
    window = words[start : start + len(acronym)]
    return len(window) == len(acronym) and all(
        word[0].isupper() and word[0] == letter
        for word, letter in zip(window, acronym, strict=True)
    )


def iter_texts() -> Iterator[tuple[str, str]]:
    """(name, text) of every warning, for the format document's test."""
    for name in WARNING_NAMES:
        yield name, globals()[name]
