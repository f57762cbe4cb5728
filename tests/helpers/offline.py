"""What the offline journeys read from a Chromium page's Cache Storage and IndexedDB
(issue 19), as scripts for `page.evaluate`."""

from __future__ import annotations

# Every entry of every cache as text, to search for what must never be saved.
CACHE_TEXT = """async () => {
  const texts = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      texts.push(request.url + "\\n" + await (await cache.match(request)).text());
    }
  }
  return texts.join("\\n");
}"""

# The version of the course "kursus-uji" saved on the device, or null.
SAVED_VERSION = """async () => {
  const response = await (await caches.open("elearn-course-kursus-uji")).match("/__offline__/meta");
  return response ? (await response.json()).version : null;
}"""


def waiting(store: str) -> str:
    """A script counting what waits in an IndexedDB store of "elearn-offline"."""
    return f"""() => new Promise((resolve) => {{
  const open = indexedDB.open("elearn-offline");
  open.onsuccess = () => {{
    const count = open.result.transaction("{store}").objectStore("{store}").count();
    count.onsuccess = () => {{ open.result.close(); resolve(count.result); }};
  }};
}})"""
