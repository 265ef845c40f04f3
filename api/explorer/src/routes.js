// Shareable, reloadable URLs for the explorer's views: "#paper=ID", "#entity=ID" (any node kind
// in lower case works the same way); an empty hash is the overview.
const enc = encodeURIComponent;

export function hashFor(kind, id) {
  return `#${String(kind).toLowerCase()}=${enc(id)}`;
}

export function parseHash(hash) {
  const match = /^#([a-z]+)=(.+)$/.exec(hash || "");
  if (!match) return null;
  const kind = match[1].charAt(0).toUpperCase() + match[1].slice(1);
  try {
    return { kind, id: decodeURIComponent(match[2]) };
  } catch {
    return null;  // a malformed escape: show the overview
  }
}

// Calls show(kind, id) for the view in the URL now and whenever it changes (back/forward, a
// pasted link), and overview() when the URL names no view.
export function followHash(show, overview) {
  const route = () => {
    const view = parseHash(window.location.hash);
    if (view) show(view.kind, view.id);
    else overview();
  };
  window.addEventListener("hashchange", route);
  route();
}

// Records a view in the URL without re-running it.
export function remember(kind, id) {
  const hash = hashFor(kind, id);
  if (window.location.hash !== hash) history.pushState(null, "", hash);
}
