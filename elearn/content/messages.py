"""Every problem the course format reports to trainers, in one table.

The texts are the contract of docs/course-format.md, which lists each of them with what to
do (tests/unit/test_course_format_doc.py keeps the two in step). A `{name}` is filled in with
`str.format`; a text without one is used as it stands, braces and all.
"""

# The folder and its files -------------------------------------------------------------------
FOLDER_SLUG = (
    "nama folder kursus `{slug}` harus huruf kecil, angka dan tanda hubung, mis. `pelayanan-prima`"
)
NO_COURSE_MD = "course.md tidak ada: setiap kursus butuh berkas ini"
NO_MODULES = "kursus tidak punya modul: tambahkan berkas seperti `01-pengantar.md`"
FILE_TOO_LARGE = "berkas terlalu besar ({size}); batasnya {limit}: bagi menjadi beberapa modul"
FILE_TOO_COMPLEX = (
    "berkas terlalu rumit untuk diproses (mis. ribuan `[` atau `*` berturut-turut); "
    "periksa baris yang berisi tanda baca berulang lalu perbaiki atau hapus"
)
NOT_UTF8 = "berkas bukan teks UTF-8: simpan ulang sebagai UTF-8"
UNKNOWN_SUBFOLDER = "subfolder tidak dikenal: gambar dan lampiran disimpan di folder `media/`"
UNKNOWN_FILE = "berkas tidak dikenal: gambar dan lampiran disimpan di folder `media/`"
MODULE_FILE_NAME = (
    "nama berkas modul harus nomor urut lalu slug huruf kecil, mis. `01-pengantar.md`"
)
MODULE_SLUG_RESERVED = "slug modul `{slug}` dipakai alamat platform; ganti nama berkasnya"
MODULE_SLUG_TAKEN = "slug modul `{slug}` sudah dipakai oleh `{other}`"
SYMLINK = "tautan simbolik tidak diizinkan di folder kursus"
UNREADABLE = "berkas tidak bisa dibaca: {error}"

# Media files --------------------------------------------------------------------------------
MEDIA_TYPE = "jenis berkas media `{name}` tidak diizinkan; yang diizinkan: {allowed}"
MEDIA_TOO_LARGE = "berkas media `{name}` terlalu besar ({size}); batasnya {limit}"
MEDIA_CONTENT = "isi berkas media `{name}` bukan {kind} seperti namanya"
MEDIA_ACTIVE_SVG = (
    "SVG `{name}` berisi skrip, event handler atau rujukan luar; simpan ulang sebagai gambar biasa"
)

# Front matter (YAML between two `---` lines) -------------------------------------------------
NO_FRONT_MATTER = "berkas harus diawali pengaturan (front matter) di antara dua baris `---`"
FRONT_MATTER_UNCLOSED = "pengaturan (front matter) tidak ditutup: tambahkan baris `---` di bawahnya"
YAML_ALIAS = "YAML anchor/alias (`&` dan `*`) tidak didukung di pengaturan"
YAML_INVALID = "YAML tidak valid: {problem}"
YAML_BAD_TAG = "YAML tidak valid: nilai `{value}` tidak bisa dibaca sebagai `!!{tag}`"
YAML_UNREADABLE = "YAML tidak valid: struktur pengaturan tidak bisa dibaca"
NOT_MAPPING = "pengaturan harus berupa baris `kunci: nilai`"
KEY_TWICE = "kunci `{key}` ditulis dua kali (baris {line})"
UNKNOWN_KEY = "kunci `{key}` tidak dikenal; yang dikenal: {known}"
NOT_INTEGER = "`{key}` harus bilangan bulat {low}–{high}; tertulis `{value}`"
NOT_BOOLEAN = "`{key}` harus `true` atau `false`; tertulis `{value}`"
REQUIRED = "`{key}` wajib diisi di pengaturan (front matter)"
NOT_ONE_LINE = "`{key}` harus berupa teks satu baris"
QUIZ_SETTINGS_NOT_MAPPING = "`{key}` harus berisi pengaturan seperti `attempts: 3`"

# course.md settings ------------------------------------------------------------------------
CATEGORY_NOT_SLUG = "`category` harus slug huruf kecil, mis. `pelayanan-publik`"
JP_REQUIRED = "`jp` wajib diisi: jam pelajaran yang dikreditkan (1 JP = 45 menit)"
COMPETENCIES_NOT_MAPPING = "`competencies` harus berisi baris `kode: level`"
COMPETENCY_UNKNOWN = "kompetensi `{code}` tidak dikenal di competencies.yml"
COMPETENCY_LEVEL = "level kompetensi `{code}` harus 1–5; tertulis `{level}`"
PRETEST_WITHOUT_EXAM = (
    "`pretest` butuh soal: bagian `## Pre-test` atau `## Ujian Akhir` di course.md"
)
PRETEST_SECTION_OFF = "ada bagian `## Pre-test` tetapi `pretest: false`; hapus salah satunya"
PRETEST_NOT_SETTINGS = (
    "`pretest` harus `true`, `false`, atau pengaturan soal (mis. `draw: 10`), bukan `{value}`"
)
FOLLOW_UP_DAYS = "`follow_up_days` harus bilangan bulat 0 sampai 365 (0: tanpa evaluasi lanjutan)"

# Links in the text -------------------------------------------------------------------------
MEDIA_MISSING = "berkas media `{url}` tidak ada di folder `media/` kursus ini"
LINK_BROKEN = (
    "tautan `{url}` tidak menunjuk ke berkas kursus yang ada; "
    "gunakan alamat lengkap (https://...) atau nama berkas modul"
)

# Question sections -------------------------------------------------------------------------
EXAM_IN_MODULE = "`## Ujian Akhir` hanya untuk course.md; di modul gunakan `## Kuis`"
QUIZ_IN_COURSE = "`## Kuis` hanya untuk modul; di course.md gunakan `## Ujian Akhir`"
COURSE_SECTION_IN_MODULE = "`{heading}` hanya untuk course.md, bukan untuk modul"
REFLECT_IN_COURSE = "`## Renungkan` hanya untuk berkas modul, bukan untuk course.md"
REFLECT_EMPTY = "bagian `## Renungkan` kosong: tulis kasus dan pertanyaan untuk direnungkan peserta"
SECTION_TWICE = "bagian soal ditulis dua kali (yang pertama di baris {line})"
SETEXT_CLOSES_SECTION = (
    "baris `---` tepat di bawah teks menjadikannya judul yang menutup bagian soal; "
    "beri baris kosong di atas `---`, atau tulis judulnya sebagai `## ...`"
)
SETTINGS_WITHOUT_SECTION = "ada pengaturan `{key}` tetapi tidak ada bagian `{heading}`"
SECTION_WITHOUT_QUESTIONS = "bagian soal tidak berisi pertanyaan: setiap pertanyaan diawali `### `"
DRAW_TOO_LARGE = "`draw` ({draw}) lebih besar dari jumlah pertanyaan ({count})"
REVIEW_UNKNOWN = (
    "`{key}.review` harus salah satu dari score, modules, marks, full; tertulis `{value}`"
)
DRAW_PER_MODULE_IN_QUIZ = (
    "`draw_per_module` hanya untuk `exam` dan `pretest`: kuis modul hanya berisi satu modul"
)
DRAW_PER_MODULE_SHORT = (
    "`{key}.draw_per_module` ({count}) butuh sekurangnya {count} pertanyaan bertanda modul "
    "`{module}`; baru ada {have}"
)
DRAW_BELOW_BLUEPRINT = (
    "`{key}.draw` ({draw}) lebih kecil dari `draw_per_module` x jumlah modul ({need})"
)

# Questions ---------------------------------------------------------------------------------
QUESTION_ID_INVALID = "id `{qid}` tidak valid: gunakan huruf kecil, angka, `-` atau `_`"
TAG_INVALID = "tanda `{tag}` tidak valid: gunakan huruf kecil, angka, `-` atau `_`"
ATTRIBUTE_UNKNOWN = (
    "`{token}` di akhir judul pertanyaan tidak dikenal: di antara kurung kurawal tulis "
    "`#id` atau `.tanda`"
)
ID_TWICE_IN_BRACES = "judul pertanyaan hanya boleh punya satu `#id`"
TAGS_EMPTY = "baris `tags:` tanpa tanda: tulis mis. `tags: dasar, berkas`"
TWO_MODULES = "pertanyaan menandai dua modul (`{first}` dan `{second}`); pilih satu"
QUESTION_NO_ID = "judul pertanyaan tidak menghasilkan id; tambahkan `{#id}` di akhir judul"
QUESTION_NO_TEXT = "pertanyaan tanpa teks: tulis pertanyaannya setelah `###`"
QUESTION_ID_TAKEN = "id pertanyaan `{qid}` sudah dipakai di baris {line}"
CHOICES_ONE_LIST = "pilihan jawaban harus ditulis dalam satu daftar, sebelum penjelasan"
CHOICE_WITHOUT_BOX = "setiap butir daftar pilihan harus diawali `[ ]` atau `[x]`"
ANSWERS_ONE_GROUP = "jawaban `=` harus ditulis dalam satu kelompok, sebelum penjelasan"
ANSWER_WITHOUT_EQUALS = "setiap baris jawaban singkat harus diawali `=`"
ANSWER_EMPTY = "jawaban singkat kosong setelah `=`"
ANSWER_NEEDS_BLANK_LINE = (
    "baris jawaban `=` harus dipisah dari teks di atasnya dengan satu baris kosong"
)
EXPLANATION_TWICE = "satu pertanyaan hanya punya satu penjelasan (blockquote `>`)"
TEXT_AFTER_ANSWERS = (
    "teks setelah jawaban tidak dikenali: penjelasan ditulis sebagai blockquote `> ...`, "
    "pertanyaan berikutnya diawali `###`"
)
CHOICES_AND_ANSWERS = "pertanyaan memakai pilihan `- [ ]` dan juga jawaban `=`; pilih salah satu"
NO_CHOICES_NOR_ANSWERS = (
    "pertanyaan tidak punya pilihan (`- [ ]` / `- [x]`) maupun jawaban singkat (`= ...`)"
)
NO_CORRECT_CHOICE = (
    "pertanyaan tidak punya jawaban benar: tandai minimal satu pilihan dengan `- [x]`"
)
TOO_FEW_CHOICES = "pertanyaan pilihan butuh minimal dua pilihan"
CHOICE_EMPTY = "pilihan kosong: tulis teks setelah `[ ]` atau `[x]`"
CHOICE_TWICE = "pilihan `{text}` sudah ditulis di baris {line}"

# competencies.yml --------------------------------------------------------------------------
YAML_TOO_DEEP = "YAML tidak valid: susunan bertingkat terlalu dalam"
COMPETENCIES_ROOT = "berkas harus berisi `competencies:` dengan satu entri per kompetensi"
COMPETENCY_CODE = "kode kompetensi `{slug}` harus slug huruf kecil, mis. `literasi-digital`"
COMPETENCY_TWICE = "kompetensi `{slug}` ditulis dua kali (baris {line})"
COMPETENCY_NOT_MAPPING = "kompetensi `{slug}` harus berisi name, group dan levels"
COMPETENCY_KEY = "kunci `{key}` di `{slug}` tidak dikenal; yang dikenal: {known}"
COMPETENCY_NAME = "kompetensi `{slug}` butuh `name`"
COMPETENCY_GROUP = "`group` kompetensi `{slug}` harus salah satu dari: {groups}"
COMPETENCY_LEVELS = "kompetensi `{slug}` butuh `levels` dengan deskripsi level 1 sampai 5"
COMPETENCY_LEVEL_EMPTY = "setiap deskripsi level kompetensi `{slug}` harus diisi"

# A course folder uploaded as a zip (the whole upload is refused) -------------------------------
ZIP_EMPTY_FILE = "berkas kosong; pilih zip folder kursus."
ZIP_NOT_ZIP = "berkas ini bukan zip yang bisa dibaca; pilih berkas .zip."
ZIP_TOO_MANY = "zip berisi {count} entri; paling banyak {limit}. Sertakan hanya folder kursusnya."
ZIP_UNSAFE_NAME = "entri `{name}` di zip ditolak: {reason}."
ZIP_NAME_TOO_LONG = "nama entri `{start}...` terlalu panjang."
ZIP_SYMLINK = "entri `{name}` adalah tautan simbolik; tautan tidak diizinkan di folder kursus."
ZIP_ENCRYPTED = "entri `{name}` terenkripsi (berkata sandi); buat zip tanpa kata sandi."
ZIP_NAME_TWICE = "nama `{name}` muncul dua kali di zip (juga sebagai `{other}`)."
ZIP_METHOD = "entri `{name}` memakai metode kompresi yang tidak didukung; buat zip biasa (deflate)."
ZIP_FILE_TOO_LARGE = (
    "berkas `{name}` di zip terlalu besar ({size} setelah dibuka); batasnya {limit} per berkas."
)
ZIP_RATIO = (
    "berkas `{name}` di zip mengembang lebih dari {ratio} kali saat dibuka; "
    "zip seperti ini ditolak demi keamanan server."
)
ZIP_TOTAL_TOO_LARGE = (
    "isi zip terlalu besar setelah dibuka (lebih dari {limit}); "
    "perkecil gambar atau bagi kursusnya."
)
ZIP_LIES = (
    "berkas `{name}` di zip lebih besar daripada yang tercatat di zip; "
    "zip seperti ini ditolak demi keamanan server."
)
ZIP_DAMAGED = "berkas `{name}` di zip rusak atau tidak cocok dengan catatannya; buat ulang zip-nya."
ZIP_NO_FILES = "zip ini kosong; isinya harus folder kursus dengan course.md."
ZIP_NO_COURSE_MD = (
    "course.md tidak ditemukan: zip harus berisi satu folder kursus, dengan course.md "
    "di akar zip atau di dalam satu folder teratas."
)
UNSAFE_PATH = "path `{path}` ditolak: {reason}."

# The workplace task (`## Tugas Penerapan` in course.md) ---------------------------------------
TASK_SETTINGS_NOT_MAPPING = "`task` harus berisi pengaturan seperti `due_days: 30`"
TASK_WITHOUT_EXAM = "tugas penerapan dikerjakan setelah lulus ujian: tambahkan `## Ujian Akhir`"
TASK_NO_INSTRUCTIONS = (
    "tugas penerapan butuh petunjuk: tulis apa yang dikerjakan di atas `### Rubrik`"
)
TASK_NO_RUBRIC = (
    "tugas penerapan butuh rubrik: tambahkan `### Rubrik` lalu satu `#### Kriteria` per kriteria"
)
TASK_NO_CRITERIA = "rubrik tidak berisi kriteria: setiap kriteria diawali `#### `"
TASK_CRITERION_TWICE = "kriteria `{name}` sudah ditulis di baris {line}"
TASK_CRITERION_LEVELS = (
    "kriteria `{name}` butuh minimal dua level, ditulis `- 1: ...`, `- 2: ...` berurutan"
)
TASK_LEVEL_LINE = (
    "baris rubrik tidak dikenali: level ditulis `- 1: deskripsi`, kriteria `#### Nama`"
)
TASK_LEVEL_ORDER = (
    "level `{number}` tidak berurutan: setelah level {previous} tulis level {expected}"
)
TASK_LEVEL_EMPTY = "level {number} kosong: tulis deskripsinya setelah `{number}:`"
TASK_LEVEL_TOO_HIGH = (
    "`pass_level` ({level}) lebih tinggi dari level tertinggi kriteria `{name}` ({top})"
)
