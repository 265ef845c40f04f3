// citegraph explorer, scholarly part: authors and venues as nodes with their own colour,
// their details (papers, co-authors, top entities), and who cites / is cited by a paper.
// main.js hands over its graph and helpers through installScholarly().
import palette from "./palette.json";

const enc = encodeURIComponent;
let ctx = null; // { graph, api, esc, tag, focus, status, layout }

export const SCHOLARLY_KINDS = new Set(["Author", "Venue"]);

export function installScholarly(context) {
  ctx = context;
}

/** The search URL and result kind of the "authors" and "venues" modes (null for other modes). */
export function scholarlySearch(mode, q) {
  if (mode === "authors") return { url: `/authors?q=${enc(q)}&limit=30`, kind: "Author" };
  if (mode === "venues") return { url: `/venues?q=${enc(q)}&limit=30`, kind: "Venue" };
  return null;
}

export function scholarlyResult(item) {
  return `${ctx.esc(item.name || item.id)} <small>${item.paper_count} papers</small>`;
}

function addNode(id, kind, type, label, anchor) {
  if (ctx.graph.hasNode(id)) return;
  const short = label.length > 48 ? `${label.slice(0, 45)}…` : label;
  ctx.graph.addNode(id, {
    label: short, fullLabel: label, kind, nodeType: type, size: kind === "Paper" ? 7 : 6,
    color: palette.nodes[type] || palette.nodes.ENTITY,
    x: anchor.x + (Math.random() - 0.5) * 10, y: anchor.y + (Math.random() - 0.5) * 10,
  });
}

function addEdge(source, target, type) {
  const key = `${type}:${source}->${target}`;
  if (ctx.graph.hasEdge(key)) return;
  ctx.graph.addDirectedEdgeWithKey(key, source, target, {
    relType: type, weight: 1, props: {}, color: palette.edges[type] || "#ccc", size: 1.2,
  });
}

/** An author or venue with its papers on the canvas, linked by AUTHORED / PUBLISHED_IN. */
function addAround(kind, detail) {
  const type = kind.toUpperCase();
  const anchor = ctx.graph.hasNode(detail.id) ? ctx.graph.getNodeAttributes(detail.id) : { x: 0, y: 0 };
  addNode(detail.id, kind, type, detail.name || detail.id, anchor);
  for (const paper of detail.papers) {
    addNode(paper.id, "Paper", "PAPER", paper.title || paper.id, anchor);
    if (kind === "Author") addEdge(detail.id, paper.id, "AUTHORED");
    else addEdge(paper.id, detail.id, "PUBLISHED_IN");
  }
  ctx.layout();
}

const paperItem = (p) => `<li><a href="#" data-paper="${ctx.esc(p.id)}">${ctx.esc(p.title || p.id)}</a>
  <small>${ctx.esc(p.year ?? "")}${p.stub ? " · reference only" : ""}</small></li>`;

function wireLinks(root) {
  for (const link of root.querySelectorAll("[data-paper]")) {
    link.addEventListener("click", (event) => { event.preventDefault(); ctx.focus("Paper", link.dataset.paper); });
  }
  for (const link of root.querySelectorAll("[data-author]")) {
    link.addEventListener("click", (event) => { event.preventDefault(); ctx.focus("Author", link.dataset.author); });
  }
}

function entityList(entities) {
  return entities.map((e) => `<li>${ctx.tag(e.type)}${ctx.esc(e.name)} <small>${e.papers} papers</small></li>`).join("");
}

/** Show an author or a venue: put it on the canvas and its details in the side panel. */
export async function focusScholarly(kind, id, details) {
  const path = kind === "Author" ? `/authors/${enc(id)}` : `/venues/${enc(id)}`;
  const detail = await ctx.api(path);
  addAround(kind, detail);
  const people = kind === "Author" ? detail.co_authors : detail.top_authors;
  const peopleList = people.map((a) => `<li><a href="#" data-author="${ctx.esc(a.id)}">${ctx.esc(a.name)}</a> <small>${a.papers} papers</small></li>`).join("");
  const years = kind === "Venue" ? `<p><small>${detail.per_year.map((y) => `${y.year}: ${y.papers}`).join(" · ")}</small></p>` : "";
  details.innerHTML = `<h2 data-testid="details-title">${ctx.tag(kind.toUpperCase())}${ctx.esc(detail.name || detail.id)}</h2>
    <p>${detail.paper_count} papers</p>${years}
    <h3>Papers</h3><ul>${detail.papers.map(paperItem).join("")}</ul>
    <h3>${kind === "Author" ? "Co-authors" : "Authors"}</h3><ul>${peopleList}</ul>
    <h3>Most mentioned</h3><ul>${entityList(detail.top_entities)}</ul>`;
  wireLinks(details);
}

/** The "cited by" and "references" lists of a paper, appended to its details. */
export async function appendCitations(paperId, details) {
  const [citing, cited] = await Promise.all([
    ctx.api(`/papers/${enc(paperId)}/citations?limit=20`),
    ctx.api(`/papers/${enc(paperId)}/references?limit=20`),
  ]);
  const section = document.createElement("section");
  section.dataset.testid = "citations";
  section.innerHTML = `<h3>Cited by (${citing.total})</h3><ul>${citing.items.map(paperItem).join("")}</ul>
    <h3>References (${cited.total})</h3><ul>${cited.items.map(paperItem).join("")}</ul>`;
  details.appendChild(section);
  wireLinks(section);
}
