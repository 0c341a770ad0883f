// deid review page: one note, reviewed in this page and redacted by the deid process that
// served it. Plain JavaScript, no build step, no library; it talks to its own server only.
//
// Offsets: the server counts code points (Python string indices); JavaScript strings count
// UTF-16 units. `Offsets` converts, so a note with emoji or other astral characters lines up.

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "deid-token";
const PREVIEW_DELAY_MS = 250;

// -- the access token: from the printed URL, then kept for this tab only --------------------
function takeToken() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete("token");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  return fromUrl || sessionStorage.getItem(TOKEN_KEY) || "";
}

class ApiError extends Error {}

const state = {
  token: takeToken(),
  policies: [],
  types: [],
  version: "",
  policyId: "",
  fileText: null, // a file's text as read (the textarea turns \r\n into \n)
  text: "",
  offsets: null,
  items: [], // every finding shown or decided: see newItem()
  candidates: [],
  history: [],
  nextId: 1,
  selection: null, // {start, end} of text selected in the note (code points)
  currentId: null,
  previewSeq: 0,
  previewTimer: 0,
  blobUrls: [],
};

async function api(path, body) {
  const init = {
    method: body === undefined ? "GET" : "POST",
    headers: { "X-Deid-Token": state.token },
    cache: "no-store",
    credentials: "same-origin",
  };
  if (body instanceof ArrayBuffer) {
    init.headers["Content-Type"] = "application/octet-stream";
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError("deid serve is not answering: is it still running?");
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    throw new ApiError((data && data.detail) || `the server answered ${response.status}`);
  }
  return data;
}

// -- offsets ---------------------------------------------------------------------------------
class Offsets {
  constructor(text) {
    this.text = text;
    this.astral = /[\uD800-\uDFFF]/.test(text);
    if (this.astral) {
      const units = [];
      let unit = 0;
      for (const ch of text) {
        units.push(unit);
        unit += ch.length;
      }
      units.push(unit);
      this.units = units; // units[codePoint] = UTF-16 index
      this.length = units.length - 1;
    } else {
      this.length = text.length;
    }
  }
  toUnit(point) {
    return this.astral ? this.units[point] : point;
  }
  toPoint(unit) {
    if (!this.astral) return unit;
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.units[mid] <= unit) low = mid;
      else high = mid - 1;
    }
    return low;
  }
  slice(start, end) {
    return this.text.slice(this.toUnit(start), this.toUnit(end));
  }
}

// -- messages --------------------------------------------------------------------------------
function say(message) {
  $("status").textContent = message;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

async function guarded(action) {
  showError("");
  try {
    await action();
  } catch (error) {
    showError(error instanceof ApiError ? error.message : `Something went wrong: ${error}`);
  }
}

// -- start -----------------------------------------------------------------------------------
async function start() {
  $("docs-link").href = `/docs?token=${encodeURIComponent(state.token)}`;
  wireInput();
  wireReview();
  if (!state.token) {
    showError("This page needs its access token: open the URL that deid serve printed.");
    return;
  }
  await guarded(async () => {
    const info = await api("/api/policies");
    state.policies = info.policies;
    state.types = info.types;
    state.version = info.deid_version;
    state.maxBytes = info.max_request_bytes;
    const select = $("policy");
    for (const policy of info.policies) {
      select.append(new Option(policy.label, policy.id, false, policy.id === info.default));
    }
    for (const id of ["d-type", "add-type"]) {
      for (const type of info.types) $(id).append(new Option(type, type));
    }
    showPolicyDescription();
    document.body.dataset.ready = "true";
  });
}

function policy() {
  return state.policies.find((p) => p.id === state.policyId) || state.policies[0];
}

function showPolicyDescription() {
  const chosen = state.policies.find((p) => p.id === $("policy").value);
  $("policy-description").textContent = chosen ? chosen.description : "";
}

// -- 1. the note -----------------------------------------------------------------------------
function wireInput() {
  $("policy").addEventListener("change", showPolicyDescription);
  $("open-file").addEventListener("click", () => $("file-input").click());
  $("file-input").addEventListener("change", (event) => {
    const [file] = event.target.files;
    if (file) guarded(() => openFile(file));
    event.target.value = "";
  });
  const drop = $("drop");
  // a file dropped anywhere else must not make the browser navigate to it
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const [file] = event.dataTransfer.files;
    if (file) guarded(() => openFile(file));
  });
  $("find").addEventListener("click", () => guarded(find));
}

async function openFile(file) {
  if (state.maxBytes && file.size > state.maxBytes) {
    throw new ApiError(`${file.name} is too large: at most ${state.maxBytes} bytes.`);
  }
  const { text } = await api("/api/read-file", await file.arrayBuffer());
  state.fileText = text;
  $("note-input").value = text;
  say(`Opened ${file.name}: ${text.length.toLocaleString()} characters. Choose a policy, then Find identifiers.`);
}

function noteText() {
  const typed = $("note-input").value;
  const file = state.fileText;
  return file !== null && typed === file.replace(/\r\n?/g, "\n") ? file : typed;
}

async function find() {
  const text = noteText();
  if (!text.trim()) throw new ApiError("Paste a note or open a .txt file first.");
  state.policyId = $("policy").value;
  cancelPreview();
  say("Finding identifiers…");
  $("find").disabled = true;
  let found;
  try {
    found = await api("/api/deidentify", { text, policy: state.policyId });
  } finally {
    $("find").disabled = false;
  }
  state.text = found.text;
  state.offsets = new Offsets(found.text);
  state.items = found.findings.map((f) => newItem(f, "detected"));
  state.candidates = found.candidates.map((c, index) => ({ ...c, index }));
  state.history = [];
  state.selection = null;
  state.currentId = null;
  $("input-view").hidden = true;
  $("review-view").hidden = false;
  $("review-policy").textContent = `(policy: ${policy().label})`;
  $("policy").disabled = true;
  $("downloads").hidden = true;
  showDetails(null);
  const began = performance.now();
  renderNote({ preview: false }); // the server sent the preview with the findings
  showPreview(found.redacted, found.replacements);
  $("note").dataset.firstRenderMs = (performance.now() - began).toFixed(1);
  say(
    `deid found ${count(found.findings.length, "identifier")}; ` +
      `${count(found.candidates.length, "candidate")} below the threshold.`,
  );
  const first = $("note").querySelector(".f");
  if (first) first.focus(); // keyboard users start on the first finding
}

function count(n, noun) {
  return `${n.toLocaleString()} ${noun}${n === 1 ? "" : "s"}`;
}

function newItem(span, origin, extra = {}) {
  return {
    id: state.nextId++,
    start: span.start,
    end: span.end,
    type: span.type,
    detectedType: origin === "detected" || origin === "candidate" ? span.type : null,
    score: span.score,
    recognizer: span.recognizer,
    rule: span.rule,
    evidence: span.evidence,
    origin, // detected | candidate | reviewer | propagation
    status: "kept", // kept | rejected | superseded
    at: null, // when the reviewer decided (null: deid's finding, left as it was)
    ...extra,
  };
}

// -- 2. review -------------------------------------------------------------------------------
function wireReview() {
  const note = $("note");
  note.addEventListener("click", (event) => {
    const mark = event.target.closest(".f");
    if (!mark || !window.getSelection().isCollapsed) return;
    toggle(Number(mark.dataset.id));
  });
  note.addEventListener("keydown", (event) => {
    const mark = event.target.closest(".f");
    if (!mark) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault(); // Space would scroll
      toggle(Number(mark.dataset.id));
    } else if (event.key === "t" || event.key === "T") {
      event.preventDefault();
      $("d-type").focus(); // change its type; Escape comes back
    }
  });
  note.addEventListener("focusin", (event) => {
    const mark = event.target.closest(".f");
    if (mark) showDetails(Number(mark.dataset.id));
  });
  document.addEventListener("selectionchange", noteSelection);
  $("add-text").addEventListener("input", () => {
    state.selection = null;
  });
  $("add-button").addEventListener("click", () => guarded(addFromPanel));
  $("add-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter") guarded(addFromPanel);
  });
  $("d-toggle").addEventListener("click", () => {
    if (state.currentId !== null) toggle(state.currentId);
  });
  $("d-type").addEventListener("change", (event) => retype(state.currentId, event.target.value));
  $("d-type").addEventListener("keydown", (event) => {
    if (event.key === "Escape") refocus(state.currentId);
  });
  $("undo").addEventListener("click", undo);
  document.addEventListener("keydown", (event) => {
    const typing = event.target.matches("input, textarea, select");
    if ((event.ctrlKey || event.metaKey) && event.key === "z" && !typing && !$("review-view").hidden) {
      event.preventDefault();
      undo();
    }
  });
  $("restart").addEventListener("click", restart);
  $("copy-summary").addEventListener("click", copySummary);
  $("export").addEventListener("click", () => guarded(exportReview));
}

function itemById(id) {
  return state.items.find((item) => item.id === id);
}

function shown() {
  return state.items
    .filter((item) => item.status !== "superseded")
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function overlaps(a, b) {
  return a.start < b.end && b.start < a.end;
}

function now() {
  return new Date().toISOString();
}

function remember() {
  state.history.push(state.items.map((item) => ({ ...item })));
  $("undo").disabled = false;
}

function undo() {
  const previous = state.history.pop();
  if (!previous) return;
  state.items = previous;
  $("undo").disabled = state.history.length === 0;
  const focused = state.currentId;
  renderNote();
  showDetails(itemById(focused) && itemById(focused).status !== "superseded" ? focused : null);
  refocus(focused);
  say("Undone.");
}

function toggle(id) {
  const item = itemById(id);
  if (!item) return;
  remember();
  item.status = item.status === "rejected" ? "kept" : "rejected";
  item.at = now();
  const mark = markOf(id);
  if (mark) dressMark(mark, item);
  showDetails(id);
  changed();
  say(`${item.type} ${item.status === "rejected" ? "rejected: it will stay in the note" : "restored: it will be redacted"}.`);
}

function retype(id, type) {
  const item = itemById(id);
  if (!item || item.type === type) return;
  remember();
  item.type = type;
  item.at = now();
  const mark = markOf(id);
  if (mark) dressMark(mark, item);
  showDetails(id);
  changed();
  say(`Type changed to ${type}.`);
}

function markOf(id) {
  return $("note").querySelector(`.f[data-id="${id}"]`);
}

function refocus(id) {
  const mark = id === null ? null : markOf(id);
  if (mark) mark.focus({ preventScroll: false });
}

// -- the note, drawn ---------------------------------------------------------------------------
function renderNote({ preview = true } = {}) {
  const began = performance.now();
  const offsets = state.offsets;
  const fragment = document.createDocumentFragment();
  let position = 0;
  for (const item of shown()) {
    if (item.start > position) fragment.append(offsets.slice(position, item.start));
    const mark = document.createElement("mark");
    mark.dataset.id = String(item.id);
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.textContent = offsets.slice(item.start, item.end);
    dressMark(mark, item);
    fragment.append(mark);
    position = item.end;
  }
  if (position < offsets.length) fragment.append(offsets.slice(position, offsets.length));
  const note = $("note");
  note.replaceChildren(fragment);
  changed({ preview });
  note.dataset.renderMs = (performance.now() - began).toFixed(1);
}

function dressMark(mark, item) {
  const rejected = item.status === "rejected";
  const retyped = item.detectedType !== null && item.type !== item.detectedType;
  const added = item.origin === "reviewer" || item.origin === "propagation";
  mark.className = `f t-${item.type}${rejected ? " rejected" : ""}${added ? " added" : ""}${retyped ? " retyped" : ""}${item.id === state.currentId ? " current" : ""}`;
  mark.dataset.type = item.type;
  if (retyped) mark.dataset.was = item.detectedType;
  else delete mark.dataset.was;
  mark.setAttribute("aria-pressed", rejected ? "false" : "true");
  const how = rejected ? "rejected, stays in the note" : "will be redacted";
  mark.setAttribute("aria-label", `${mark.textContent}: ${item.type}, ${how}`);
  mark.title = `${item.type} · score ${item.score.toFixed(2)} · ${item.recognizer} / ${item.rule || "-"}`;
}

function changed({ preview = true } = {}) {
  renderLegend();
  renderCandidates();
  renderSummary();
  if (preview) schedulePreview();
}

function renderLegend() {
  const counts = new Map();
  for (const item of shown()) {
    if (item.status === "kept") counts.set(item.type, (counts.get(item.type) || 0) + 1);
  }
  const legend = $("legend");
  const fragment = document.createDocumentFragment();
  for (const [type, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const li = document.createElement("li");
    li.className = `chip t-${type}`;
    li.textContent = `${type} ${n}`;
    fragment.append(li);
  }
  for (const [cls, label] of [["added", "+ added by you"], ["rejected", "rejected"]]) {
    const li = document.createElement("li");
    li.className = `chip ${cls}`;
    li.textContent = label;
    fragment.append(li);
  }
  legend.replaceChildren(fragment);
}

function showDetails(id) {
  const previous = state.currentId === null ? null : markOf(state.currentId);
  if (previous) previous.classList.remove("current");
  state.currentId = id;
  const item = id === null ? null : itemById(id);
  $("details").hidden = !item;
  $("details-empty").hidden = Boolean(item);
  if (!item) return;
  const mark = markOf(id);
  if (mark) mark.classList.add("current");
  const origin = {
    detected: "found by deid",
    candidate: "a candidate you accepted",
    reviewer: "added by you",
    propagation: "another mention of one you added",
  }[item.origin];
  $("d-text").textContent = state.offsets.slice(item.start, item.end);
  $("d-status").textContent = `${item.status === "rejected" ? "rejected" : "redacted"} (${origin})`;
  $("d-score").textContent = item.score.toFixed(4);
  $("d-recognizer").textContent = item.recognizer;
  $("d-rule").textContent = item.rule || "-";
  $("d-evidence").textContent = item.evidence;
  $("d-type").value = item.type;
  $("d-toggle").textContent = item.status === "rejected" ? "Restore" : "Reject";
}

// -- adding what deid missed -------------------------------------------------------------------
function noteSelection() {
  const selection = window.getSelection();
  const note = $("note");
  if (!selection.rangeCount || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  if (!note.contains(range.commonAncestorContainer)) return;
  const pointAt = (node, offset) => {
    const before = document.createRange();
    before.setStart(note, 0);
    before.setEnd(node, offset);
    return state.offsets.toPoint(before.toString().length);
  };
  let start = pointAt(range.startContainer, range.startOffset);
  let end = pointAt(range.endContainer, range.endOffset);
  const offsets = state.offsets;
  while (start < end && /\s/.test(offsets.slice(start, start + 1))) start++;
  while (end > start && /\s/.test(offsets.slice(end - 1, end))) end--;
  if (start >= end) return;
  state.selection = { start, end };
  $("add-text").value = offsets.slice(start, end);
  $("selection-info").textContent = `Selected ${count(end - start, "character")}: choose its type and Add.`;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function locate(term) {
  // the first whole-word mention of `term` in the note, exact case first
  const edge = "[\\p{L}\\p{N}_]";
  for (const flags of ["u", "iu"]) {
    const pattern = new RegExp(`(?<!${edge})${escapeRegExp(term)}(?!${edge})`, flags);
    const match = pattern.exec(state.text);
    if (match) {
      const start = state.offsets.toPoint(match.index);
      return { start, end: state.offsets.toPoint(match.index + match[0].length) };
    }
  }
  return null;
}

async function addFromPanel() {
  const term = $("add-text").value.trim();
  const type = $("add-type").value;
  if (!term) throw new ApiError("Select the text in the note, or type it, then Add.");
  const chosen = state.selection;
  const span = chosen && state.offsets.slice(chosen.start, chosen.end) === term ? chosen : locate(term);
  if (!span) throw new ApiError("That text is not in the note (as a whole word).");
  await addSpan(span.start, span.end, type);
  $("add-text").value = "";
  state.selection = null;
  $("selection-info").textContent = "Select it in the note, or type it here.";
}

async function addSpan(start, end, type) {
  const { mentions } = await api("/api/mentions", {
    text: state.text,
    policy: state.policyId,
    start,
    end,
    type,
  });
  remember();
  const at = now();
  const span = { start, end };
  for (const item of state.items) {
    if (item.status !== "superseded" && overlaps(item, span)) {
      item.status = "superseded"; // the reviewer's span replaces what it covers
      item.at = at;
    }
  }
  const added = newItem({ start, end, type, score: 1, recognizer: "Reviewer", rule: "added", evidence: "known" }, "reviewer", { at });
  state.items.push(added);
  let copies = 0;
  for (const mention of mentions) {
    if (state.items.some((item) => item.status !== "superseded" && overlaps(item, mention))) continue;
    state.items.push(newItem(mention, "propagation", { at }));
    copies++;
  }
  renderNote();
  showDetails(added.id);
  refocus(added.id);
  say(`Added as ${type}${copies ? `, with ${count(copies, "other mention")}` : ""}.`);
}

// -- candidates below the threshold --------------------------------------------------------------
function renderCandidates() {
  const list = $("candidates");
  const accepted = new Set(state.items.filter((i) => i.candidate !== undefined).map((i) => i.candidate));
  const fragment = document.createDocumentFragment();
  const visible = shown();
  let open = 0;
  for (const candidate of state.candidates) {
    if (accepted.has(candidate.index)) continue;
    open++;
    const li = document.createElement("li");
    const chip = document.createElement("span");
    chip.className = `chip t-${candidate.type}`;
    chip.textContent = candidate.type;
    const quote = document.createElement("q");
    quote.textContent = state.offsets.slice(candidate.start, candidate.end);
    const meta = document.createElement("span");
    meta.className = "meta";
    const p = candidate.score < 0.001 ? "< 0.001" : candidate.score.toFixed(3);
    meta.textContent = `p ${p} · ${candidate.recognizer}/${candidate.rule || "-"}`;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Accept";
    button.setAttribute("aria-label", `Accept ${quote.textContent} as ${candidate.type}`);
    if (visible.some((item) => overlaps(item, candidate))) {
      button.disabled = true;
      button.title = "It overlaps a finding";
    }
    button.addEventListener("click", () => acceptCandidate(candidate));
    li.append(chip, quote, meta, button);
    fragment.append(li);
  }
  list.replaceChildren(fragment);
  $("cand-count").textContent = String(open);
}

function acceptCandidate(candidate) {
  remember();
  const item = newItem(candidate, "candidate", { at: now(), candidate: candidate.index });
  state.items.push(item);
  renderNote();
  showDetails(item.id);
  say(`Accepted as ${candidate.type}: it will be redacted.`);
}

// -- the summary ---------------------------------------------------------------------------------
function renderSummary() {
  const decided = state.items;
  const detected = decided.filter((i) => i.origin === "detected").length;
  const rejected = decided.filter((i) => i.status !== "kept" && (i.origin === "detected" || i.origin === "candidate")).length;
  const added = decided.filter((i) => i.status === "kept" && (i.origin === "reviewer" || i.origin === "propagation"));
  const copies = added.filter((i) => i.origin === "propagation").length;
  const accepted = decided.filter((i) => i.status === "kept" && i.origin === "candidate").length;
  const retyped = decided.filter((i) => i.status === "kept" && i.detectedType !== null && i.type !== i.detectedType).length;
  const kept = decided.filter((i) => i.status === "kept");
  const byType = new Map();
  for (const item of kept) byType.set(item.type, (byType.get(item.type) || 0) + 1);
  const types = [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const chosen = policy();
  const lines = [
    `The note was de-identified with deid ${state.version} (policy ${chosen ? chosen.name : "?"}) ` +
      `and reviewed by a clinician. deid found ${count(detected, "identifier")}; the reviewer ` +
      `rejected ${rejected}, added ${added.length}${copies ? ` (${copies} of them further mentions)` : ""}, ` +
      `accepted ${accepted} of deid's ${count(state.candidates.length, "low-scoring candidate")} ` +
      `and changed the type of ${retyped}. ${count(kept.length, "identifier")} ` +
      `${kept.length === 1 ? "was" : "were"} replaced` +
      (types.length ? `: ${types.map(([t, n]) => `${n} ${t}`).join(", ")}.` : "."),
  ];
  $("summary").value = lines.join("\n");
}

async function copySummary() {
  const summary = $("summary");
  try {
    await navigator.clipboard.writeText(summary.value);
    say("Summary copied.");
  } catch {
    summary.select(); // the clipboard is not available: select it for Ctrl+C
    say("Press Ctrl+C to copy the selected summary.");
  }
}

// -- the live preview ------------------------------------------------------------------------------
function kept() {
  return state.items.filter((item) => item.status === "kept");
}

function spanPayload(item) {
  return {
    start: item.start,
    end: item.end,
    type: item.type,
    score: item.score,
    recognizer: item.recognizer,
    rule: item.rule,
    evidence: item.evidence,
  };
}

function schedulePreview() {
  clearTimeout(state.previewTimer);
  const seq = ++state.previewSeq;
  $("preview").setAttribute("aria-busy", "true");
  state.previewTimer = setTimeout(() => {
    guarded(async () => {
      const body = { text: state.text, policy: state.policyId, findings: kept().map(spanPayload) };
      const out = await api("/api/redact", body);
      if (seq === state.previewSeq) showPreview(out.redacted, out.replacements);
    });
  }, PREVIEW_DELAY_MS);
}

function cancelPreview() {
  clearTimeout(state.previewTimer);
  state.previewSeq++; // an answer still on its way is dropped
}

function showPreview(redacted, replacements) {
  const offsets = new Offsets(redacted);
  const fragment = document.createDocumentFragment();
  let position = 0;
  for (const r of replacements) {
    if (r.out_start > position) fragment.append(offsets.slice(position, r.out_start));
    const span = document.createElement("span");
    span.className = `rep t-${r.type}`;
    span.textContent = offsets.slice(r.out_start, r.out_end);
    fragment.append(span);
    position = r.out_end;
  }
  if (position < offsets.length) fragment.append(offsets.slice(position, offsets.length));
  const preview = $("preview");
  preview.replaceChildren(fragment);
  preview.removeAttribute("aria-busy");
  preview.dataset.seq = String(state.previewSeq);
}

// -- 3. export -------------------------------------------------------------------------------------
async function exportReview() {
  const reviewer = $("reviewer").value.trim();
  if (!reviewer) {
    $("reviewer").focus();
    throw new ApiError("Enter the reviewer's name first: it goes in the review record.");
  }
  const items = state.items.map((item) => ({
    ...spanPayload(item),
    origin: item.origin,
    status: item.status,
    detected_type: item.detectedType,
    at: item.at,
  }));
  const out = await api("/api/export", {
    text: state.text,
    policy: state.policyId,
    reviewer,
    items,
    candidates_offered: state.candidates.length,
  });
  for (const url of state.blobUrls) URL.revokeObjectURL(url);
  const link = (id, content, type, name) => {
    const url = URL.createObjectURL(new Blob([content], { type }));
    state.blobUrls.push(url);
    const anchor = $(id);
    anchor.href = url;
    anchor.download = name;
  };
  link("dl-note", out.note, "text/plain;charset=utf-8", out.note_filename);
  link("dl-record", out.record_json, "application/json", out.record_filename);
  $("downloads").hidden = false;
  $("dl-note").focus();
  say("Exported: save the redacted note and the review record with the two links.");
}

function restart() {
  cancelPreview();
  for (const url of state.blobUrls) URL.revokeObjectURL(url);
  state.blobUrls = [];
  state.items = [];
  state.candidates = [];
  state.history = [];
  state.text = "";
  $("note").replaceChildren();
  $("preview").replaceChildren();
  $("review-view").hidden = true;
  $("input-view").hidden = false;
  $("policy").disabled = false;
  $("undo").disabled = true;
  $("note-input").focus();
  say("");
}

start();
