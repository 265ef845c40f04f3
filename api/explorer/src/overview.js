// The explorer's first screen: what the graph holds (counts), the most mentioned entities of
// each type (click one to open it), and a starting neighbourhood on the canvas: the most
// mentioned entity overall with the papers around it.
const TYPES = ["MODEL", "DATASET", "METHOD", "TASK", "METRIC"];

export async function showOverview({ api, esc, tag, details, open, expand }) {
  const stats = await api("/stats");
  const tops = await Promise.all(
    TYPES.map((type) => api(`/entities?type=${type}&limit=5`).then((page) => [type, page.items])),
  );
  const relationships = Object.entries(stats.relationships)
    .map(([type, n]) => `${esc(type)} ${n.toLocaleString()}`).join(" · ");
  const entities = Object.values(stats.entities).reduce((sum, n) => sum + n, 0);
  const sections = tops.filter(([, items]) => items.length).map(([type, items]) => {
    const rows = items.map((e) => `<li><button class="result" data-testid="overview-entity"
      data-id="${esc(e.id)}">${tag(e.type)}${esc(e.name)} <small>${e.paper_count} papers</small></button></li>`);
    return `<h3>${esc(type.toLowerCase())}s most mentioned</h3><ul>${rows.join("")}</ul>`;
  });
  details.innerHTML = `<h2 data-testid="overview-title">The graph</h2>
    <p>${stats.papers.toLocaleString()} papers, ${entities.toLocaleString()} entities</p>
    <p><small>${relationships}</small></p>${sections.join("")}`;
  for (const button of details.querySelectorAll("[data-testid=overview-entity]")) {
    button.addEventListener("click", () => open("Entity", button.dataset.id));
  }
  const start = tops.flatMap(([, items]) => items).sort((a, b) => b.paper_count - a.paper_count)[0];
  if (start) await expand("Entity", start.id);
}
