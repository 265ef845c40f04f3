// citegraph explorer: search papers or entities, show their neighbourhood with sigma.js,
// expand nodes on click, show paper details and the evidence of a link.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import palette from "./palette.json";
import { SCHOLARLY_KINDS, appendCitations, focusScholarly, installScholarly, scholarlyResult, scholarlySearch } from "./scholarly.js";
import { showOverview } from "./overview.js";
import { followHash, remember } from "./routes.js";

const $ = (id) => document.getElementById(id);
const graph = new Graph({ multi: true, type: "mixed" });
const expanded = new Set();
let renderer = null;

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function status(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message || `HTTP ${response.status}`);
  return body;
}

const enc = encodeURIComponent;
const tag = (type) => `<span class="tag" style="background:${palette.nodes[type] || "#999"}">${esc(type)}</span>`;

function edgeSize(type, weight) {
  const w = Number(weight) || 1;
  if (type === "MENTIONS") return 0.6 + Math.min(w, 6) * 0.35;
  if (type === "SHARES_ENTITIES") return 1 + Math.min(w, 3) * 1.6;
  if (type === "SIMILAR_TO" || type === "PREDICTED_LINK") return 1 + Math.max(0, w - 0.5) * 9;
  return 1.5;
}

function addSubgraph(data, anchorId) {
  const anchor = anchorId && graph.hasNode(anchorId) ? graph.getNodeAttributes(anchorId) : { x: 0, y: 0 };
  for (const node of data.nodes) {
    if (graph.hasNode(node.id)) continue;
    const label = node.label.length > 48 ? `${node.label.slice(0, 45)}…` : node.label;
    graph.addNode(node.id, {
      label, fullLabel: node.label, kind: node.kind, nodeType: node.type,
      size: node.kind === "Paper" ? 7 : 6,
      color: palette.nodes[node.type] || palette.nodes.ENTITY,
      x: anchor.x + (Math.random() - 0.5) * 10, y: anchor.y + (Math.random() - 0.5) * 10,
    });
  }
  for (const edge of data.edges) {
    if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      relType: edge.type, weight: edge.weight, props: edge.properties,
      color: palette.edges[edge.type] || "#ccc", size: edgeSize(edge.type, edge.weight),
    });
  }
  layout();
}

function layout() {
  const settings = { ...forceAtlas2.inferSettings(graph), scalingRatio: 12, gravity: 0.6, slowDown: 4 };
  forceAtlas2.assign(graph, { iterations: 120, settings });
  status(`${graph.order} nodes, ${graph.size} edges`);
}

async function expand(kind, id) {
  if (expanded.has(id)) return;
  status("loading…");
  const param = kind === "Paper" ? "paper" : "entity";
  const data = await api(`/graph/subgraph?${param}=${enc(id)}&depth=1&limit=40`);
  expanded.add(id);
  addSubgraph(data, id);
}

async function focus(kind, id) {
  try {
    if (!renderer) startRenderer();
    remember(kind, id);
    if (SCHOLARLY_KINDS.has(kind)) return await focusScholarly(kind, id, $("details"));
    // the details panel does not wait for the neighbourhood's layout
    await Promise.all([expand(kind, id), showNode(kind, id)]);
  } catch (error) {
    status(error.message, true);
  }
}

async function overview() {
  try {
    if (!renderer) startRenderer();
    await showOverview({ api, esc, tag, details: $("details"), open: focus, expand });
  } catch (error) {
    status(error.message, true);
  }
}

function highlight(sentence, text) {
  const at = sentence.indexOf(text);
  if (!text || at < 0) return esc(sentence);
  return esc(sentence.slice(0, at)) + `<mark>${esc(text)}</mark>` + esc(sentence.slice(at + text.length));
}

async function showNode(kind, id) {
  const details = $("details");
  if (kind === "Paper") {
    const p = await api(`/papers/${enc(id)}`);
    const entities = p.entities.map((e) => `<li>${tag(e.type)}${esc(e.name)} <small>×${e.count}</small></li>`).join("");
    details.innerHTML = `<h2 data-testid="details-title">${esc(p.title)}</h2>
      <p><small>${esc((p.authors || []).join(", "))} ${esc(p.published || "")}</small></p>
      ${p.url ? `<p><a href="${esc(p.url)}" target="_blank" rel="noopener">${esc(p.url)}</a></p>` : ""}
      <p>${esc(p.abstract)}</p><h3>Entities (${p.entities.length})</h3><ul>${entities}</ul>`;
    await appendCitations(id, details);
  } else {
    const e = await api(`/entities/${enc(id)}`);
    const co = e.co_occurring.map((o) => `<li>${tag(o.type)}${esc(o.name)} <small>${o.papers} papers</small></li>`).join("");
    details.innerHTML = `<h2 data-testid="details-title">${tag(e.type)}${esc(e.name)}</h2>
      <p>${e.paper_count} papers${e.aliases.length ? ` · also ${esc(e.aliases.join(", "))}` : ""}</p>
      <h3>Often mentioned with</h3><ul>${co}</ul>`;
  }
}

async function evidenceOf(paperId, entityId) {
  const paper = await api(`/papers/${enc(paperId)}`);
  const entity = paper.entities.find((e) => e.id === entityId);
  const items = (entity?.evidence || []).map((ev) => `<div class="evidence">${highlight(ev.sentence, ev.text)}</div>`);
  return { paper, entity, html: items.join("") };
}

async function showEdge(edgeKey) {
  const edge = graph.getEdgeAttributes(edgeKey);
  const [source, target] = graph.extremities(edgeKey);
  const name = (n) => esc(graph.getNodeAttribute(n, "fullLabel"));
  let html = `<h2>${esc(edge.relType)}</h2><p>${name(source)} → ${name(target)}</p><p>weight ${Number(edge.weight).toFixed(3)}</p>`;
  if (edge.relType === "MENTIONS") {
    const { html: evidence } = await evidenceOf(source, target);
    html += `<h3>Evidence</h3>${evidence || "<p class=hint>no evidence stored</p>"}`;
  } else if (edge.relType === "SHARES_ENTITIES") {
    const [a, b] = await Promise.all([api(`/papers/${enc(source)}`), api(`/papers/${enc(target)}`)]);
    const inB = new Map(b.entities.map((e) => [e.id, e]));
    for (const e of a.entities.filter((x) => inB.has(x.id))) {
      const first = (ent) => ent.evidence[0] ? highlight(ent.evidence[0].sentence, ent.evidence[0].text) : "";
      html += `<h3>${tag(e.type)}${esc(e.name)}</h3><div class="evidence">${first(e)}</div><div class="evidence">${first(inB.get(e.id))}</div>`;
    }
  }
  $("details").innerHTML = html;
}

function startRenderer() {
  renderer = new Sigma(graph, $("graph"), {
    enableEdgeEvents: true, labelRenderedSizeThreshold: 6, labelDensity: 0.5, defaultEdgeType: "line",
  });
  renderer.on("clickNode", ({ node }) => focus(graph.getNodeAttribute(node, "kind"), node));
  renderer.on("clickEdge", ({ edge }) => showEdge(edge).catch((error) => status(error.message, true)));
  renderer.on("enterNode", () => { $("graph").style.cursor = "pointer"; });
  renderer.on("leaveNode", () => { $("graph").style.cursor = "default"; });
}

async function search(event) {
  event.preventDefault();
  const q = $("search-input").value.trim();
  const mode = $("search-mode").value;
  if (!q) return;
  const results = $("results");
  results.innerHTML = "<p class=hint>searching…</p>";
  try {
    const scholarly = scholarlySearch(mode, q);
    const url = scholarly ? scholarly.url : mode === "entities" ? `/entities?q=${enc(q)}&limit=30`
      : mode === "semantic" ? `/search?q=${enc(q)}&k=30` : `/papers?q=${enc(q)}&limit=30`;
    const body = await api(url);
    const kind = scholarly ? scholarly.kind : mode === "entities" ? "Entity" : "Paper";
    results.innerHTML = body.items.length ? "" : "<p class=hint>nothing found</p>";
    for (const item of body.items) {
      const button = document.createElement("button");
      button.className = "result";
      button.dataset.testid = "result";
      button.innerHTML = scholarly ? scholarlyResult(item)
        : kind === "Entity" ? `${tag(item.type)}${esc(item.name)} <small>${item.paper_count} papers</small>`
        : `${esc(item.title)} <small>${item.score != null ? item.score.toFixed(2) : ""}</small>`;
      button.addEventListener("click", () => focus(kind, item.id));
      results.appendChild(button);
    }
  } catch (error) {
    results.innerHTML = `<p class="error">${esc(error.message)}</p>`;
  }
}

function legend() {
  const nodes = Object.entries(palette.nodes).map(([t, c]) => `<div><span class="swatch" style="background:${c}"></span>${esc(t)}</div>`);
  const edges = Object.entries(palette.edges).map(([t, c]) => `<div><span class="bar" style="background:${c}"></span>${esc(t)}</div>`);
  $("legend").innerHTML = nodes.join("") + edges.join("");
}

installScholarly({ graph, api, esc, tag, focus, status, layout });
$("search-form").addEventListener("submit", search);
legend();
followHash(focus, overview);
window.citegraph = { graph, expanded, focus, get renderer() { return renderer; } };
