"""Every problem the course format reports to trainers, in one table.

The texts are the contract of docs/course-format.md, which lists each of them with what to
do (tests/unit/test_course_format_doc.py keeps the two in step). A `{name}` is filled in with
`str.format`; a text without one is used as it stands, braces and all.
"""

from __future__ import annotations

from ..domain.texts import N_, Text  # noqa: F401  (Text: what every text here is)

# The folder and its files -------------------------------------------------------------------
FOLDER_SLUG = N_(
    "nama folder kursus `{slug}` harus huruf kecil, angka dan tanda hubung, mis. `pelayanan-prima`"
)
NO_COURSE_MD = N_("course.md tidak ada: setiap kursus butuh berkas ini")
NO_MODULES = N_("kursus tidak punya modul: tambahkan berkas seperti `01-pengantar.md`")
FILE_TOO_LARGE = N_("berkas terlalu besar ({size}); batasnya {limit}: bagi menjadi beberapa modul")
FILE_TOO_COMPLEX = N_(
    "berkas terlalu rumit untuk diproses (mis. ribuan `[` atau `*` berturut-turut); "
    "periksa baris yang berisi tanda baca berulang lalu perbaiki atau hapus"
)
NOT_UTF8 = N_("berkas bukan teks UTF-8: simpan ulang sebagai UTF-8")
UNKNOWN_SUBFOLDER = N_("subfolder tidak dikenal: gambar dan lampiran disimpan di folder `media/`")
UNKNOWN_FILE = N_("berkas tidak dikenal: gambar dan lampiran disimpan di folder `media/`")
MODULE_FILE_NAME = N_(
    "nama berkas modul harus nomor urut lalu slug huruf kecil, mis. `01-pengantar.md`"
)
MODULE_SLUG_RESERVED = N_("slug modul `{slug}` dipakai alamat platform; ganti nama berkasnya")
MODULE_SLUG_TAKEN = N_("slug modul `{slug}` sudah dipakai oleh `{other}`")
SYMLINK = N_("tautan simbolik tidak diizinkan di folder kursus")
UNREADABLE = N_("berkas tidak bisa dibaca: {error}")

# Media files --------------------------------------------------------------------------------
MEDIA_TYPE = N_("jenis berkas media `{name}` tidak diizinkan; yang diizinkan: {allowed}")
MEDIA_TOO_LARGE = N_("berkas media `{name}` terlalu besar ({size}); batasnya {limit}")
MEDIA_CONTENT = N_("isi berkas media `{name}` bukan {kind} seperti namanya")
MEDIA_ACTIVE_SVG = N_(
    "SVG `{name}` berisi skrip, event handler atau rujukan luar; simpan ulang sebagai gambar biasa"
)

# Front matter (YAML between two `---` lines) -------------------------------------------------
NO_FRONT_MATTER = N_("berkas harus diawali pengaturan (front matter) di antara dua baris `---`")
FRONT_MATTER_UNCLOSED = N_(
    "pengaturan (front matter) tidak ditutup: tambahkan baris `---` di bawahnya"
)
YAML_ALIAS = N_("YAML anchor/alias (`&` dan `*`) tidak didukung di pengaturan")
YAML_INVALID = N_("YAML tidak valid: {problem}")
YAML_BAD_TAG = N_("YAML tidak valid: nilai `{value}` tidak bisa dibaca sebagai `!!{tag}`")
YAML_UNREADABLE = N_("YAML tidak valid: struktur pengaturan tidak bisa dibaca")
NOT_MAPPING = N_("pengaturan harus berupa baris `kunci: nilai`")
KEY_TWICE = N_("kunci `{key}` ditulis dua kali (baris {line})")
UNKNOWN_KEY = N_("kunci `{key}` tidak dikenal; yang dikenal: {known}")
NOT_INTEGER = N_("`{key}` harus bilangan bulat {low}–{high}; tertulis `{value}`")
NOT_BOOLEAN = N_("`{key}` harus `true` atau `false`; tertulis `{value}`")
REQUIRED = N_("`{key}` wajib diisi di pengaturan (front matter)")
NOT_ONE_LINE = N_("`{key}` harus berupa teks satu baris")
QUIZ_SETTINGS_NOT_MAPPING = N_("`{key}` harus berisi pengaturan seperti `attempts: 3`")

# course.md settings ------------------------------------------------------------------------
CATEGORY_NOT_SLUG = N_("`category` harus slug huruf kecil, mis. `pelayanan-publik`")
JP_REQUIRED = N_("`jp` wajib diisi: jam pelajaran yang dikreditkan (1 JP = 45 menit)")
COMPETENCIES_NOT_MAPPING = N_("`competencies` harus berisi baris `kode: level`")
COMPETENCY_UNKNOWN = N_("kompetensi `{code}` tidak dikenal di competencies.yml")
COMPETENCY_LEVEL = N_("level kompetensi `{code}` harus 1–5; tertulis `{level}`")
PRETEST_WITHOUT_EXAM = N_(
    "`pretest` butuh soal: bagian `## Pre-test` atau `## Ujian Akhir` di course.md"
)
PRETEST_SECTION_OFF = N_("ada bagian `## Pre-test` tetapi `pretest: false`; hapus salah satunya")
PRETEST_NOT_SETTINGS = N_(
    "`pretest` harus `true`, `false`, atau pengaturan soal (mis. `draw: 10`), bukan `{value}`"
)
FOLLOW_UP_DAYS = N_(
    "`follow_up_days` harus bilangan bulat 0 sampai 365 (0: tanpa evaluasi lanjutan)"
)

# Links in the text -------------------------------------------------------------------------
MEDIA_MISSING = N_("berkas media `{url}` tidak ada di folder `media/` kursus ini")
LINK_BROKEN = N_(
    "tautan `{url}` tidak menunjuk ke berkas kursus yang ada; "
    "gunakan alamat lengkap (https://...) atau nama berkas modul"
)

# Question sections -------------------------------------------------------------------------
EXAM_IN_MODULE = N_("`## Ujian Akhir` hanya untuk course.md; di modul gunakan `## Kuis`")
QUIZ_IN_COURSE = N_("`## Kuis` hanya untuk modul; di course.md gunakan `## Ujian Akhir`")
COURSE_SECTION_IN_MODULE = N_("`{heading}` hanya untuk course.md, bukan untuk modul")
REFLECT_IN_COURSE = N_("`## Renungkan` hanya untuk berkas modul, bukan untuk course.md")
REFLECT_EMPTY = N_(
    "bagian `## Renungkan` kosong: tulis kasus dan pertanyaan untuk direnungkan peserta"
)
SECTION_TWICE = N_("bagian soal ditulis dua kali (yang pertama di baris {line})")
SETEXT_CLOSES_SECTION = N_(
    "baris `---` tepat di bawah teks menjadikannya judul yang menutup bagian soal; "
    "beri baris kosong di atas `---`, atau tulis judulnya sebagai `## ...`"
)
SETTINGS_WITHOUT_SECTION = N_("ada pengaturan `{key}` tetapi tidak ada bagian `{heading}`")
SECTION_WITHOUT_QUESTIONS = N_(
    "bagian soal tidak berisi pertanyaan: setiap pertanyaan diawali `### `"
)
DRAW_TOO_LARGE = N_("`draw` ({draw}) lebih besar dari jumlah pertanyaan ({count})")
REVIEW_UNKNOWN = N_(
    "`{key}.review` harus salah satu dari score, modules, marks, full; tertulis `{value}`"
)
DRAW_PER_MODULE_IN_QUIZ = N_(
    "`draw_per_module` hanya untuk `exam` dan `pretest`: kuis modul hanya berisi satu modul"
)
DRAW_PER_MODULE_SHORT = N_(
    "`{key}.draw_per_module` ({count}) butuh sekurangnya {count} pertanyaan bertanda modul "
    "`{module}`; baru ada {have}"
)
DRAW_BELOW_BLUEPRINT = N_(
    "`{key}.draw` ({draw}) lebih kecil dari `draw_per_module` x jumlah modul ({need})"
)

# Questions ---------------------------------------------------------------------------------
QUESTION_ID_INVALID = N_("id `{qid}` tidak valid: gunakan huruf kecil, angka, `-` atau `_`")
TAG_INVALID = N_("tanda `{tag}` tidak valid: gunakan huruf kecil, angka, `-` atau `_`")
ATTRIBUTE_UNKNOWN = N_(
    "`{token}` di akhir judul pertanyaan tidak dikenal: di antara kurung kurawal tulis "
    "`#id` atau `.tanda`"
)
ID_TWICE_IN_BRACES = N_("judul pertanyaan hanya boleh punya satu `#id`")
TAGS_EMPTY = N_("baris `tags:` tanpa tanda: tulis mis. `tags: dasar, berkas`")
TWO_MODULES = N_("pertanyaan menandai dua modul (`{first}` dan `{second}`); pilih satu")
QUESTION_NO_ID = N_("judul pertanyaan tidak menghasilkan id; tambahkan `{#id}` di akhir judul")
QUESTION_NO_TEXT = N_("pertanyaan tanpa teks: tulis pertanyaannya setelah `###`")
QUESTION_ID_TAKEN = N_("id pertanyaan `{qid}` sudah dipakai di baris {line}")
CHOICES_ONE_LIST = N_("pilihan jawaban harus ditulis dalam satu daftar, sebelum penjelasan")
CHOICE_WITHOUT_BOX = N_("setiap butir daftar pilihan harus diawali `[ ]` atau `[x]`")
ANSWERS_ONE_GROUP = N_("jawaban `=` harus ditulis dalam satu kelompok, sebelum penjelasan")
ANSWER_WITHOUT_EQUALS = N_("setiap baris jawaban singkat harus diawali `=`")
ANSWER_EMPTY = N_("jawaban singkat kosong setelah `=`")
ANSWER_NEEDS_BLANK_LINE = N_(
    "baris jawaban `=` harus dipisah dari teks di atasnya dengan satu baris kosong"
)
EXPLANATION_TWICE = N_("satu pertanyaan hanya punya satu penjelasan (blockquote `>`)")
TEXT_AFTER_ANSWERS = N_(
    "teks setelah jawaban tidak dikenali: penjelasan ditulis sebagai blockquote `> ...`, "
    "pertanyaan berikutnya diawali `###`"
)
CHOICES_AND_ANSWERS = N_(
    "pertanyaan memakai pilihan `- [ ]` dan juga jawaban `=`; pilih salah satu"
)
NO_CHOICES_NOR_ANSWERS = N_(
    "pertanyaan tidak punya pilihan (`- [ ]` / `- [x]`) maupun jawaban singkat (`= ...`)"
)
NO_CORRECT_CHOICE = N_(
    "pertanyaan tidak punya jawaban benar: tandai minimal satu pilihan dengan `- [x]`"
)
TOO_FEW_CHOICES = N_("pertanyaan pilihan butuh minimal dua pilihan")
CHOICE_EMPTY = N_("pilihan kosong: tulis teks setelah `[ ]` atau `[x]`")
CHOICE_TWICE = N_("pilihan `{text}` sudah ditulis di baris {line}")

# competencies.yml --------------------------------------------------------------------------
YAML_TOO_DEEP = N_("YAML tidak valid: susunan bertingkat terlalu dalam")
COMPETENCIES_ROOT = N_("berkas harus berisi `competencies:` dengan satu entri per kompetensi")
COMPETENCY_CODE = N_("kode kompetensi `{slug}` harus slug huruf kecil, mis. `literasi-digital`")
COMPETENCY_TWICE = N_("kompetensi `{slug}` ditulis dua kali (baris {line})")
COMPETENCY_NOT_MAPPING = N_("kompetensi `{slug}` harus berisi name, group dan levels")
COMPETENCY_KEY = N_("kunci `{key}` di `{slug}` tidak dikenal; yang dikenal: {known}")
COMPETENCY_NAME = N_("kompetensi `{slug}` butuh `name`")
COMPETENCY_GROUP = N_("`group` kompetensi `{slug}` harus salah satu dari: {groups}")
COMPETENCY_LEVELS = N_("kompetensi `{slug}` butuh `levels` dengan deskripsi level 1 sampai 5")
COMPETENCY_LEVEL_EMPTY = N_("setiap deskripsi level kompetensi `{slug}` harus diisi")

# A course folder uploaded as a zip (the whole upload is refused) -------------------------------
ZIP_EMPTY_FILE = N_("berkas kosong; pilih zip folder kursus.")
ZIP_NOT_ZIP = N_("berkas ini bukan zip yang bisa dibaca; pilih berkas .zip.")
ZIP_TOO_MANY = N_(
    "zip berisi {count} entri; paling banyak {limit}. Sertakan hanya folder kursusnya."
)
ZIP_UNSAFE_NAME = N_("entri `{name}` di zip ditolak: {reason}.")
ZIP_NAME_TOO_LONG = N_("nama entri `{start}...` terlalu panjang.")
ZIP_SYMLINK = N_("entri `{name}` adalah tautan simbolik; tautan tidak diizinkan di folder kursus.")
ZIP_ENCRYPTED = N_("entri `{name}` terenkripsi (berkata sandi); buat zip tanpa kata sandi.")
ZIP_NAME_TWICE = N_("nama `{name}` muncul dua kali di zip (juga sebagai `{other}`).")
ZIP_METHOD = N_(
    "entri `{name}` memakai metode kompresi yang tidak didukung; buat zip biasa (deflate)."
)
ZIP_FILE_TOO_LARGE = N_(
    "berkas `{name}` di zip terlalu besar ({size} setelah dibuka); batasnya {limit} per berkas."
)
ZIP_RATIO = N_(
    "berkas `{name}` di zip mengembang lebih dari {ratio} kali saat dibuka; "
    "zip seperti ini ditolak demi keamanan server."
)
ZIP_TOTAL_TOO_LARGE = N_(
    "isi zip terlalu besar setelah dibuka (lebih dari {limit}); "
    "perkecil gambar atau bagi kursusnya."
)
ZIP_LIES = N_(
    "berkas `{name}` di zip lebih besar daripada yang tercatat di zip; "
    "zip seperti ini ditolak demi keamanan server."
)
ZIP_DAMAGED = N_(
    "berkas `{name}` di zip rusak atau tidak cocok dengan catatannya; buat ulang zip-nya."
)
ZIP_NO_FILES = N_("zip ini kosong; isinya harus folder kursus dengan course.md.")
ZIP_NO_COURSE_MD = N_(
    "course.md tidak ditemukan: zip harus berisi satu folder kursus, dengan course.md "
    "di akar zip atau di dalam satu folder teratas."
)
UNSAFE_PATH = N_("path `{path}` ditolak: {reason}.")

# The workplace task (`## Tugas Penerapan` in course.md) ---------------------------------------
TASK_SETTINGS_NOT_MAPPING = N_("`task` harus berisi pengaturan seperti `due_days: 30`")
TASK_WITHOUT_EXAM = N_("tugas penerapan dikerjakan setelah lulus ujian: tambahkan `## Ujian Akhir`")
TASK_NO_INSTRUCTIONS = N_(
    "tugas penerapan butuh petunjuk: tulis apa yang dikerjakan di atas `### Rubrik`"
)
TASK_NO_RUBRIC = N_(
    "tugas penerapan butuh rubrik: tambahkan `### Rubrik` lalu satu `#### Kriteria` per kriteria"
)
TASK_NO_CRITERIA = N_("rubrik tidak berisi kriteria: setiap kriteria diawali `#### `")
TASK_CRITERION_TWICE = N_("kriteria `{name}` sudah ditulis di baris {line}")
TASK_CRITERION_LEVELS = N_(
    "kriteria `{name}` butuh minimal dua level, ditulis `- 1: ...`, `- 2: ...` berurutan"
)
TASK_LEVEL_LINE = N_(
    "baris rubrik tidak dikenali: level ditulis `- 1: deskripsi`, kriteria `#### Nama`"
)
TASK_LEVEL_ORDER = N_(
    "level `{number}` tidak berurutan: setelah level {previous} tulis level {expected}"
)
TASK_LEVEL_EMPTY = N_("level {number} kosong: tulis deskripsinya setelah `{number}:`")
TASK_LEVEL_TOO_HIGH = N_(
    "`pass_level` ({level}) lebih tinggi dari level tertinggi kriteria `{name}` ({top})"
)
