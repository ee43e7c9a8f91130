// Observatory dashboard: map, timeline, tallies beside tolls, events, event page, review.
// Everything comes from /api; the server clusters and pages, so the page stays light with
// hundreds of thousands of events. Filters and the map view are kept in the URL.
"use strict";

const FILTERS = ["since", "until", "admin1", "type", "actor", "status", "q"];
const TOKEN_KEY = "observatory-token";
const state = { me: null, meta: null, map: null, outlines: false, clusterLayer: null, cursor: null, loaded: 0 };

// ------------------------------------------------------------------ small helpers
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function high(value) { return value === null || value === undefined ? "open" : String(value); }

function deaths(f) {
  if (!f) return "–";
  return `${f.low}/${f.best === null ? "?" : f.best}/${f.high === null ? "+" : f.high}`;
}

function tollFigure(t) {
  const n = (v) => (v === null ? "?" : v.toLocaleString("en"));
  if (t.low === t.best && (t.high === t.best || t.high === null)) return `${t.high === null ? "at least " : ""}${n(t.best)}`;
  return `${n(t.low)}/${n(t.best)}/${t.high === null ? "open" : n(t.high)}`;
}

function eventDay(e) {
  if (e.date) return e.date;
  if (e.date_window) return `${e.date_window[0]}…${e.date_window[1]}`;
  return "";
}

class ApiFailure extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: "application/json" }, options.headers || {});
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method: options.method || "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = (data.error && data.error.message) || response.statusText;
    throw new ApiFailure(response.status, message);
  }
  return data;
}

function filtersFromUrl() {
  const params = new URLSearchParams(location.search);
  const out = {};
  for (const name of FILTERS) if (params.get(name)) out[name] = params.get(name);
  return out;
}

function query(extra = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(Object.assign(filtersFromUrl(), extra))) {
    if (v !== null && v !== undefined && v !== "") params.set(k, v);
  }
  return params.toString();
}

function setUrl(changes) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") params.delete(k); else params.set(k, v);
  }
  const search = params.toString();
  history.replaceState(null, "", location.pathname + (search ? `?${search}` : ""));
  if (location.pathname === "/") sessionStorage.setItem("observatory-map-search", location.search);
}

// ------------------------------------------------------------------ who is here
async function whoami() {
  state.me = await api("/api/whoami");
  const who = document.getElementById("who");
  who.replaceChildren();
  if (state.me.role) {
    who.append(`${state.me.name} (${state.me.role})`);
    who.append(el("button", { type: "button", onclick: () => { localStorage.removeItem(TOKEN_KEY); location.reload(); } }, "Sign out"));
  } else if (state.me.public_read) {
    who.append("reading without a token");
    who.append(el("button", { type: "button", onclick: () => { document.getElementById("login").hidden = false; } }, "Use a token"));
  }
  return Boolean(state.me.role) || state.me.public_read;
}

function canReview() { return state.me && (state.me.role === "analyst" || state.me.role === "admin"); }

function showLogin(message) {
  document.getElementById("login").hidden = false;
  document.getElementById("login-error").textContent = message || "";
}

document.getElementById("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = document.getElementById("token").value.trim();
  localStorage.setItem(TOKEN_KEY, token);
  try {
    await whoami();
    if (!state.me.role) throw new ApiFailure(401, "unknown token");
    location.reload();
  } catch (error) {
    localStorage.removeItem(TOKEN_KEY);
    showLogin(error.message);
  }
});

// ------------------------------------------------------------------ the map view
async function loadMeta() {
  state.meta = await api("/api/meta");
  const form = document.getElementById("filters");
  const admin1 = form.elements.admin1;
  for (const name of state.meta.admin1) admin1.append(el("option", { value: name }, name));
  const type = form.elements.type;
  for (const [etype, subs] of Object.entries(state.meta.event_types)) {
    const group = el("optgroup", { label: etype });
    group.append(el("option", { value: etype }, `${etype} (all)`));
    for (const sub of subs) group.append(el("option", { value: sub }, sub));
    type.append(group);
  }
  for (const status of state.meta.statuses) form.elements.status.append(el("option", { value: status }, status));
  const current = filtersFromUrl();
  for (const name of FILTERS) if (current[name]) form.elements[name].value = current[name];
}

// The map is made at once and its data asked for at once (refresh); the outlines are drawn
// when they arrive, in a pane below the groups, so the first render waits for the slower of
// the two, not for both one after the other.
function setUpMap() {
  const params = new URLSearchParams(location.search);
  const map = L.map("map", { preferCanvas: true, minZoom: 4, maxZoom: 14 });
  if (params.get("lat") && params.get("lon") && params.get("z")) {
    map.setView([parseFloat(params.get("lat")), parseFloat(params.get("lon"))], parseInt(params.get("z"), 10));
  } else {
    map.fitBounds([[32.3, 35.6], [37.3, 42.4]]);  // Syria
  }
  state.map = map;
  map.createPane("outlines").style.zIndex = 350;  // below the overlay pane of the groups
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  state.clusterLayer = L.layerGroup().addTo(map);
  map.on("moveend", () => {
    const c = map.getCenter();
    setUrl({ lat: c.lat.toFixed(3), lon: c.lng.toFixed(3), z: map.getZoom() });
    loadClusters();
  });
  return drawOutlines(map);
}

async function drawOutlines(map) {
  const basemap = await fetch("/static/basemap/basemap.geojson").then((r) => r.json());
  L.geoJSON(basemap, {
    pane: "outlines",
    style: (feature) => feature.properties.kind === "admin1"
      ? { color: "#5b6475", weight: 1, fillColor: "#fbfaf4", fillOpacity: 1 }
      : { color: "#8e96a3", weight: 1, fillColor: "#e9e7df", fillOpacity: 1 },
    onEachFeature: (feature, layer) => {
      if (feature.properties.kind === "admin1") layer.bindTooltip(feature.properties.name, { sticky: true });
    },
  }).addTo(map);
  map.attributionControl.addAttribution(basemap.attribution);
  document.getElementById("attribution").textContent = basemap.attribution;
  state.outlines = true;
}

async function loadClusters() {
  const map = state.map;
  const b = map.getBounds().pad(0.2);
  const bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())]
    .map((v) => v.toFixed(4)).join(",");
  const data = await api(`/api/events/clusters?${query({ bbox, zoom: map.getZoom() })}`);
  const layer = state.clusterLayer;
  layer.clearLayers();
  for (const c of data.clusters) {
    const best = c.deaths.best;
    const size = Math.round(Math.min(64, 18 + 5 * Math.sqrt(best) + 2 * Math.log2(c.events)));
    const icon = L.divIcon({
      className: "",
      html: `<div class="cluster${best ? "" : " none"}" style="width:${size}px;height:${size}px" title="${c.events} events, ${best} deaths (best)">${c.events}</div>`,
      iconSize: [size, size],
    });
    const marker = L.marker([c.latitude, c.longitude], { icon, keyboard: false });
    marker.on("click", () => {
      if (c.event_id) { go(`/events/${c.event_id}`); return; }
      const [w, s, e, n] = c.bounds;
      if (e - w < 1e-6 && n - s < 1e-6 || map.getZoom() >= map.getMaxZoom()) {
        marker.bindPopup(el("div", {}, `${c.events} events here, ${best} deaths (best). `,
          el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); listBox([w, s, e, n]); } }, "List them"))).openPopup();
      } else {
        map.fitBounds([[s, w], [n, e]], { padding: [30, 30], maxZoom: map.getZoom() + 3 });
      }
    });
    marker.addTo(layer);
  }
  document.getElementById("map-status").textContent =
    `${data.events.toLocaleString()} events match; ${data.clusters.length} map groups in view;` +
    ` ${data.unplaced.toLocaleString()} without a precise point are not on the map.`;
}

function listBox(bounds) {
  state.box = bounds.map((v) => v.toFixed(5)).join(",");
  loadEvents(true);
}

function drawTimeline(buckets, by) {
  const box = document.getElementById("timeline");
  box.replaceChildren();
  const rows = buckets.filter((b) => b.period);
  if (!rows.length) { box.append(el("p", { class: "hint" }, "No dated events.")); return; }
  const W = 900, H = 170, left = 40, right = 40, top = 12, bottom = 22;
  const maxEvents = Math.max(...rows.map((r) => r.events), 1);
  const highs = rows.map((r) => (r.deaths.high === null ? r.deaths.best : r.deaths.high));
  const maxDeaths = Math.max(...highs, ...rows.map((r) => r.deaths.best), 1);
  const step = (W - left - right) / rows.length;
  const x = (i) => left + i * step + step / 2;
  const yE = (v) => H - bottom - (v / maxEvents) * (H - top - bottom);
  const yD = (v) => H - bottom - (v / maxDeaths) * (H - top - bottom);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const add = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  };
  rows.forEach((r, i) => {
    const bar = add("rect", { class: "bar", x: left + i * step + step * 0.15, width: Math.max(1, step * 0.7), y: yE(r.events), height: H - bottom - yE(r.events) });
    const title = document.createElementNS(ns, "title");
    title.textContent = `${r.period}: ${r.events} events; deaths ${r.deaths.low}/${r.deaths.best}/${high(r.deaths.high)} (low/best/high)`;
    bar.append(title);
  });
  const upper = rows.map((r, i) => `${x(i)},${yD(highs[i])}`);
  const lower = rows.map((r, i) => `${x(i)},${yD(r.deaths.low)}`).reverse();
  add("polygon", { class: "band", points: upper.concat(lower).join(" ") });
  add("polyline", { class: "best", points: rows.map((r, i) => `${x(i)},${yD(r.deaths.best)}`).join(" ") });
  add("text", { x: 2, y: top + 8 }, `${maxEvents} ev.`);
  add("text", { x: W - right + 2, y: top + 8 }, `${maxDeaths} d.`);
  add("text", { x: left, y: H - 6 }, rows[0].period);
  add("text", { x: W - right - 60, y: H - 6 }, rows[rows.length - 1].period);
  add("text", { x: W / 2 - 140, y: H - 6 }, `bars: events per ${by}; line: deaths best; band: low–high`);
  box.append(svg);
}

async function loadTimeline() {
  const f = filtersFromUrl();
  let by = "auto";
  if (f.since && f.until && (new Date(f.until) - new Date(f.since)) / 864e5 <= 400) by = "day";
  const data = await api(`/api/events/timeline?${query({ by })}`);
  drawTimeline(data.buckets, data.by);
}

async function loadTallies() {
  const data = await api(`/api/tallies?${query({ by: "admin1" })}`);
  const body = document.querySelector("#tally tbody");
  body.replaceChildren(...data.rows.map((r) => el("tr", {},
    el("td", {}, el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); applyFilters({ admin1: r.admin1 === "unknown" ? "" : r.admin1 }); } }, r.admin1)),
    el("td", { class: "num" }, r.events), el("td", { class: "num" }, r.low),
    el("td", { class: "num" }, r.best), el("td", { class: "num" }, high(r.high)))));
  const t = data.total;
  document.querySelector("#tally tfoot").replaceChildren(el("tr", {}, el("td", {}, "total"),
    el("td", { class: "num" }, t.events), el("td", { class: "num" }, t.low), el("td", { class: "num" }, t.best), el("td", { class: "num" }, high(t.high))));
  const tolls = document.querySelector("#tolls tbody");
  tolls.replaceChildren(...data.tolls.slice(0, 50).map((t) => el("tr", {},
    el("td", {}, t.first === t.last ? t.first || "" : `${t.first} to ${t.last}`),
    el("td", {}, t.scope), el("td", { class: "num" }, tollFigure(t)),
    el("td", {}, t.claimants.join("; ")))));
  if (!data.tolls.length) tolls.append(el("tr", {}, el("td", { colspan: 4, class: "hint" }, "No tolls in this period.")));
}

async function loadEvents(reset) {
  if (reset) { state.cursor = null; state.loaded = 0; document.querySelector("#events tbody").replaceChildren(); }
  const extra = { limit: 50, cursor: state.cursor, count: reset ? "true" : null, bbox: state.box || null };
  const data = await api(`/api/events?${query(extra)}`);
  const body = document.querySelector("#events tbody");
  for (const e of data.events) {
    const place = e.location ? `${e.location.name}${e.location.admin1 && e.location.admin1 !== e.location.name ? ", " + e.location.admin1 : ""}` : "";
    body.append(el("tr", { "data-event": e.event_id, onclick: () => go(`/events/${e.event_id}`) },
      el("td", {}, eventDay(e)), el("td", {}, e.sub_event_type), el("td", {}, place),
      el("td", { class: "num" }, deaths(e.fatalities)), el("td", { class: "num" }, e.number_of_sources),
      el("td", {}, e.status)));
  }
  state.loaded += data.events.length;
  state.cursor = data.next_cursor;
  if (data.total !== undefined) state.total = data.total;
  document.getElementById("event-count").textContent =
    `${state.loaded.toLocaleString()} of ${(state.total || 0).toLocaleString()}${state.box ? " (in the map group chosen)" : ""}`;
  document.getElementById("more").hidden = !state.cursor;
}

function applyFilters(changes) {
  const form = document.getElementById("filters");
  if (changes) for (const [k, v] of Object.entries(changes)) form.elements[k].value = v;
  const values = {};
  for (const name of FILTERS) values[name] = form.elements[name].value.trim();
  setUrl(values);
  state.box = null;
  refresh();
}

async function refresh() {
  delete document.body.dataset.ready;
  await Promise.all([loadClusters(), loadTimeline(), loadTallies(), loadEvents(true)]);
  // ready once the filters are filled and the outlines drawn too
  if (state.meta && state.outlines) document.body.dataset.ready = "map";
}

document.getElementById("filters").addEventListener("submit", (event) => { event.preventDefault(); applyFilters(); });
document.getElementById("clear").addEventListener("click", () => {
  const form = document.getElementById("filters");
  for (const name of FILTERS) form.elements[name].value = "";
  applyFilters();
});
document.getElementById("more").addEventListener("click", () => loadEvents(false));

// ------------------------------------------------------------------ the event page
function highlighted(sentence, spans) {
  // the sentence's text with each evidence span (document offsets) in a <mark>
  const block = el("blockquote");
  const inside = spans
    .filter((s) => s.role !== "sentence" && s.start >= sentence.start && s.end <= sentence.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let at = sentence.start;
  for (const span of inside) {
    if (span.start < at) continue;
    block.append(sentence.text.slice(at - sentence.start, span.start - sentence.start));
    block.append(el("mark", { "data-role": span.role, title: span.role }, sentence.text.slice(span.start - sentence.start, span.end - sentence.start)));
    at = span.end;
  }
  block.append(sentence.text.slice(at - sentence.start));
  return block;
}

function tollHistory(figures) {
  if (!figures.length) return el("p", { class: "hint" }, "No figure was reported for this event.");
  const table = el("table", {}, el("thead", {}, el("tr", {}, ["reported", "claimed by", "low", "best", "high", "sentence"].map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const f of figures) {
    body.append(el("tr", {}, el("td", {}, f.published || "?"), el("td", {}, f.claimant || "unattributed"),
      el("td", { class: "num" }, f.low), el("td", { class: "num" }, f.best === null ? "?" : f.best), el("td", { class: "num" }, high(f.high)),
      el("td", {}, f.evidence)));
  }
  table.append(body);
  return table;
}

function auditTable(entries) {
  if (!entries.length) return el("p", { class: "hint", id: "audit-empty" }, "No analyst action yet.");
  const table = el("table", { id: "audit" }, el("thead", {}, el("tr", {}, ["when", "who", "action", "value", "why"].map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const a of entries) {
    body.append(el("tr", {}, el("td", {}, a.at), el("td", {}, a.who), el("td", {}, a.action), el("td", {}, a.value || ""), el("td", {}, a.reason)));
  }
  table.append(body);
  return table;
}

function reviewBox(data) {
  const e = data.event;
  const box = el("div", { class: "review-box" }, el("h2", {}, "Review"));
  const message = el("p", { class: "message", id: "review-message" });
  const act = async (path, body) => {
    message.className = "message";
    message.textContent = "…";
    try {
      await api(path, { method: "POST", body: Object.assign({ version: e.version }, body) });
      await showEvent(e.event_id, "saved");
    } catch (error) {
      message.className = "message bad";
      message.textContent = error.status === 409 ? `Someone changed this event meanwhile: ${error.message}` : error.message;
    }
  };
  const statusForm = el("form", { id: "status-form" },
    el("label", {}, "Status", el("select", { name: "status" }, ["unreviewed", "verified", "disputed", "rejected"].map((s) => el("option", { value: s, selected: s === e.status }, s)))),
    el("label", {}, "Reason", el("input", { name: "reason", required: true, size: 40 })),
    el("button", { type: "submit" }, "Set status"));
  statusForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    act(`/api/events/${e.event_id}/status`, { status: statusForm.elements.status.value, reason: statusForm.elements.reason.value });
  });
  const editForm = el("form", { id: "edit-form" },
    el("label", {}, "Field", el("select", { name: "field" }, ["fatalities", "date", "sub_event_type", "actor1", "actor2", "admin1", "notes"].map((f) => el("option", { value: f }, f)))),
    el("label", {}, "New value", el("input", { name: "value", placeholder: "deaths: low/best/high, e.g. 9/13/13", size: 28 })),
    el("label", {}, "Reason", el("input", { name: "reason", required: true, size: 30 })),
    el("button", { type: "submit" }, "Edit"));
  editForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const field = editForm.elements.field.value;
    let value = editForm.elements.value.value.trim();
    if (field === "fatalities") {
      const [low, best, hi] = value.split("/").map((p) => (p === undefined || p === "" || p === "+" ? null : parseInt(p, 10)));
      value = { low, best, high: hi };
    }
    act(`/api/events/${e.event_id}/edit`, { field, value, reason: editForm.elements.reason.value });
  });
  box.append(statusForm, editForm, message);
  return box;
}

async function showEvent(eventId, note) {
  const data = await api(`/api/events/${encodeURIComponent(eventId)}`);
  const e = data.event;
  const root = document.getElementById("event");
  const place = e.location;
  const facts = el("dl", { class: "facts" });
  const fact = (k, v) => facts.append(el("dt", {}, k), el("dd", {}, v || "–"));
  fact("type", `${e.event_type} › ${e.sub_event_type}`);
  fact("date", `${eventDay(e)} (${e.date_precision})`);
  fact("place", place ? `${place.name}${place.admin1 ? ", " + place.admin1 : ""} (geo precision ${place.geo_precision})` : "");
  fact("actors", [e.actor1, e.actor2].filter(Boolean).join(" vs ") + (e.assoc_actors.length ? ` (with ${e.assoc_actors.join(", ")})` : ""));
  fact("deaths low/best/high", deaths(e.fatalities));
  fact("sources", `${e.number_of_sources} report(s); claimed by ${e.claimants.join(", ") || "no named claimant"}`);
  fact("status", e.status);
  fact("version", String(e.version));
  const claims = el("div");
  for (const c of data.claims) {
    const doc = c.document || {};
    const source = el("div", { class: "source" },
      `${doc.outlet || "unknown outlet"} · ${doc.published || "undated"} · ${doc.title || doc.id || ""}` +
      ` · figure ${deaths(c.fatalities)}${c.claimants.length ? " per " + c.claimants.join(", ") : ""}`);
    claims.append(el("div", { class: "claim", "data-claim": c.claim_id }, source,
      c.sentence ? highlighted(c.sentence, c.evidence) : el("p", { class: "hint" }, "No evidence text."),
      canReview() && data.claims.length > 1 ? el("button", { type: "button", onclick: async () => {
        const reason = prompt("Why split this claim off?");
        if (!reason) return;
        try {
          const out = await api(`/api/claims/${c.claim_id}/split`, { method: "POST", body: { reason, version: e.version } });
          go(`/events/${out.event.event_id}`);
        } catch (error) { alert(error.message); }
      } }, "Split this claim off") : null));
  }
  root.replaceChildren(
    el("div", { class: "event-head" }, el("h1", {}, `${e.sub_event_type} in ${place ? place.name : "an unknown place"}, ${eventDay(e)}`)),
    note ? el("p", { class: "message ok" }, "Saved: the audit log below has the change.") : "",
    facts,
    canReview() ? reviewBox(data) : "",
    el("h2", {}, "What each source said"),
    claims,
    el("h2", {}, "Who claimed which figure, and when (toll history)"),
    tollHistory(data.figures),
    el("h2", {}, "Audit log"),
    auditTable(data.audit),
  );
  document.body.dataset.ready = "event";
}

// ------------------------------------------------------------------ the review queue
function eventLink(e) {
  if (!e) return "";
  return el("a", { href: `/events/${e.event_id}`, onclick: (ev) => { ev.preventDefault(); go(`/events/${e.event_id}`); } },
    `${eventDay(e)} ${e.sub_event_type} in ${e.location ? e.location.name : "?"}`);
}

async function showReview() {
  const data = await api("/api/review/queue");
  const root = document.getElementById("review");
  const section = (title, hint, rows) => el("div", { class: "queue-section" }, el("h2", {}, title), el("p", { class: "hint" }, hint), rows);
  const near = el("table", { id: "queue-near" }, el("thead", {}, el("tr", {}, ["event", "claim", "score"].map((h) => el("th", {}, h)))),
    el("tbody", {}, data.near_threshold.map((n) => el("tr", {}, el("td", {}, eventLink(n.event)), el("td", {}, n.link.claim_id), el("td", { class: "num" }, n.link.score.toFixed(3))))));
  const list = (id, events) => el("table", { id }, el("thead", {}, el("tr", {}, ["event", "deaths", "status"].map((h) => el("th", {}, h)))),
    el("tbody", {}, events.map((e) => el("tr", {}, el("td", {}, eventLink(e)), el("td", { class: "num" }, deaths(e.fatalities)), el("td", {}, e.status)))));
  root.replaceChildren(
    section("Links close to the threshold", `Claims joined to an event with a score within 0.1 of the threshold (${data.threshold}).`, near),
    el("div", { class: "grid2" },
      section("Disputed events", "Marked disputed by an analyst.", list("queue-disputed", data.disputed)),
      section("Events without a precise place", "No coordinates, or only the governorate or country.", list("queue-imprecise", data.imprecise))));
  document.body.dataset.ready = "review";
}

// ------------------------------------------------------------------ routing
function go(path) {
  history.pushState(null, "", path);
  route();
}

async function route() {
  delete document.body.dataset.ready;
  for (const id of ["view-map", "view-event", "view-review"]) document.getElementById(id).hidden = true;
  const path = location.pathname;
  for (const a of document.querySelectorAll("header nav a")) a.classList.toggle("active", a.getAttribute("href") === path);
  try {
    if (path.startsWith("/events/")) {
      document.getElementById("view-event").hidden = false;
      await showEvent(decodeURIComponent(path.slice("/events/".length)));
    } else if (path === "/review") {
      document.getElementById("view-review").hidden = false;
      await showReview();
    } else {
      document.getElementById("view-map").hidden = false;
      if (!state.map) {
        // the filters' choices, the outlines and the map's data are asked for at once
        await Promise.all([loadMeta(), setUpMap(), refresh()]);
        document.body.dataset.ready = "map";
      } else {
        state.map.invalidateSize();
        await refresh();
      }
    }
  } catch (error) {
    if (error.status === 401) showLogin(error.message);
    else document.querySelector("main:not([hidden])").prepend(el("p", { class: "message bad" }, error.message));
  }
}

window.addEventListener("popstate", route);
document.getElementById("back").addEventListener("click", (ev) => { ev.preventDefault(); go("/" + (sessionStorage.getItem("observatory-map-search") || "")); });
document.addEventListener("click", (ev) => {
  const a = ev.target.closest("header nav a");
  if (a && a.getAttribute("href") !== "/docs") { ev.preventDefault(); go(a.getAttribute("href")); }
});

(async () => {
  try {
    if (await whoami()) await route(); else showLogin();
  } catch (error) {
    showLogin(error.message);
  }
})();
