// tidings web UI: a small page app over the JSON API under /api/. No
// framework and nothing fetched from elsewhere; every value from the store
// is put on the page as text (never as HTML).
"use strict";

const main = document.getElementById("main");
const popup = document.getElementById("popup");
const queryBox = document.getElementById("q");
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ---- helpers ---------------------------------------------------------------

/** An element with attributes and children (strings become text). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** GET an API path; throws an Error carrying the API's detail. */
async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) {
    const error = new Error(body && body.detail ? body.detail : `the server answered ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function show(...nodes) {
  main.replaceChildren(...nodes.filter((node) => node !== null && node !== undefined && node !== false));
  hidePopup();
}

function failure(error) {
  return el("div", { class: "error", role: "alert" }, error.message);
}

function day(published) {
  if (!published) return "undated";
  return String(published).slice(0, 10);
}

function meta(...parts) {
  return el("div", { class: "meta" }, parts.filter(Boolean).join(" · "));
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A snippet whose matches are marked [like this], with <mark>s. */
function snippet(text) {
  const out = el("p", { class: "snippet" });
  const parts = String(text || "").split(/(\[[^\]]*\])/);
  for (const part of parts) {
    if (part.startsWith("[") && part.endsWith("]")) out.append(el("mark", {}, part.slice(1, -1)));
    else out.append(part);
  }
  return out;
}

function params(search) {
  return new URLSearchParams(search || "");
}

function amount(figure) {
  if (figure.words) {
    const range = figure.high !== undefined && figure.high !== null ? `${figure.value}–${figure.high}` : `${figure.value}`;
    return `${figure.words.toLowerCase()} (${range})`;
  }
  const range = figure.high !== undefined && figure.high !== null ? `${figure.value}–${figure.high}` : `${figure.value}`;
  return `${figure.qualifier} ${range}`;
}

// ---- routing ---------------------------------------------------------------

const routes = [
  [/^\/?$/, home],
  [/^\/search$/, search],
  [/^\/article\/([0-9a-f]+)$/, article],
  [/^\/entity\/(\d+)$/, entity],
  [/^\/entities$/, entities],
  [/^\/events$/, events],
  [/^\/stories$/, stories],
  [/^\/story\/(\d+)$/, story],
];

async function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, search] = hash.split("?");
  for (const [pattern, view] of routes) {
    const match = path.match(pattern);
    if (match) {
      try {
        await view(match[1], params(search));
      } catch (error) {
        show(failure(error));
      }
      main.focus({ preventScroll: true });
      window.scrollTo(0, 0);
      return;
    }
  }
  show(el("h1", {}, "Not found"), el("p", {}, "No such page. ", el("a", { href: "#/" }, "Search")));
}

window.addEventListener("hashchange", route);
document.getElementById("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = queryBox.value.trim();
  if (q) location.hash = `#/search?q=${encodeURIComponent(q)}`;
});
document.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (event.key === "/" && !typing) {
    event.preventDefault();
    queryBox.focus();
    queryBox.select();
  } else if (event.key === "Escape") {
    hidePopup();
  }
});
document.addEventListener("click", (event) => {
  if (!popup.hidden && !popup.contains(event.target) && !event.target.closest(".hl")) hidePopup();
});

// ---- pages -----------------------------------------------------------------

async function home() {
  queryBox.value = "";
  const stats = await api("/api/stats");
  show(
    el("h1", {}, "Search the news you collected"),
    el("p", { class: "muted" },
      `${plural(stats.articles, "article", "articles")}, ${plural(stats.entities, "entity", "entities")}, `
      + `${plural(stats.events, "event", "events")}, ${plural(stats.quotes, "quote", "quotes")}, `
      + `${plural(stats.stories, "story", "stories")}. Type a name or words above (press / to jump there).`),
    el("div", { class: "cards" },
      el("a", { class: "card", href: "#/stories" }, el("strong", {}, "Stories"), el("div", { class: "meta" }, "Articles about one happening, over time")),
      el("a", { class: "card", href: "#/entities" }, el("strong", {}, "Entities"), el("div", { class: "meta" }, "People, organisations and places, with timelines")),
      el("a", { class: "card", href: "#/events" }, el("strong", {}, "Events"), el("div", { class: "meta" }, "Who did what to whom, filterable, as CSV"))),
  );
  queryBox.focus();
}

async function search(_, query) {
  const q = query.get("q") || "";
  queryBox.value = q;
  const list = el("ol", { class: "hits" });
  const more = el("button", { class: "plain", type: "button" }, "More results");
  const heading = el("h1", {}, `Results for “${q}”`);
  show(heading, list, more);
  let offset = 0;
  const load = async () => {
    const page = await api(`/api/search?q=${encodeURIComponent(q)}&limit=20&offset=${offset}`);
    for (const hit of page.items) {
      list.append(el("li", {},
        el("a", { class: "title", href: `#/article/${hit.id}` }, hit.title || "(untitled)"),
        meta(hit.site, day(hit.published), hit.lang),
        snippet(hit.snippet)));
    }
    if (offset === 0 && page.items.length === 0) list.append(el("li", { class: "muted" }, "No article matches. Try fewer words, or a prefix like strik*."));
    more.hidden = page.next_offset === null;
    offset = page.next_offset || offset;
  };
  more.addEventListener("click", () => load().catch((error) => main.append(failure(error))));
  await load();
}

/** The marks of an article: mentions, quotes, figures and event sentences, as byte ranges. */
function marksOf(doc) {
  const marks = [];
  doc.mentions.forEach((m) => marks.push({ start: m.start, end: m.end, type: "mention", cls: m.kind, data: m }));
  doc.quotes.forEach((q) => marks.push({ start: q.span.start, end: q.span.end, type: "quote", cls: "quote", data: q }));
  doc.figures.forEach((f) => marks.push({ start: f.span.start, end: f.span.end, type: "figure", cls: "figure", data: f }));
  doc.events.forEach((e) => marks.push({ start: e.span.start, end: e.span.end, type: "event", cls: "", data: e }));
  return marks.filter((m) => m.start < m.end);
}

/** A paragraph cut at every mark's ends, each piece marked by all that cover it. */
function paragraph(bytes, span, marks, open) {
  const cuts = new Set([span.start, span.end]);
  for (const m of marks) {
    if (m.start > span.start && m.start < span.end) cuts.add(m.start);
    if (m.end > span.start && m.end < span.end) cuts.add(m.end);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const p = el("p", {});
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    const text = decoder.decode(bytes.subarray(a, b));
    const covering = marks.filter((m) => m.start <= a && m.end >= b);
    const shown = covering.filter((m) => m.type !== "event");
    if (shown.length === 0) {
      p.append(text);
      continue;
    }
    const classes = ["hl", ...new Set(shown.map((m) => m.cls).filter(Boolean))];
    const piece = el("span", {
      class: classes.join(" "), tabindex: 0, role: "button",
      title: shown.map((m) => m.type === "mention" ? `${m.data.kind}: ${m.data.name}` : m.type).join(", "),
    }, text);
    piece.addEventListener("click", (event) => { event.stopPropagation(); open(piece, covering); });
    piece.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(piece, covering); }
    });
    p.append(piece);
  }
  return p;
}

function hidePopup() {
  popup.hidden = true;
  popup.replaceChildren();
}

function openPopup(anchor, nodes) {
  popup.replaceChildren(...nodes, el("button", { type: "button", class: "plain", onclick: hidePopup }, "Close"));
  popup.hidden = false;
  const box = anchor.getBoundingClientRect();
  const width = Math.min(popup.offsetWidth, window.innerWidth - 16);
  popup.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - width - 8))}px`;
  const below = box.bottom + 6;
  popup.style.top = below + popup.offsetHeight < window.innerHeight ? `${below}px` : `${Math.max(8, box.top - popup.offsetHeight - 6)}px`;
}

async function article(id) {
  const doc = await api(`/api/articles/${id}`);
  const storeOf = (index) => {
    const link = doc.entity_links.find((l) => l.entity === index);
    return link ? link.store : null;
  };
  const entityLink = (index, text) => {
    const storeId = storeOf(index);
    return storeId === null ? text : el("a", { href: `#/entity/${storeId}` }, text);
  };
  const describe = (mark) => {
    const d = mark.data;
    if (mark.type === "mention") {
      return el("div", { class: "item" }, el("h3", {}, entityLink(d.entity, d.name)),
        el("div", { class: "meta" }, `${d.kind}${d.text !== d.name ? ` · written “${d.text}”` : ""}`));
    }
    if (mark.type === "quote") {
      const speaker = d.speaker_entity !== null && d.speaker_entity !== undefined
        ? entityLink(d.speaker_entity, d.speaker || "(unknown)") : (d.speaker || "(unknown speaker)");
      return el("div", { class: "item" }, el("h3", {}, "Quote · ", speaker),
        el("div", { class: "meta" }, `${d.direct ? "direct" : "reported"}, cue “${d.cue}”`), el("div", {}, d.text));
    }
    if (mark.type === "figure") {
      return el("div", { class: "item" }, el("h3", {}, `Figure · ${d.kind}`),
        el("div", {}, `${amount(d)} ${d.unit ? d.unit + " " : ""}${d.counts}`),
        el("div", { class: "meta" }, `source: ${d.source || "not given"}`));
    }
    return el("div", { class: "item" }, el("h3", {}, `Event · ${d.plover} (CAMEO ${d.cameo})`),
      el("div", {}, `${d.source || d.source_text || "-"} → ${d.target || d.target_text || "-"}`),
      el("div", { class: "meta" }, `${d.date || "undated"}${d.date_source ? ` (from the ${d.date_source})` : ""} · trigger “${d.trigger}” · confidence ${Number(d.confidence).toFixed(2)}`));
  };
  const open = (anchor, covering) => openPopup(anchor, covering.map(describe));
  const bytes = encoder.encode(doc.text);
  const marks = marksOf(doc);
  const body = el("div", { class: "article" }, doc.paragraphs.map((span) => paragraph(bytes, span, marks, open)));

  const side = el("div", { class: "side" });
  side.append(el("div", { class: "legend" },
    el("span", { class: "hl person" }, "person"), el("span", { class: "hl organisation" }, "organisation"),
    el("span", { class: "hl location" }, "place"), el("span", { class: "hl other" }, "other"),
    el("span", { class: "hl quote" }, "quote"), el("span", { class: "hl figure" }, "figure")));
  if (doc.entities.length) {
    side.append(el("h2", {}, `Entities (${doc.entities.length})`), el("ul", {},
      doc.entities.map((e, i) => el("li", {}, entityLink(i, e.name), ` · ${e.kind} ×${e.mentions}`))));
  }
  if (doc.quotes.length) {
    side.append(el("h2", {}, `Quotes (${doc.quotes.length})`), el("ul", { class: "quotes" },
      doc.quotes.map((q) => el("li", {}, el("strong", {}, q.speaker || "(unknown)"), `: ${q.direct ? "“" + q.text + "”" : q.text}`))));
  }
  if (doc.figures.length) {
    side.append(el("h2", {}, `Figures (${doc.figures.length})`), el("ul", {},
      doc.figures.map((f) => el("li", {}, `${f.kind}: ${amount(f)} ${f.counts}`))));
  }
  if (doc.events.length) {
    side.append(el("h2", {}, `Events (${doc.events.length})`), el("ul", {},
      doc.events.map((e) => el("li", {}, `${e.date || "undated"} ${e.plover} `,
        el("span", { class: "meta" }, `${e.source || e.source_text || "-"} → ${e.target || e.target_text || "-"}`)))));
  }
  if (doc.removed.length) {
    side.append(el("details", {}, el("summary", {}, `Removed blocks (${doc.removed.length})`),
      el("ul", { class: "removed" }, doc.removed.map((r) => el("li", {}, `[${r.reason}] ${r.text.slice(0, 120)}`)))));
  }
  const storyLink = doc.story !== null && doc.story !== undefined ? el("a", { href: `#/story/${doc.story}` }, `story ${doc.story}`) : null;
  show(el("div", { class: "layout" },
    el("article", {},
      el("h1", {}, doc.title || "(untitled)"),
      meta(doc.site, day(doc.published), doc.lang, doc.authors.join(", ")),
      el("div", { class: "meta" }, doc.url ? el("a", { href: doc.url, rel: "noreferrer noopener" }, doc.url) : null, doc.url && storyLink ? " · " : null, storyLink),
      body),
    side));
}

/** Mentions per day as bars, every day of the range shown. */
function timeline(days) {
  if (!days.length) return el("p", { class: "muted" }, "No dated mentions.");
  const counts = new Map(days.map(([d, n]) => [d, n]));
  const first = new Date(days[0][0] + "T00:00:00Z");
  const last = new Date(days[days.length - 1][0] + "T00:00:00Z");
  const all = [];
  for (let t = first.getTime(); t <= last.getTime() && all.length < 400; t += 86400000) {
    const key = new Date(t).toISOString().slice(0, 10);
    all.push([key, counts.get(key) || 0]);
  }
  const max = Math.max(...all.map(([, n]) => n));
  const bar = Math.min(28, 900 / all.length), height = 140;
  const width = Math.max(bar * all.length, 180);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 -14 ${width} ${height + 34}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height + 34);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Mentions per day from ${all[0][0]} to ${all[all.length - 1][0]}`);
  all.forEach(([key, n], i) => {
    const h = max ? (n / max) * height : 0;
    const rect = document.createElementNS(svg.namespaceURI, "rect");
    rect.setAttribute("x", i * bar + bar * 0.1);
    rect.setAttribute("y", height - h);
    rect.setAttribute("width", Math.max(1, bar * 0.8));
    rect.setAttribute("height", h);
    const title = document.createElementNS(svg.namespaceURI, "title");
    title.textContent = `${key}: ${n}`;
    rect.append(title);
    svg.append(rect);
  });
  const labels = [[0, height + 15, "start", all[0][0]], [0, -3, "start", `most: ${max} a day`]];
  if (all.length > 1) labels.push([width, height + 15, "end", all[all.length - 1][0]]);
  for (const [x, y, anchor, label] of labels) {
    const text = document.createElementNS(svg.namespaceURI, "text");
    text.setAttribute("x", x);
    text.setAttribute("y", y);
    text.setAttribute("text-anchor", anchor);
    text.textContent = label;
    svg.append(text);
  }
  return svg;
}

async function entity(id) {
  const detail = await api(`/api/entities/${id}?limit=50`);
  const e = detail.entity;
  const mentions = el("ul", {}, detail.mentions.map((m) => {
    const bytes = encoder.encode(m.sentence);
    return el("li", {},
      el("a", { href: `#/article/${m.id}` }, m.title || "(untitled)"), " ", el("span", { class: "meta" }, day(m.published)),
      el("div", {}, decoder.decode(bytes.subarray(0, m.range.start)), el("mark", {}, decoder.decode(bytes.subarray(m.range.start, m.range.end))), decoder.decode(bytes.subarray(m.range.end))));
  }));
  show(
    el("h1", {}, e.name),
    meta(e.kind, e.country, e.roles.join(", "), `${plural(e.mentions, "mention", "mentions")} in ${plural(e.articles, "article", "articles")}`),
    e.aliases.length ? el("p", {}, "Also: ", e.aliases.join(", ")) : null,
    el("h2", {}, "Mentions per day"), timeline(detail.timeline),
    detail.undated ? el("p", { class: "meta" }, `${detail.undated} undated`) : null,
    el("div", { class: "layout" },
      el("div", {}, el("h2", {}, "Mentions"), mentions,
        el("h2", {}, `Quotes (${detail.quotes.length})`),
        detail.quotes.length ? el("ul", {}, detail.quotes.map((q) => el("li", {}, q.direct ? `“${q.text}”` : q.text, " ",
          el("a", { class: "meta", href: `#/article/${q.id}` }, `${q.title || "article"}, ${day(q.published)}`)))) : el("p", { class: "muted" }, "None.")),
      el("div", { class: "side" }, el("h2", {}, "Appears with"),
        el("ul", {}, detail.co_occurring.map((c) => el("li", {}, el("a", { href: `#/entity/${c.id}` }, c.name), ` · ${c.kind}, ${plural(c.articles, "article", "articles")}`))),
        el("p", {}, el("a", { href: `#/stories?entity=${encodeURIComponent(e.name)}` }, "Stories naming it")))));
}

async function entities(_, query) {
  const kind = query.get("kind") || "";
  const q = query.get("q") || "";
  const form = el("form", { class: "filters" },
    el("label", {}, "Name contains", el("input", { name: "q", value: q })),
    el("label", {}, "Kind", el("select", { name: "kind" },
      ["", "person", "organisation", "location", "other"].map((k) => el("option", { value: k, selected: k === kind }, k || "any")))),
    el("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/entities?${new URLSearchParams(new FormData(form)).toString()}`;
  });
  const url = new URLSearchParams({ limit: "100" });
  if (kind) url.set("kind", kind);
  if (q) url.set("q", q);
  const page = await api(`/api/entities?${url}`);
  show(el("h1", {}, "Entities"), form, el("div", { class: "table-wrap" }, el("table", {},
    el("thead", {}, el("tr", {}, el("th", {}, "Name"), el("th", {}, "Kind"), el("th", {}, "Articles"), el("th", {}, "Mentions"), el("th", {}, "Also"))),
    el("tbody", {}, page.items.map((e) => el("tr", {},
      el("td", {}, el("a", { href: `#/entity/${e.id}` }, e.name)), el("td", {}, e.kind), el("td", {}, e.articles), el("td", {}, e.mentions), el("td", {}, e.aliases.join(", "))))))));
}

const EVENT_FILTERS = ["actor", "code", "since", "until", "place", "min_confidence"];

async function events(_, query) {
  const form = el("form", { class: "filters" },
    el("label", {}, "Actor code", el("input", { name: "actor", value: query.get("actor") || "", size: 8, placeholder: "RUS" })),
    el("label", {}, "Type", el("input", { name: "code", value: query.get("code") || "", size: 10, placeholder: "04 or CONSULT" })),
    el("label", {}, "Since", el("input", { name: "since", type: "date", value: query.get("since") || "" })),
    el("label", {}, "Until", el("input", { name: "until", type: "date", value: query.get("until") || "" })),
    el("label", {}, "Place", el("input", { name: "place", value: query.get("place") || "", size: 10 })),
    el("label", {}, "Min. confidence", el("input", { name: "min_confidence", type: "number", min: 0, max: 1, step: 0.1, value: query.get("min_confidence") || "0.5" })),
    el("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (String(value).trim()) chosen.set(key, String(value).trim());
    location.hash = `#/events?${chosen}`;
  });
  const filter = new URLSearchParams();
  for (const key of EVENT_FILTERS) if (query.get(key)) filter.set(key, query.get(key));
  const rows = [];
  const body = el("tbody", {});
  const more = el("button", { class: "plain", type: "button" }, "More events");
  const csv = el("button", { type: "button" }, "Export CSV");
  const code = (actor) => (actor && (actor.code || actor.text)) || "";
  let offset = 0;
  const load = async () => {
    const page = await api(`/api/events?${filter}&limit=100&offset=${offset}`);
    for (const e of page.items) {
      rows.push(e);
      const evidence = e.evidence[0];
      body.append(el("tr", {},
        el("td", {}, e.date || "undated"), el("td", {}, code(e.source)), el("td", {}, code(e.target)),
        el("td", {}, e.cameo), el("td", {}, e.plover), el("td", {}, `${e.mentions}/${e.articles}/${e.sources}`),
        el("td", {}, e.place || ""),
        el("td", {}, evidence ? el("a", { href: `#/article/${evidence.id}` }, evidence.sentence) : "")));
    }
    if (offset === 0 && page.items.length === 0) body.append(el("tr", {}, el("td", { colspan: 8, class: "muted" }, "No events match.")));
    more.hidden = page.next_offset === null;
    offset = page.next_offset || offset;
  };
  more.addEventListener("click", () => load().catch((error) => main.append(failure(error))));
  csv.addEventListener("click", () => downloadCsv(rows, code));
  show(el("h1", {}, "Events"), form, el("p", {}, csv),
    el("div", { class: "table-wrap" }, el("table", {},
      el("thead", {}, el("tr", {}, ["Day", "Source", "Target", "CAMEO", "PLOVER", "Mentions/articles/sources", "Place", "Evidence"].map((h) => el("th", {}, h)))),
      body)), more);
  await load();
}

function downloadCsv(rows, code) {
  const quote = (value) => `"${String(value === null || value === undefined ? "" : value).replace(/"/g, '""')}"`;
  const header = ["date", "source", "target", "cameo", "plover", "goldstein", "mentions", "articles", "sources", "place", "article", "sentence"];
  const lines = [header.join(",")];
  for (const e of rows) {
    const evidence = e.evidence[0] || {};
    lines.push([e.date, code(e.source), code(e.target), e.cameo, e.plover, e.goldstein, e.mentions, e.articles, e.sources, e.place, evidence.id, evidence.sentence].map(quote).join(","));
  }
  const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" });
  const link = el("a", { href: URL.createObjectURL(blob), download: "events.csv" });
  document.body.append(link);
  link.click();
  link.remove();
}

async function stories(_, query) {
  const url = new URLSearchParams({ limit: "100", order: query.get("order") || "biggest" });
  if (query.get("entity")) url.set("entity", query.get("entity"));
  const page = await api(`/api/stories?${url}`);
  show(el("h1", {}, query.get("entity") ? `Stories naming ${query.get("entity")}` : "Stories"),
    el("p", {}, el("a", { href: "#/stories?order=biggest" }, "Biggest"), " · ", el("a", { href: "#/stories?order=newest" }, "Newest")),
    page.items.length ? el("ul", { class: "hits" }, page.items.map((s) => el("li", {},
      el("a", { class: "title", href: `#/story/${s.id}` }, s.title || "(untitled)"),
      meta(`${day(s.first_seen)} – ${day(s.last_seen)}`, plural(s.articles, "article", "articles"), plural(s.sources, "source", "sources")),
      s.entities.length ? el("div", { class: "meta" }, s.entities.join(", ")) : null))) : el("p", { class: "muted" }, "No stories yet."));
}

async function story(id) {
  const detail = await api(`/api/stories/${id}`);
  const s = detail.story;
  show(el("h1", {}, s.title || `Story ${s.id}`),
    meta(`${day(s.first_seen)} – ${day(s.last_seen)}`, plural(s.articles, "article", "articles"), plural(s.sources, "source", "sources"), s.duplicates ? plural(s.duplicates, "copy", "copies") : null),
    s.entities.length ? el("p", {}, s.entities.join(", ")) : null,
    el("h2", {}, "Articles over time"),
    el("ol", { class: "hits" }, detail.articles.map((a) => el("li", {},
      el("a", { class: "title", href: `#/article/${a.id}` }, a.title || "(untitled)"),
      meta(day(a.time), a.site, a.duplicate_of ? `copy of ${a.duplicate_of.slice(0, 12)} (similarity ${Number(a.similarity || 1).toFixed(2)})` : null)))));
}

route();
