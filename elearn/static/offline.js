/* Installable web app and offline reading (issue 19). Without JavaScript the site works as
   before: nothing here is needed to read a page or submit a form.
   - registers /sw.js and shows the offline banner while the device has no connection;
   - "Simpan untuk dibaca offline" on a course page saves what /courses/<slug>/offline.json
     lists into a cache of its own ("elearn-course-<slug>"), with a small record of the version;
   - on every online page, a saved course whose live version changed is saved again, and the
     learner is told;
   - "Tandai selesai dibaca" pressed offline is kept on the device (IndexedDB) and posted
     with a fresh CSRF token once the connection is back. */
"use strict";

(function () {
  var PREFIX = "elearn-course-";
  var META = "/__offline__/meta"; // the record of a saved course, inside its own cache
  var hasCaches = "caches" in window && "serviceWorker" in navigator;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () {
      // No worker (private mode, an old browser): the site simply needs the network.
    });
  }

  function byId(id) { return document.getElementById(id); }
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, key) { return values[key]; });
  }
  function megabytes(bytes) {
    var mb = bytes / 1048576;
    var digits = mb < 10 ? 1 : 0;
    return mb.toLocaleString(document.documentElement.lang || "id",
      {minimumFractionDigits: digits, maximumFractionDigits: digits}) + " MB";
  }
  function tell(text) {
    var news = byId("offline-news");
    if (!news) return;
    // Appended, not replaced: an earlier line may hold a link to a result.
    news.appendChild(document.createTextNode(news.textContent ? " " + text : text));
    news.hidden = false;
  }

  // --- the offline banner ---------------------------------------------------------------
  var banner = byId("offline-banner");
  function showState() { if (banner) banner.hidden = navigator.onLine; }
  window.addEventListener("offline", showState);
  showState();

  // --- saving a course ------------------------------------------------------------------
  function fetchListing(url) {
    return fetch(url, {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (!r.ok) throw new Error("listing " + r.status);
      return r.json();
    });
  }

  function save(listingUrl, title, listing) {
    // A fresh cache under a temporary name, renamed only when every file arrived: a cut
    // connection never leaves half a course where a whole one was.
    var temp = listing.cache + "-baru";
    return caches.delete(temp).then(function () { return caches.open(temp); })
      .then(function (cache) {
        return cache.addAll(listing.urls).then(function () {
          var meta = {title: title, listing: listingUrl, version: listing.version,
                      bytes: listing.bytes, home: listing.urls[0]};
          return cache.put(META, new Response(JSON.stringify(meta),
            {headers: {"Content-Type": "application/json"}}));
        });
      })
      .then(function () { return copyCache(temp, listing.cache); })
      .then(function () { return caches.delete(temp); });
  }

  function copyCache(from, to) {
    return caches.delete(to).then(function () {
      return Promise.all([caches.open(from), caches.open(to)]);
    }).then(function (pair) {
      return pair[0].keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          return pair[0].match(request).then(function (response) {
            return pair[1].put(request, response);
          });
        }));
      });
    });
  }

  function readMeta(name) {
    // caches.has first: caches.open would create an empty cache for a course never saved.
    return caches.has(name).then(function (found) {
      if (!found) return null;
      return caches.open(name).then(function (cache) { return cache.match(META); })
        .then(function (response) { return response ? response.json() : null; });
    });
  }

  function savedCourses() {
    return caches.keys().then(function (names) {
      names = names.filter(function (n) { return n.indexOf(PREFIX) === 0 && !/-baru$/.test(n); });
      return Promise.all(names.map(function (name) {
        return readMeta(name).then(function (meta) { return meta && {cache: name, meta: meta}; });
      }));
    }).then(function (found) { return found.filter(Boolean); });
  }

  // How many bytes short the device is of saving `bytes` (0 when there is room). Saved
  // courses are also asked to be kept when the phone runs short of space: the browser may
  // otherwise evict them, and the learner finds out only offline.
  function room(bytes) {
    var storage = navigator.storage;
    if (!storage || !storage.estimate) return Promise.resolve(0);
    if (storage.persist) storage.persist().catch(function () {});
    return storage.estimate().then(function (found) {
      if (!found.quota) return 0;
      return Math.max(0, bytes - (found.quota - (found.usage || 0)));
    }, function () { return 0; });
  }

  function setUpSaveButton() {
    var box = document.querySelector("[data-offline-listing]");
    if (!box || !hasCaches) return;
    var button = box.querySelector("[data-offline-save]");
    var state = box.querySelector("[data-offline-state]");
    var url = box.getAttribute("data-offline-listing");
    var title = box.getAttribute("data-offline-title");
    fetchListing(url).then(function (listing) {
      button.textContent = button.getAttribute("data-label") + " (" + megabytes(listing.bytes) + ")";
      box.hidden = false;
      readMeta(listing.cache).then(function (meta) {
        if (meta) state.textContent = fill(state.getAttribute("data-saved"), {n: meta.version});
      });
      button.addEventListener("click", function () {
        button.disabled = true;
        room(listing.bytes).then(function (missing) {
          if (missing > 0) {
            state.textContent = fill(state.getAttribute("data-no-room"), {size: megabytes(missing)});
            return;
          }
          return save(url, title, listing).then(function () {
            state.textContent = fill(state.getAttribute("data-saved"), {n: listing.version});
          });
        }).catch(function () {
          state.textContent = state.getAttribute("data-failed");
        }).then(function () { button.disabled = false; });
      });
    }, function () { /* offline or not allowed: the button stays hidden */ });
  }

  // A new live version of a saved course is saved in its place, and the learner told.
  function refreshSaved() {
    if (!hasCaches || !navigator.onLine) return;
    var news = byId("offline-news");
    savedCourses().then(function (saved) {
      saved.forEach(function (entry) {
        fetchListing(entry.meta.listing).then(function (listing) {
          if (listing.version === entry.meta.version) return;
          return save(entry.meta.listing, entry.meta.title, listing).then(function () {
            if (news) tell(fill(news.getAttribute("data-updated"), {title: entry.meta.title}));
          });
        }).catch(function () { /* try again on the next online page */ });
      });
    });
  }

  // --- the list on /tersimpan -----------------------------------------------------------
  function showSavedList() {
    var list = byId("saved-courses");
    if (!list || !hasCaches) return;
    savedCourses().then(function (saved) {
      list.textContent = "";
      if (!saved.length) {
        var empty = document.createElement("li");
        empty.textContent = list.getAttribute("data-empty");
        list.appendChild(empty);
      }
      saved.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.meta.home;
        link.textContent = entry.meta.title;
        var facts = document.createElement("span");
        facts.textContent = " · " + fill(list.getAttribute("data-version"), {n: entry.meta.version}) +
          " · " + megabytes(entry.meta.bytes) + " ";
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = list.getAttribute("data-delete");
        remove.setAttribute("aria-label", list.getAttribute("data-delete") + " " + entry.meta.title);
        remove.addEventListener("click", function () {
          caches.delete(entry.cache).then(showSavedList);
        });
        item.appendChild(link);
        item.appendChild(facts);
        item.appendChild(remove);
        list.appendChild(item);
      });
    });
  }

  // --- what waits on the device: read marks and quiz answers -----------------------------
  // IndexedDB "elearn-offline": store "read" holds read marks (the form's address as the key,
  // so a module marked twice is sent once); store "answers" holds quiz answers given offline,
  // each under an increasing number (see queueAnswers).
  function store(name, mode, work) {
    return new Promise(function (resolve, reject) {
      if (!("indexedDB" in window)) { reject(new Error("no IndexedDB")); return; }
      var open = indexedDB.open("elearn-offline", 2);
      open.onupgradeneeded = function () {
        var db = open.result;
        if (!db.objectStoreNames.contains("read")) db.createObjectStore("read");
        if (!db.objectStoreNames.contains("answers")) db.createObjectStore("answers");
      };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result;
        var tx = db.transaction(name, mode);
        var request = work(tx.objectStore(name));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      };
    });
  }
  function marks(mode, work) { return store("read", mode, work); }
  function queued() {
    return marks("readonly", function (store) { return store.getAllKeys(); })
      .catch(function () { return []; });
  }

  function setUpOfflineRead() {
    var form = document.querySelector("form[data-offline-read]");
    if (!form || !("indexedDB" in window)) return;
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      var action = form.action;
      marks("readwrite", function (store) { return store.put(Date.now(), action); })
        .then(function () {
          var note = document.createElement("p");
          note.className = "status done";
          note.setAttribute("role", "status");
          note.textContent = form.getAttribute("data-offline-read");
          form.replaceWith(note);
        });
    });
  }

  function sendQueued() {
    var token = document.querySelector("input[name=csrf_token]");
    if (!navigator.onLine || !token) return Promise.resolve();
    var news = byId("offline-news");
    return queued().then(function (list) {
      return Promise.all(list.map(function (action) {
        var body = new FormData();
        body.append("csrf_token", token.value);
        return fetch(action, {method: "POST", body: body, credentials: "same-origin"})
          .then(function (r) {
            if (!r.ok) return false; // an expired token: the next online page tries again
            return marks("readwrite", function (store) { return store.delete(action); })
              .then(function () { return true; });
          }, function () { return false; });
      }));
    }).then(function (sent) {
      if (sent.some(Boolean) && news) tell(news.getAttribute("data-sent"));
    });
  }


  // --- quiz answers given offline ---------------------------------------------------------
  // Each answer waits under a number larger than any before it, and at least the time in
  // milliseconds: the server takes a batch only if its number is larger than the last it
  // took, and a device whose storage was wiped still counts on from the clock. A newer answer
  // to the same question replaces the older one; {submit: true} stands for "Kirim jawaban".
  function queueAnswers(entries) {
    return store("answers", "readwrite", function (os) {
      var last = 0;
      var cursor = os.openCursor();
      cursor.onsuccess = function () {
        var at = cursor.result;
        if (at) {
          last = Math.max(last, at.key);
          var old = at.value;
          if (!old.submit && entries.some(function (e) {
            return !e.submit && e.attempt === old.attempt && e.qid === old.qid;
          })) at.delete();
          at.continue();
          return;
        }
        var key = Math.max(Date.now(), last + 1);
        entries.forEach(function (entry) { os.put(entry, key); key += 1; });
      };
      return cursor;
    });
  }

  function waitingAnswers() {
    var found = [];
    return store("answers", "readonly", function (os) {
      var cursor = os.openCursor();
      cursor.onsuccess = function () {
        if (!cursor.result) return;
        found.push({key: cursor.result.key, value: cursor.result.value});
        cursor.result.continue();
      };
      return cursor;
    }).then(function () { return found; }, function () { return []; });
  }

  // An attempt's answers numbered up to `upTo`; with `page`, only those that page queued or
  // found waiting when it opened (numbered up to `opened`): another tab's later answers are
  // not in that page's form, so its save did not carry them.
  function forgetAnswers(attempt, upTo, page, opened) {
    return store("answers", "readwrite", function (os) {
      var cursor = os.openCursor(IDBKeyRange.upperBound(upTo));
      cursor.onsuccess = function () {
        if (!cursor.result) return;
        var entry = cursor.result.value;
        var carried = !page || entry.page === page || cursor.result.key <= opened;
        if (entry.attempt === attempt && carried) cursor.result.delete();
        cursor.result.continue();
      };
      return cursor;
    });
  }

  function pendingFor(attempt) {
    return waitingAnswers().then(function (list) {
      return list.filter(function (item) { return item.value.attempt === attempt; })
        .map(function (item) { return item.value; });
    });
  }

  // "Menunggu sinyal: 3 jawaban belum terkirim", while anything waits.
  function showWaiting() {
    var box = byId("offline-queue");
    if (!box) return Promise.resolve();
    return waitingAnswers().then(function (list) {
      var questions = {};
      var submit = false;
      list.forEach(function (item) {
        if (item.value.submit) submit = true;
        else questions[item.value.attempt + " " + item.value.qid] = true;
      });
      var n = Object.keys(questions).length;
      if (n) box.textContent = n === 1 ? box.getAttribute("data-one")
        : fill(box.getAttribute("data-many"), {n: n});
      else if (submit) box.textContent = box.getAttribute("data-submit");
      box.hidden = !(n || submit);
    });
  }

  function forgetAttemptPage(attempt) {
    if (!hasCaches) return Promise.resolve();
    var path = "/attempts/" + attempt;
    return caches.open("elearn-attempts").then(function (cache) {
      return cache.match(path).then(function (kept) {
        if (!kept) return;
        return cache.delete(path).then(function () {
          var landing = kept.headers.get("X-Elearn-Offline");
          return landing && cache.delete(landing);
        });
      });
    });
  }

  function report(body) {
    var news = byId("offline-news");
    if (!news) return;
    var line = document.createElement("span");
    line.textContent = (news.textContent ? " " : "") + body.message + " ";
    if (body.done && body.url) {
      var link = document.createElement("a");
      link.href = body.url;
      link.textContent = byId("offline-queue").getAttribute("data-result");
      line.appendChild(link);
    }
    news.appendChild(line);
    news.hidden = false;
  }

  // One attempt's waiting answers, in the order given, as one batch. It rejects when the
  // batch must wait (no signal, the session ended, the server failed) so that later batches
  // wait behind it.
  function sendBatch(batch, token) {
    return fetch(batch.url, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify({seq: batch.seq, written_at: Math.round(batch.written),
                            answers: batch.answers, submit: batch.submit})
    }).then(function (r) {
      var json = /json/.test(r.headers.get("Content-Type") || "");
      if (r.type === "opaqueredirect" || !json) throw new Error("later");
      return r.json();
    }).then(function (body) {
      if (body.keep) throw new Error("later");
      return forgetAnswers(batch.attempt, batch.seq).then(function () {
        return body.done && forgetAttemptPage(batch.attempt);
      }).then(function () {
        report(body);
        document.dispatchEvent(new CustomEvent("elearn:answers-sent",
          {detail: {attempt: batch.attempt, done: body.done, url: body.url}}));
      });
    });
  }

  var sending = null;
  function sendAnswers() {
    var token = document.querySelector("input[name=csrf_token]");
    if (!navigator.onLine || !token) return Promise.resolve();
    if (sending) return sending;
    sending = waitingAnswers().then(function (list) {
      var batches = [];
      var byAttempt = {};
      list.forEach(function (item) {
        var entry = item.value;
        var batch = byAttempt[entry.attempt];
        if (!batch) {
          batch = byAttempt[entry.attempt] = {attempt: entry.attempt, url: entry.url, seq: 0,
                                              written: 0, answers: [], submit: false};
          batches.push(batch);
        }
        batch.seq = Math.max(batch.seq, item.key);
        batch.written = Math.max(batch.written, entry.at);
        if (entry.submit) batch.submit = true;
        else batch.answers.push([entry.qid, entry.value]);
      });
      return batches.reduce(function (chain, batch) {
        return chain.then(function () { return sendBatch(batch, token.value); });
      }, Promise.resolve());
    }).catch(function () { /* the rest waits for the next online page */ })
      .then(function () { sending = null; return showWaiting(); });
    return sending;
  }

  window.ElearnOffline = {
    queue: function (entries) { return queueAnswers(entries).then(showWaiting); },
    pending: pendingFor,
    forget: function (attempt, upTo, page, opened) {
      return forgetAnswers(attempt, upTo, page, opened).then(showWaiting);
    }
  };

  // Any other form sent offline stays on its page, filled in, with a word on why.
  function setUpOnlineOnly() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (navigator.onLine || event.defaultPrevented || form.method !== "post") return;
      event.preventDefault();
      var box = byId("offline-queue");
      var note = form.previousElementSibling;
      if (!note || !note.hasAttribute("data-offline-note")) {
        note = document.createElement("p");
        note.className = "notice error";
        note.setAttribute("role", "alert");
        note.setAttribute("data-offline-note", "");
        form.parentNode.insertBefore(note, form);
      }
      note.textContent = form.getAttribute("data-online-only") ||
        (box && box.getAttribute("data-online-only"));
    });
  }

  // --- logging out ------------------------------------------------------------------------
  // A kantor desa's computer is often shared: the saved pages are the learner's own (their
  // progress, their name), so logging out sends what waits, then removes the saved courses,
  // the open attempts' pages and whatever could not be sent.
  function setUpLogout() {
    var form = document.querySelector("form[action$='/logout']");
    if (!form || !hasCaches) return;
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-cleared") || !navigator.onLine) return;
      event.preventDefault();
      Promise.all([sendQueued(), sendAnswers()])
        .then(function () {
          return Promise.all([marks("readwrite", function (s) { return s.clear(); }),
                              store("answers", "readwrite", function (s) { return s.clear(); }),
                              caches.delete("elearn-attempts")]);
        })
        .catch(function () {})
        .then(savedCourses)
        .then(function (saved) {
          return Promise.all(saved.map(function (entry) { return caches.delete(entry.cache); }));
        })
        .catch(function () {})
        .then(function () {
          form.setAttribute("data-cleared", "1");
          form.submit();
        });
    });
  }

  window.addEventListener("online", function () {
    showState();
    sendQueued();
    sendAnswers();
    refreshSaved();
  });
  setUpSaveButton();
  setUpOfflineRead();
  setUpLogout();
  setUpOnlineOnly();
  showSavedList();
  sendQueued();
  showWaiting();
  sendAnswers();
  refreshSaved();
})();
